// A minimal in-process OpenID Connect provider (node:http and node:crypto only) for the OAuth2
// tests: the authorization-code flow with PKCE (S256) and an RS256-signed id_token whose key is
// published as a JSON Web Key Set.
//
//   GET  /authorize  redirects to redirect_uri with a fresh code and the given state; the "browser
//                    user" who logs in is the provider's `user` (set by the test)
//   POST /token      checks the client (HTTP Basic or client_id/client_secret in the form), the code
//                    (single use, same redirect_uri) and the PKCE code_verifier, and answers
//                    {access_token, token_type, expires_in, id_token}
//   GET  /jwks       the public key as a JWK set
//
// A test may forge the next id_token (provider.forgeNext = {claims, foreignKey}) to check that
// Basalt refuses a bad signature, issuer, audience or expiry.
import crypto from 'node:crypto';
import http from 'node:http';

const b64url = (buf) => Buffer.from(buf).toString('base64url');

/**
 * Starts the provider on a free port of 127.0.0.1 for one client (clientId/clientSecret).
 * Returns {issuer, authURL, tokenURL, jwksURL, clientId, clientSecret, user, requests, close}.
 */
export async function startOidcProvider({ clientId = 'e2e-client', clientSecret = 'e2e-secret' } = {}) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  // signs forged tokens: same kid, but a key the JWKS does not publish
  const foreign = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const kid = `e2e-${crypto.randomBytes(4).toString('hex')}`;
  const codes = new Map(); // code -> {challenge, method, redirectUri, user, nonce}
  const requests = []; // what the provider was asked, for assertions: {path, ...}

  const provider = {
    clientId,
    clientSecret,
    /** The user the next /authorize logs in ({sub, email, email_verified, name, ...claims}). */
    user: { sub: 'e2e-user', email: 'e2e-user@example.org', email_verified: true, name: 'E2E User' },
    requests,
    /** Overrides for the next id_token only: {claims: {...}, foreignKey: true}. */
    forgeNext: null,
  };

  function sign(claims, key = privateKey) {
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
    const payload = b64url(JSON.stringify(claims));
    const signature = crypto.sign('sha256', Buffer.from(`${header}.${payload}`), key);
    return `${header}.${payload}.${b64url(signature)}`;
  }

  const json = (res, status, body) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  async function token(req, res) {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const form = new URLSearchParams(raw);
    // client authentication: HTTP Basic (form-encoded parts, RFC 6749 2.3.1) or the form fields
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    if (basic) {
      const [u, p] = Buffer.from(basic[1], 'base64').toString().split(':');
      id = decodeURIComponent(u.replace(/\+/g, ' '));
      secret = decodeURIComponent((p ?? '').replace(/\+/g, ' '));
    }
    const code = form.get('code') ?? '';
    requests.push({ path: '/token', code, codeVerifier: form.get('code_verifier'), clientAuth: basic ? 'basic' : 'form' });
    if (id !== clientId || secret !== clientSecret) return json(res, 401, { error: 'invalid_client' });
    if (form.get('grant_type') !== 'authorization_code') return json(res, 400, { error: 'unsupported_grant_type' });
    const grant = codes.get(code);
    codes.delete(code); // a code is good for one exchange, successful or not
    if (!grant) return json(res, 400, { error: 'invalid_grant' });
    if (form.get('redirect_uri') !== grant.redirectUri) return json(res, 400, { error: 'invalid_grant' });
    const verifier = form.get('code_verifier') ?? '';
    const computed = grant.method === 'S256' ? b64url(crypto.createHash('sha256').update(verifier).digest()) : verifier;
    if (!grant.challenge || computed !== grant.challenge) return json(res, 400, { error: 'invalid_grant' });
    const now = Math.floor(Date.now() / 1000);
    const { sub, ...profile } = grant.user;
    const forge = provider.forgeNext ?? {};
    provider.forgeNext = null;
    const idToken = sign(
      {
        iss: provider.issuer,
        aud: clientId,
        sub,
        ...profile,
        ...(grant.nonce ? { nonce: grant.nonce } : {}),
        iat: now,
        exp: now + 300,
        ...forge.claims,
      },
      forge.foreignKey ? foreign : privateKey,
    );
    return json(res, 200, {
      access_token: `at-${crypto.randomBytes(12).toString('hex')}`,
      token_type: 'Bearer',
      expires_in: 3600,
      id_token: idToken,
    });
  }

  function authorize(url, res) {
    const q = url.searchParams;
    requests.push({ path: '/authorize', query: Object.fromEntries(q) });
    const redirectUri = q.get('redirect_uri');
    if (q.get('client_id') !== clientId || !redirectUri || q.get('response_type') !== 'code') {
      return json(res, 400, { error: 'invalid_request' });
    }
    const code = crypto.randomBytes(16).toString('hex');
    codes.set(code, {
      challenge: q.get('code_challenge'),
      method: q.get('code_challenge_method') || 'plain',
      redirectUri,
      user: { ...provider.user },
      nonce: q.get('nonce'),
    });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    if (q.has('state')) target.searchParams.set('state', q.get('state'));
    res.writeHead(302, { Location: target.toString() });
    res.end();
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, provider.issuer);
    if (req.method === 'GET' && url.pathname === '/authorize') return authorize(url, res);
    if (req.method === 'POST' && url.pathname === '/token') {
      return token(req, res).catch((e) => json(res, 500, { error: 'server_error', message: String(e) }));
    }
    if (req.method === 'GET' && url.pathname === '/jwks') {
      requests.push({ path: '/jwks' });
      return json(res, 200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }] });
    }
    return json(res, 404, { error: 'not_found' });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const base = `http://127.0.0.1:${server.address().port}`;
  Object.assign(provider, {
    issuer: base,
    authURL: `${base}/authorize`,
    tokenURL: `${base}/token`,
    jwksURL: `${base}/jwks`,
    /** The provider's entry for an auth collection's oauth2.providers (PocketBase's `oidc` slot). */
    providerConfig(name = 'oidc') {
      return {
        name,
        displayName: 'E2E SSO',
        clientId,
        clientSecret,
        authURL: provider.authURL,
        tokenURL: provider.tokenURL,
        userInfoURL: '',
        extra: { issuers: [provider.issuer], jwksURL: provider.jwksURL },
      };
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  });
  return provider;
}

/**
 * Plays the browser for an authorization URL: asks the provider (no redirects followed) and
 * returns the URL it sends the browser back to (the redirect_uri with code and state).
 */
export async function followAuthorize(authURL) {
  const res = await fetch(authURL, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`the provider answered ${res.status}: ${await res.text()}`);
  return new URL(location);
}
