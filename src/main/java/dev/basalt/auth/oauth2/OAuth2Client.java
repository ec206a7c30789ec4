package dev.basalt.auth.oauth2;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The OAuth2/OIDC client side of PocketBase's login flow: auth-methods entries, the
 * authorization-code exchange, the provider's user profile, and the avatar download.
 *
 * <pre>{@code
 * OAuth2Client oauth2 = new OAuth2Client(OAuth2Client.defaultHttpClient(), Clock.systemUTC(), false);
 * ProviderSettings google = ProviderSettings.of(collection.auth().oauth2().providers().get(0)).orElseThrow();
 * AuthRequest entry = oauth2.authRequest(google);                 // GET auth-methods
 * TokenResponse token = oauth2.exchange(google, code, redirectURL, codeVerifier); // auth-with-oauth2
 * AuthUser user = oauth2.fetchUser(google, token);
 * }</pre>
 *
 * <p>Guarantees: thread-safe (one instance serves the whole server). Every failure is an
 * {@link OAuth2Exception} whose {@link OAuth2Exception.Stage} names the step and whose message
 * never contains the client secret, the code, the verifier or a token. {@link #exchange} and
 * {@link #fetchUser} each finish within {@link #CALL_TIMEOUT} (every request, retry and body
 * included); connecting is bounded by the HTTP client ({@link #defaultHttpClient()}: 10 s).
 * Nothing is cached except, per token URL and client id, which client authentication style the
 * token endpoint accepted.
 *
 * <p>Token, profile and key-set requests go to URLs configured by a superuser and use the given
 * client as is. Avatar URLs come from the provider's users and go through a separate, locked-down
 * client ({@link #downloadAvatar}).
 */
public final class OAuth2Client {
    /** Connection timeout of {@link #defaultHttpClient()} and of avatar downloads. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** The limit for the whole of one {@link #exchange} or one {@link #fetchUser}. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    /** PocketBase's default id_token time leeway ({@code PB_ID_TOKEN_LEEWAY}). */
    public static final Duration DEFAULT_ID_TOKEN_LEEWAY = Duration.ofMinutes(5);
    /** PocketBase's default body limit, used for avatars. */
    public static final long DEFAULT_MAX_AVATAR_BYTES = 32L << 20;

    private final HttpClient http;
    private final Clock clock;
    private final Duration idTokenLeeway;
    private final AuthRequests authRequests;
    private final TokenExchange tokens;
    private final SafeDownloader downloader;

    /**
     * @param http                  used for token, profile and JWKS requests
     * @param clock                 the time for token expiry and id_token checks
     * @param allowPrivateNetworks  let avatar downloads reach loopback/private/link-local addresses;
     *                              false in production (tests and intranet providers only)
     */
    public OAuth2Client(HttpClient http, Clock clock, boolean allowPrivateNetworks) {
        this(http, clock, allowPrivateNetworks, DEFAULT_ID_TOKEN_LEEWAY);
    }

    /** As {@link #OAuth2Client(HttpClient, Clock, boolean)} with another id_token leeway. */
    public OAuth2Client(HttpClient http, Clock clock, boolean allowPrivateNetworks, Duration idTokenLeeway) {
        this(http, clock, new SecureRandom(), idTokenLeeway,
                new SafeDownloader(allowPrivateNetworks ? address -> true : NetworkAddresses::isPublic));
    }

    /** Full control over randomness and the download policy (tests). */
    OAuth2Client(HttpClient http, Clock clock, RandomGenerator random, Duration idTokenLeeway, SafeDownloader downloader) {
        this.http = http;
        this.clock = clock;
        this.idTokenLeeway = idTokenLeeway;
        this.authRequests = new AuthRequests(random);
        this.tokens = new TokenExchange(http, clock, CALL_TIMEOUT);
        this.downloader = downloader;
    }

    /** A client with the 10 s connect timeout that follows redirects except HTTPS to HTTP. */
    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * A fresh auth-methods entry: new random state (and PKCE pair when the provider uses PKCE) and
     * the authorization URL (see {@link AuthRequest} for the exact shape). No I/O.
     */
    public AuthRequest authRequest(ProviderSettings provider) {
        return authRequests.create(provider);
    }

    /**
     * Exchanges an authorization code: POST {@code grant_type=authorization_code}, {@code code},
     * {@code redirect_uri} (when non-empty) and {@code code_verifier} (when the provider uses PKCE
     * and it is non-empty), authenticating with HTTP Basic and falling back to body credentials.
     *
     * @throws OAuth2Exception at {@link OAuth2Exception.Stage#TOKEN} on any failure, a non-2xx
     *                         status or a response without {@code access_token}
     */
    public TokenResponse exchange(ProviderSettings provider, String code, String redirectURL, String codeVerifier) {
        return tokens.exchange(provider, code, redirectURL, codeVerifier);
    }

    /**
     * Reads the user the token belongs to, with the provider's rules for which e-mail is verified
     * (see the per-provider classes, and pb-auth.md §6).
     *
     * @throws OAuth2Exception at {@link OAuth2Exception.Stage#USER} on a failed request, a status of
     *                         400 or more, an invalid id_token, or a profile without a user id
     */
    public AuthUser fetchUser(ProviderSettings provider, TokenResponse token) {
        ProfileClient client = new ProfileClient(http, clock, idTokenLeeway, Deadline.after(CALL_TIMEOUT));
        AuthUser user = switch (provider.definition().kind()) {
            case GOOGLE -> GoogleUser.fetch(client, provider, token);
            case GITHUB -> GithubUser.fetch(client, provider, token);
            case MICROSOFT -> MicrosoftUser.fetch(client, provider, token);
            case APPLE -> AppleUser.fetch(client, provider, token);
            case GITLAB -> GitlabUser.fetch(client, provider, token);
            case DISCORD -> DiscordUser.fetch(client, provider, token);
            case OIDC -> OidcUser.fetch(client, provider, token);
        };
        if (user.id().isEmpty()) {
            // stricter than PocketBase, which would link every id-less profile to one providerId ""
            throw new OAuth2Exception(OAuth2Exception.Stage.USER, "the OAuth2 profile has no user id");
        }
        return user;
    }

    /** {@link #downloadAvatar(String, long)} with {@link #DEFAULT_MAX_AVATAR_BYTES}. */
    public Download downloadAvatar(String url) {
        return downloadAvatar(url, DEFAULT_MAX_AVATAR_BYTES);
    }

    /**
     * Downloads an avatar without letting the URL reach the server's network: http(s) only; every
     * address of every hop (at most 3 redirects, each re-checked) must be public unless private
     * networks are allowed; 10 s for everything; a final status of 200–399; a non-empty body of at
     * most {@code maxBytes}. See {@link Download} for the result.
     *
     * @throws OAuth2Exception at {@link OAuth2Exception.Stage#AVATAR} when any rule fails
     */
    public Download downloadAvatar(String url, long maxBytes) {
        return downloader.download(url, maxBytes);
    }

    /** The token exchange, for tests that inspect the remembered client authentication style. */
    TokenExchange tokenExchange() {
        return tokens;
    }
}
