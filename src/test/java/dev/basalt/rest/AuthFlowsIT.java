package dev.basalt.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.testkit.MailServer;
import dev.basalt.testkit.Response;
import dev.basalt.testkit.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The emailed flows (verification, password reset, email change, OTP, new-device alerts) against
 * a real SMTP server, MFA and impersonation — each completed with what arrived by mail.
 */
class AuthFlowsIT {
    static final String CLIENTS = "/api/collections/clients";
    static final String USERS = "/api/collections/users";

    TestServer server;
    MailServer mail;
    String su;

    @BeforeEach
    void start() {
        server = TestServer.fixture();
        mail = new MailServer();
        mail.configure(server);
        su = server.superuserToken();
    }

    @AfterEach
    void stop() {
        server.close();
        mail.close();
    }

    Response post(String path, String token, String json) {
        return server.send("POST", path, token, json, Map.of());
    }

    Response post(String path, String json) {
        return post(path, null, json);
    }

    /** A new account in {@code clients} (no MFA there; its authRule requires verified = true). */
    JsonNode newClient(String email, boolean verified) {
        Response r = post(CLIENTS + "/records", su, "{\"email\":\"" + email + "\",\"password\":\"first-password\","
                + "\"passwordConfirm\":\"first-password\",\"verified\":" + verified + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    Response login(String collection, String email, String password) {
        return post("/api/collections/" + collection + "/auth-with-password", "{\"identity\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    @Test
    void verificationByMail() {
        JsonNode client = newClient("verify.me@example.com", false);
        Response requested = post(CLIENTS + "/request-verification", "{\"email\":\"verify.me@example.com\"}");
        assertThat(requested.status()).isEqualTo(204);
        MailServer.Received m = mail.next();
        assertThat(m.to()).containsExactly("verify.me@example.com");
        assertThat(m.from()).isEqualTo("Robot <robot@app.test>");
        assertThat(m.subject()).isEqualTo("Verify your Basalt Test email");
        assertThat(m.html()).contains("http://app.test/_/#/auth/confirm-verification/");
        assertThat(m.text()).contains("Verify (http://app.test/_/#/auth/confirm-verification/");
        String token = m.token("confirm-verification");

        assertThat(post(CLIENTS + "/request-verification", "{\"email\":\"verify.me@example.com\"}").status()).isEqualTo(204);
        assertThat(mail.drain(300)).as("a second request within 2 minutes sends nothing").isEmpty();

        assertThat(post("/api/collections/users/confirm-verification", "{\"token\":\"" + token + "\"}").body())
                .contains("validation_token_collection_mismatch");
        assertThat(post(CLIENTS + "/confirm-verification", "{\"token\":\"" + token + "\"}").status()).isEqualTo(204);
        assertThat(server.get(CLIENTS + "/records/" + client.get("id").asString(), su).json().get("verified").asBoolean()).isTrue();
        assertThat(post(CLIENTS + "/confirm-verification", "{\"token\":\"" + token + "\"}").status())
                .as("confirming again is a no-op").isEqualTo(204);
        assertThat(post(CLIENTS + "/confirm-verification", "{\"token\":\"nonsense\"}").body())
                .contains("\"token\":{\"code\":\"validation_invalid_token_claims\"");
        assertThat(post("/api/collections/_superusers/request-verification", "{\"email\":\"test@example.com\"}").body())
                .contains("All superusers are verified by default.");
    }

    @Test
    void passwordResetByMailRevokesOldTokens() {
        newClient("forgot@example.com", true);
        String oldToken = login("clients", "forgot@example.com", "first-password").json().get("token").asString();
        assertThat(post(CLIENTS + "/request-password-reset", "{\"email\":\"forgot@example.com\"}").status()).isEqualTo(204);
        MailServer.Received m = mail.next();
        assertThat(m.subject()).isEqualTo("Reset your Basalt Test password");
        String token = m.token("confirm-password-reset");

        Response mismatch = post(CLIENTS + "/confirm-password-reset",
                "{\"token\":\"" + token + "\",\"password\":\"new-password-1\",\"passwordConfirm\":\"other\"}");
        assertThat(mismatch.body()).contains("\"passwordConfirm\":{\"code\":\"validation_values_mismatch\"");
        Response tooShort = post(CLIENTS + "/confirm-password-reset", "{\"token\":\"" + token + "\",\"password\":\"short\",\"passwordConfirm\":\"short\"}");
        assertThat(tooShort.body()).contains("\"password\":{\"code\":\"validation_length_out_of_range\"");

        Response reset = post(CLIENTS + "/confirm-password-reset",
                "{\"token\":\"" + token + "\",\"password\":\"new-password-1\",\"passwordConfirm\":\"new-password-1\"}");
        assertThat(reset.status()).as(reset.body()).isEqualTo(204);
        assertThat(login("clients", "forgot@example.com", "first-password").status()).isEqualTo(400);
        assertThat(login("clients", "forgot@example.com", "new-password-1").status()).isEqualTo(200);
        assertThat(post(CLIENTS + "/auth-refresh", oldToken, "").status()).as("the reset revoked old sessions").isEqualTo(401);
        Response reused = post(CLIENTS + "/confirm-password-reset",
                "{\"token\":\"" + token + "\",\"password\":\"new-password-2\",\"passwordConfirm\":\"new-password-2\"}");
        assertThat(reused.body()).as("the token died with the old token key").contains("\"token\":{\"code\":\"validation_invalid_token\"");
    }

    @Test
    void emailChangeByMail() {
        newClient("old.address@example.com", true);
        String token = login("clients", "old.address@example.com", "first-password").json().get("token").asString();
        assertThat(post(CLIENTS + "/request-email-change", "{\"newEmail\":\"new.address@example.com\"}").status()).isEqualTo(401);
        assertThat(post(CLIENTS + "/request-email-change", token, "{\"newEmail\":\"test@example.com\"}").body())
                .contains("\"newEmail\":{\"code\":\"validation_invalid_new_email\"");
        assertThat(post(CLIENTS + "/request-email-change", token, "{\"newEmail\":\"new.address@example.com\"}").status()).isEqualTo(204);
        MailServer.Received m = mail.next();
        assertThat(m.to()).containsExactly("new.address@example.com");
        String change = m.token("confirm-email-change");
        assertThat(post(CLIENTS + "/confirm-email-change", "{\"token\":\"" + change + "\",\"password\":\"wrong\"}").body())
                .contains("\"password\":{\"code\":\"validation_invalid_password\"");
        assertThat(post(CLIENTS + "/confirm-email-change", "{\"token\":\"" + change + "\",\"password\":\"first-password\"}").status())
                .isEqualTo(204);
        Response relogin = login("clients", "new.address@example.com", "first-password");
        assertThat(relogin.status()).isEqualTo(200);
        assertThat(relogin.json().get("record").get("verified").asBoolean()).isTrue();
        assertThat(post(CLIENTS + "/auth-refresh", token, "").status()).isEqualTo(401);
    }

    /** Every endpoint that takes an address answers an unknown one exactly like an existing one. */
    @Test
    void noAccountEnumeration() {
        enableOtp("clients");
        newClient("known@example.com", false);
        String[][] requests = {
            {"/request-verification", "{\"email\":\"%s\"}"},
            {"/request-password-reset", "{\"email\":\"%s\"}"},
            {"/request-otp", "{\"email\":\"%s\"}"},
            {"/auth-with-password", "{\"identity\":\"%s\",\"password\":\"wrong-password\"}"},
        };
        for (String[] r : requests) {
            Response known = post(CLIENTS + r[0], r[1].formatted("known@example.com"));
            Response unknown = post(CLIENTS + r[0], r[1].formatted("unknown@example.com"));
            assertThat(unknown.status()).as(r[0]).isEqualTo(known.status()).isIn(200, 204, 400);
            // request-otp answers a random otpId either way: compare the shape
            assertThat(unknown.body().replaceAll("\"otpId\":\"[a-z0-9]{15}\"", "ID"))
                    .as(r[0]).isEqualTo(known.body().replaceAll("\"otpId\":\"[a-z0-9]{15}\"", "ID"));
            assertThat(unknown.header("Content-Type")).as(r[0]).isEqualTo(known.header("Content-Type"));
        }
        // only the existing account got mail (verification, reset, OTP)
        assertThat(mail.drain(1_000)).hasSize(3).allSatisfy(m -> assertThat(m.to()).containsExactly("known@example.com"));
    }

    @Test
    void testEmailsOfEveryTemplate() {
        Map<String, String> subjects = Map.of("verification", "Verify your", "password-reset", "Reset your",
                "email-change", "Confirm your", "otp", "OTP for", "login-alert", "Login from a new location");
        for (Map.Entry<String, String> t : subjects.entrySet()) {
            Response r = post("/api/settings/test/email", su,
                    "{\"email\":\"tester@example.com\",\"template\":\"" + t.getKey() + "\",\"collection\":\"clients\"}");
            assertThat(r.status()).as(t.getKey() + ": " + r.body()).isEqualTo(204);
            MailServer.Received m = mail.next();
            assertThat(m.to()).containsExactly("tester@example.com");
            assertThat(m.subject()).as(t.getKey()).contains(t.getValue());
        }
        Response bad = post("/api/settings/test/email", su, "{\"email\":\"nope\",\"template\":\"welcome\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/data/email/code").asString()).isEqualTo("validation_is_email");
        assertThat(bad.json().at("/data/template/code").asString()).isEqualTo("validation_in_invalid");
        assertThat(post("/api/settings/test/email", "{\"email\":\"a@example.com\",\"template\":\"otp\"}").status())
                .as("superusers only").isIn(401, 403);
        assertThat(mail.drain(300)).isEmpty();
    }

    @Test
    void expiredOtpsAreCleanedUpAndRefused() throws Exception {
        enableOtp("clients");
        newClient("old.otp@example.com", true);
        String old = post(CLIENTS + "/request-otp", "{\"email\":\"old.otp@example.com\"}").json().get("otpId").asString();
        String code = mail.next().otp();
        newClient("new.otp@example.com", true);
        String fresh = post(CLIENTS + "/request-otp", "{\"email\":\"new.otp@example.com\"}").json().get("otpId").asString();
        mail.next();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + server.dir().resolve("data.db"));
                java.sql.PreparedStatement st = c.prepareStatement("UPDATE _otps SET created = '2020-01-01 00:00:00.000Z' WHERE id = ?")) {
            st.setString(1, old);
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
        assertThat(post(CLIENTS + "/auth-with-otp", "{\"otpId\":\"" + old + "\",\"password\":\"" + code + "\"}").status())
                .as("expired before the cleanup ran").isEqualTo(400);
        assertThat(server.basalt().auth().deleteExpired()).isEqualTo(1);
        assertThat(server.get("/api/collections/_otps/records/" + old, su).status()).isEqualTo(404);
        assertThat(server.get("/api/collections/_otps/records/" + fresh, su).status()).isEqualTo(200);
    }

    void enableOtp(String collection) {
        Response r = server.send("PATCH", "/api/collections/" + collection, su, "{\"otp\":{\"enabled\":true,\"duration\":180,\"length\":6}}", Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    @Test
    void otpLoginIsSingleUseAndLimited() {
        enableOtp("clients");
        newClient("otp.user@example.com", false);
        Response requested = post(CLIENTS + "/request-otp", "{\"email\":\"otp.user@example.com\"}");
        assertThat(requested.status()).isEqualTo(200);
        String otpId = requested.json().get("otpId").asString();
        MailServer.Received m = mail.next();
        assertThat(m.subject()).isEqualTo("OTP for Basalt Test");
        String code = m.otp();
        assertThat(code).matches("\\d{6}");

        String wrong = code.equals("000000") ? "111111" : "000000";
        assertThat(post(CLIENTS + "/auth-with-otp", "{\"otpId\":\"" + otpId + "\",\"password\":\"" + wrong + "\"}").body())
                .isEqualTo("{\"data\":{},\"message\":\"Invalid or expired OTP.\",\"status\":400}");
        Response ok = post(CLIENTS + "/auth-with-otp", "{\"otpId\":\"" + otpId + "\",\"password\":\"" + code + "\"}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("record").get("verified").asBoolean()).as("the code reached the mailbox").isTrue();
        assertThat(post(CLIENTS + "/auth-with-otp", "{\"otpId\":\"" + otpId + "\",\"password\":\"" + code + "\"}").status())
                .as("single use").isEqualTo(400);

        String second = post(CLIENTS + "/request-otp", "{\"email\":\"otp.user@example.com\"}").json().get("otpId").asString();
        mail.next();
        int tooMany = 0;
        for (int i = 0; i < 7; i++) {
            tooMany += post(CLIENTS + "/auth-with-otp", "{\"otpId\":\"" + second + "\",\"password\":\"" + wrong + "\"}").status() == 429 ? 1 : 0;
        }
        // 5 attempts per client IP and record in 3 minutes, successful ones included: 2 were used above
        assertThat(tooMany).isEqualTo(4);

        Response unknown = post(CLIENTS + "/request-otp", "{\"email\":\"nobody@example.com\"}");
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.json().get("otpId").asString()).matches("[a-z0-9]{15}");
        assertThat(post(CLIENTS + "/auth-with-otp", "{\"otpId\":\"" + unknown.json().get("otpId").asString() + "\",\"password\":\"123456\"}")
                .status()).isEqualTo(400);
        assertThat(mail.drain(300)).isEmpty();
        assertThat(post("/api/collections/nologin/request-otp", "{\"email\":\"test@example.com\"}").body())
                .contains("\"status\":403", "The collection is not configured to allow OTP authentication.");
    }

    @Test
    void fiftyConcurrentSubmissionsOfOneOtpSucceedExactlyOnce() throws Exception {
        enableOtp("clients");
        newClient("race@example.com", true);
        String otpId = post(CLIENTS + "/request-otp", "{\"email\":\"race@example.com\"}").json().get("otpId").asString();
        String code = mail.next().otp();
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String ip = "10.0.0." + (i + 1); // distinct clients, so the per-IP attempt limit does not decide
            calls.add(() -> server.send("POST", CLIENTS + "/auth-with-otp", null,
                    "{\"otpId\":\"" + otpId + "\",\"password\":\"" + code + "\"}", Map.of("X-Forwarded-For", ip)).status());
        }
        server.send("PATCH", "/api/settings", su, "{\"trustedProxy\":{\"headers\":[\"X-Forwarded-For\"]}}", Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
            assertThat(statuses).filteredOn(s -> s != 200).allMatch(s -> s == 400);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void mfaNeedsASecondDifferentFactor() {
        Response first = login("users", "test@example.com", "1234567890");
        assertThat(first.status()).isEqualTo(401);
        String mfaId = first.json().get("mfaId").asString();
        Response samePassword = post(USERS + "/auth-with-password?mfaId=" + mfaId, "{\"identity\":\"test@example.com\",\"password\":\"1234567890\"}");
        assertThat(samePassword.body()).contains("A different authentication method is required.");

        String otpId = post(USERS + "/request-otp", "{\"email\":\"test@example.com\"}").json().get("otpId").asString();
        String code = mail.next().otp();
        Response other = post(USERS + "/auth-with-otp?mfaId=" + mfaId, "{\"otpId\":\"" + otpId + "\",\"password\":\"" + code + "\"}");
        assertThat(other.status()).as(other.body()).isEqualTo(200);
        assertThat(other.json().get("token").asString()).isNotEmpty();
        assertThat(other.json().get("record").get("email").asString()).isEqualTo("test@example.com");
        assertThat(post(USERS + "/auth-with-password?mfaId=" + mfaId, "{\"identity\":\"test@example.com\",\"password\":\"1234567890\"}").body())
                .as("the session was used up").contains("Invalid or expired MFA session.");

        Response foreign = login("users", "test2@example.com", "1234567890");
        String otherMfa = foreign.json().get("mfaId").asString();
        String otp2 = post(USERS + "/request-otp", "{\"email\":\"test@example.com\"}").json().get("otpId").asString();
        String code2 = mail.next().otp();
        assertThat(post(USERS + "/auth-with-otp", "{\"otpId\":\"" + otp2 + "\",\"password\":\"" + code2 + "\",\"mfaId\":\"" + otherMfa + "\"}")
                .body()).as("another record's session").contains("Invalid MFA session.");
    }

    @Test
    void loginFromANewDeviceIsAlertedExceptTheFirstTime() {
        newClient("alerts@example.com", true);
        assertThat(server.send("POST", CLIENTS + "/auth-with-password", null, "{\"identity\":\"alerts@example.com\",\"password\":\"first-password\"}",
                Map.of("User-Agent", "Phone/1.0")).status()).isEqualTo(200);
        assertThat(mail.drain(200)).as("first login: nothing to compare with").isEmpty();
        server.send("POST", CLIENTS + "/auth-with-password", null, "{\"identity\":\"alerts@example.com\",\"password\":\"first-password\"}",
                Map.of("User-Agent", "Phone/1.0"));
        assertThat(mail.drain(200)).as("known device").isEmpty();
        server.send("POST", CLIENTS + "/auth-with-password", null, "{\"identity\":\"alerts@example.com\",\"password\":\"first-password\"}",
                Map.of("User-Agent", "Laptop/<b>2.0</b>"));
        MailServer.Received alert = mail.next();
        assertThat(alert.subject()).isEqualTo("Login from a new location");
        assertThat(alert.html()).contains("Laptop/&lt;b&gt;2.0&lt;/b&gt;").doesNotContain("<b>2.0</b>");
    }

    @Test
    void impersonationGivesAStaticToken() {
        Response r = post(USERS + "/impersonate/4q1xlclmfloku33", su, "{\"duration\":100}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String token = r.json().get("token").asString();
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(payload).contains("\"refreshable\":false");
        Response refreshed = post(USERS + "/auth-refresh", token, "");
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.json().get("token").asString()).as("not refreshable: the same token").isEqualTo(token);
        assertThat(post(USERS + "/impersonate/4q1xlclmfloku33", server.token("users", "test@example.com"), "{}").status()).isEqualTo(403);
        assertThat(post(USERS + "/impersonate/4q1xlclmfloku33", null, "{}").status()).isEqualTo(401);
        assertThat(post(USERS + "/impersonate/missingmissing1", su, "{}").status()).isEqualTo(404);
        assertThat(post(USERS + "/impersonate/4q1xlclmfloku33", su, "{\"duration\":-1}").status()).isEqualTo(400);
    }

    /** Existing and unknown accounts get the same status and body from every request-* endpoint and from failed logins. */
    @Test
    void responsesDoNotRevealWhetherAnAccountExists() {
        enableOtp("clients");
        newClient("exists@example.com", true);
        for (String[] call : new String[][] {
                {"/request-verification", "{\"email\":\"%s\"}"},
                {"/request-password-reset", "{\"email\":\"%s\"}"},
                {"/auth-with-password", "{\"identity\":\"%s\",\"password\":\"wrong-password\"}"}}) {
            Response known = post(CLIENTS + call[0], call[1].formatted("exists@example.com"));
            Response unknown = post(CLIENTS + call[0], call[1].formatted("missing@example.com"));
            assertThat(unknown.status()).as(call[0]).isEqualTo(known.status());
            assertThat(unknown.body()).as(call[0]).isEqualTo(known.body());
        }
        Response knownOtp = post(CLIENTS + "/request-otp", "{\"email\":\"exists@example.com\"}");
        Response unknownOtp = post(CLIENTS + "/request-otp", "{\"email\":\"missing@example.com\"}");
        assertThat(unknownOtp.status()).isEqualTo(knownOtp.status());
        assertThat(unknownOtp.body().replaceAll("[a-z0-9]{15}", "ID")).isEqualTo(knownOtp.body().replaceAll("[a-z0-9]{15}", "ID"));
    }

    @Test
    void repeatedLoginFailuresForOneIdentityAreThrottled() {
        newClient("target@example.com", true);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            statuses.add(login("clients", "target@example.com", "guess-" + i).status());
        }
        assertThat(statuses.subList(0, 10)).containsOnly(400);
        assertThat(statuses.subList(10, 12)).containsOnly(429);
        assertThat(login("clients", "target@example.com", "first-password").status())
                .as("even the right password waits out the window").isEqualTo(429);
        assertThat(login("clients", "test@example.com", "1234567890").status()).as("other accounts are not affected").isEqualTo(200);
    }
}
