package dev.basalt.auth.oauth2;

/**
 * Small inline SVG badges for the provider list, drawn for Basalt (simple shapes and letters in a
 * brand-like colour; not the vendors' artwork).
 */
final class Logos {
    static final String APPLE = badge("#000000", "A");
    static final String GOOGLE = badge("#4285f4", "G");
    static final String MICROSOFT = badge("#737373", "M");
    static final String GITHUB = badge("#24292f", "GH");
    static final String GITLAB = badge("#fc6d26", "GL");
    static final String DISCORD = badge("#5865f2", "D");
    static final String OIDC = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\" width=\"32\" height=\"32\">"
            + "<circle cx=\"16\" cy=\"16\" r=\"11\" fill=\"none\" stroke=\"#999\" stroke-width=\"4\"/>"
            + "<rect x=\"14\" y=\"3\" width=\"4\" height=\"26\" rx=\"1\" fill=\"#f60\"/></svg>";

    private Logos() {}

    private static String badge(String color, String letters) {
        String size = letters.length() > 1 ? "13" : "18";
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\" width=\"32\" height=\"32\">"
                + "<rect width=\"32\" height=\"32\" rx=\"7\" fill=\"" + color + "\"/>"
                + "<text x=\"16\" y=\"16\" dy=\".35em\" text-anchor=\"middle\" font-family=\"Arial,Helvetica,sans-serif\""
                + " font-weight=\"700\" font-size=\"" + size + "\" fill=\"#fff\">" + letters + "</text></svg>";
    }
}
