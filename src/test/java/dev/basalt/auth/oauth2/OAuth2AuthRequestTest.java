package dev.basalt.auth.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basalt.collections.AuthOptions;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class OAuth2AuthRequestTest {
    /** Draws 0, 1, 2, … so state and verifier walk the alphabet: predictable, exact URLs. */
    static RandomGenerator counting() {
        return new RandomGenerator() {
            int next;

            @Override
            public long nextLong() {
                return next++;
            }

            @Override
            public int nextInt(int bound) {
                return next++ % bound;
            }
        };
    }

    static OAuth2Client client(RandomGenerator random) {
        return new OAuth2Client(HttpClient.newHttpClient(), Clock.systemUTC(), random,
                OAuth2Client.DEFAULT_ID_TOKEN_LEEWAY, new SafeDownloader(a -> false));
    }

    static final String STATE = "abcdefghijklmnopqrstuvwxyzABCD";
    static final String VERIFIER = "EFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijk";
    static final String CHALLENGE = "Z3ci-qxSaYzDeRw6KHOyYRuZ29guHkh2DU2ppsR_9TU";

    @Test
    void googleURLIsGolangAuthCodeURLPlusTrailingRedirectUri() {
        ProviderSettings google = TestSettings.settings("google", "my-client.apps.googleusercontent.com", "", "", null);
        AuthRequest request = client(counting()).authRequest(google);

        assertThat(request.state()).isEqualTo(STATE);
        assertThat(request.codeVerifier()).isEqualTo(VERIFIER);
        assertThat(request.codeChallenge()).isEqualTo(CHALLENGE);
        assertThat(request.codeChallengeMethod()).isEqualTo("S256");
        assertThat(request.authURL()).isEqualTo("https://accounts.google.com/o/oauth2/v2/auth"
                + "?client_id=my-client.apps.googleusercontent.com"
                + "&code_challenge=" + CHALLENGE
                + "&code_challenge_method=S256"
                + "&response_type=code"
                + "&scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fuserinfo.profile+https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fuserinfo.email"
                + "&state=" + STATE
                + "&redirect_uri=");
        assertThat(request.name()).isEqualTo("google");
        assertThat(request.displayName()).isEqualTo("Google");
        assertThat(request.logo()).startsWith("<svg").endsWith("</svg>");
    }

    @Test
    void appleAddsResponseModeFormPostInSortedPosition() {
        ProviderSettings apple = TestSettings.settings("apple", "com.example.web", "", "", null);
        assertThat(client(counting()).authRequest(apple).authURL()).isEqualTo("https://appleid.apple.com/auth/authorize"
                + "?client_id=com.example.web&code_challenge=" + CHALLENGE + "&code_challenge_method=S256"
                + "&response_mode=form_post&response_type=code&scope=name+email&state=" + STATE + "&redirect_uri=");
    }

    @Test
    void withoutPkceThereIsNoChallengeAndTheFieldsAreEmpty() {
        ProviderSettings github = ProviderSettings.of(new AuthOptions.OAuth2Provider(false, "github", "abc", "s", "", "", "",
                "", null)).orElseThrow();
        AuthRequest request = client(counting()).authRequest(github);
        assertThat(request.authURL()).isEqualTo("https://github.com/login/oauth/authorize?client_id=abc&response_type=code"
                + "&scope=read%3Auser+user%3Aemail&state=" + STATE + "&redirect_uri=");
        assertThat(request.codeVerifier()).isEmpty();
        assertThat(request.codeChallenge()).isEmpty();
        assertThat(request.codeChallengeMethod()).isEmpty();
    }

    @Test
    void aBaseURLWithAQueryIsContinuedWithAmpersand() {
        ProviderSettings oidc = ProviderSettings.of(new AuthOptions.OAuth2Provider(false, "oidc2", "c i~d*", "s",
                "https://idp.example.com/authorize?tenant=x", "", "", "My IdP", null)).orElseThrow();
        AuthRequest request = client(counting()).authRequest(oidc);
        // Go's QueryEscape: space as '+', '~' kept, '*' escaped (java.net.URLEncoder does the opposite two)
        assertThat(request.authURL()).isEqualTo("https://idp.example.com/authorize?tenant=x&client_id=c+i~d%2A"
                + "&response_type=code&scope=openid+email+profile&state=" + STATE + "&redirect_uri=");
        assertThat(request.name()).isEqualTo("oidc2");
        assertThat(request.displayName()).isEqualTo("My IdP");
    }

    @Test
    void microsoftAsksForOpenidWhenAnIdTokenEmailClaimIsConfigured() {
        ProviderSettings plain = TestSettings.settings("microsoft", "m", "", "", null);
        ProviderSettings withClaim = TestSettings.settings("microsoft", "m", "", "",
                Map.of("idTokenEmailClaim", "verified_primary_email"));
        assertThat(client(counting()).authRequest(plain).authURL()).contains("&scope=User.Read&");
        assertThat(client(counting()).authRequest(withClaim).authURL()).contains("&scope=User.Read+openid&");
    }

    @Test
    void s256MatchesTheRfc7636Example() {
        assertThat(AuthRequests.codeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void productionRandomnessHasTheRightShapeAndDiffers() {
        OAuth2Client oauth2 = new OAuth2Client(HttpClient.newHttpClient(), Clock.systemUTC(), false);
        ProviderSettings google = TestSettings.settings("google", "g", "", "", null);
        AuthRequest a = oauth2.authRequest(google);
        AuthRequest b = oauth2.authRequest(google);
        assertThat(a.state()).matches("[A-Za-z0-9]{30}");
        assertThat(a.codeVerifier()).matches("[A-Za-z0-9]{43}");
        assertThat(a.codeChallenge()).matches("[A-Za-z0-9_-]{43}").isEqualTo(AuthRequests.codeChallenge(a.codeVerifier()));
        assertThat(a.state()).isNotEqualTo(b.state());
        assertThat(a.codeVerifier()).isNotEqualTo(b.codeVerifier());
        assertThat(a.authURL()).contains("&state=" + a.state() + "&redirect_uri=").endsWith("&redirect_uri=");
    }

    @Test
    void goQueryEscapesLikeGo() {
        assertThat(GoQuery.escape("a b+c/d?e=f&g~h*i'j(k)l!m")).isEqualTo("a+b%2Bc%2Fd%3Fe%3Df%26g~h%2Ai%27j%28k%29l%21m");
        assertThat(GoQuery.escape("é")).isEqualTo("%C3%A9");
        assertThat(GoQuery.encode(Map.of("z", "1", "a", "2", "m", ""))).isEqualTo("a=2&m=&z=1");
    }
}
