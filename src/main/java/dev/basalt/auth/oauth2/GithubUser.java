package dev.basalt.auth.oauth2;

import tools.jackson.databind.JsonNode;

/**
 * GitHub: {@code GET /user} gives id (numeric, as a string), name, username = {@code login} and
 * avatar = {@code avatar_url}. The e-mail always comes from a second call,
 * {@code <userInfoURL>/emails}: the first entry that is both {@code verified} and {@code primary}
 * (the profile's own {@code email} may be unverified on enterprise setups). A 401, 403 or 404 on
 * that call (missing {@code user:email} scope) means no e-mail; any other failure fails the login.
 */
final class GithubUser {
    private GithubUser() {}

    static AuthUser fetch(ProfileClient client, ProviderSettings p, TokenResponse token) {
        JsonNode profile = client.profile(p.userInfoURL(), token);
        String id = ProfileClient.numericId(profile);
        return ProfileClient.user(ProfileClient.plain(profile), id, ProfileClient.text(profile, "name"),
                ProfileClient.text(profile, "login"), verifiedPrimaryEmail(client, p.userInfoURL() + "/emails", token),
                ProfileClient.text(profile, "avatar_url"), token);
    }

    private static String verifiedPrimaryEmail(ProfileClient client, String url, TokenResponse token) {
        HttpCalls.Reply reply = client.get(url, token);
        int status = reply.status();
        if (status == 401 || status == 403 || status == 404) {
            return "";
        }
        if (status >= 400) {
            throw ProfileClient.fail("failed to fetch the OAuth2 user emails via " + url + " (" + status + ")");
        }
        JsonNode emails = ProfileClient.json(reply, url);
        if (!emails.isArray()) {
            throw ProfileClient.fail("the emails from " + url + " are not a JSON array");
        }
        for (JsonNode entry : emails) {
            if (ProfileClient.isTrue(entry, "verified") && ProfileClient.isTrue(entry, "primary")) {
                return ProfileClient.text(entry, "email");
            }
        }
        return "";
    }
}
