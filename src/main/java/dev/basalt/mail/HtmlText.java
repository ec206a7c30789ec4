package dev.basalt.mail;

import java.util.regex.Pattern;

/** A readable plain-text version of an HTML mail (links kept as "text (url)"), for the text/plain part. */
final class HtmlText {
    private static final Pattern HEAD = Pattern.compile("(?is)<head.*?</head>|<style.*?</style>|<script.*?</script>");
    private static final Pattern LINK = Pattern.compile("(?is)<a\\s[^>]*href=\"([^\"]*)\"[^>]*>(.*?)</a>");
    private static final Pattern BREAK = Pattern.compile("(?i)<br\\s*/?>|</p>|</div>|</h\\d>|</li>");
    private static final Pattern TAG = Pattern.compile("<[^>]+>");

    private HtmlText() {}

    static String toPlain(String html) {
        String s = HEAD.matcher(html).replaceAll("");
        s = LINK.matcher(s).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(2).strip() + " (" + m.group(1) + ")"));
        s = BREAK.matcher(s).replaceAll("\n");
        s = TAG.matcher(s).replaceAll("");
        s = s.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
        StringBuilder out = new StringBuilder();
        for (String line : s.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() || (out.length() > 0 && out.charAt(out.length() - 1) != '\n')) {
                out.append(t).append('\n');
            }
        }
        return out.toString().strip() + "\n";
    }
}
