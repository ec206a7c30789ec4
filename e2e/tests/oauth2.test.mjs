// OAuth2 / OpenID Connect with the SDK against an in-process OIDC provider (lib/oidc.mjs):
// authWithOAuth2Code (the code flow the application drives itself), the all-in-one
// authWithOAuth2({provider, urlCallback}) over realtime and /api/oauth2-redirect, which account a
// login uses (new, linked, matched by verified email, the caller's own), PKCE failures, and the
// deprecated listExternalAuths / unlinkExternalAuth helpers.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { EventSource } from 'eventsource';
import { ClientResponseError } from '../lib/sdk.mjs';
import { rejectsWith, uniqueName, useServer } from '../lib/harness.mjs';
import { followAuthorize, startOidcProvider } from '../lib/oidc.mjs';

// authWithOAuth2's realtime form needs an EventSource; Node has none built in
globalThis.EventSource = EventSource;

const server = useServer('fixture');

/** The redirect URL of an application that drives the code flow itself (never fetched here). */
const APP_REDIRECT = 'http://localhost:5173/oauth2-callback';

// One outer suite: its hooks run after useServer's (root-level hooks of a file run concurrently
// with each other in Node 20, so the server URL might not be known yet at the root).
describe('OAuth2 with an OpenID Connect provider', () => {
  let idp;
  let su;
  const name = uniqueName('e2e_oauth');

  before(async () => {
    idp = await startOidcProvider();
    su = await server.asSuperuser();
    await su.collections.create({
      name,
      type: 'auth',
      listRule: 'id = @request.auth.id',
      viewRule: 'id = @request.auth.id',
      createRule: '',
      passwordAuth: { enabled: true, identityFields: ['email'] },
      authAlert: { enabled: false },
      oauth2: { enabled: true, mappedFields: { name: 'name' }, providers: [idp.providerConfig('oidc')] },
      fields: [
        { name: 'name', type: 'text' },
        { name: 'nick', type: 'text' },
      ],
    });
  });
  after(async () => {
    await su?.collections.delete(name);
    await idp?.close();
  });

  /** A fresh identity at the provider; the next /authorize logs it in. */
  function providerUser(extra = {}) {
    const sub = uniqueName('sub');
    idp.user = { sub, email: `${sub}@example.org`, email_verified: true, name: `User ${sub}`, ...extra };
    return idp.user;
  }

  /**
   * The code flow as an application runs it: listAuthMethods, send the "browser" to the provider,
   * check the state it comes back with, then authWithOAuth2Code on client `pb`.
   */
  async function codeFlow(pb, { createData, codeVerifier } = {}) {
    const methods = await pb.collection(name).listAuthMethods();
    const provider = methods.oauth2.providers.find((p) => p.name === 'oidc');
    const back = await followAuthorize(provider.authURL + encodeURIComponent(APP_REDIRECT));
    assert.equal(`${back.origin}${back.pathname}`, APP_REDIRECT);
    assert.equal(back.searchParams.get('state'), provider.state, 'the provider returns our state');
    return pb
      .collection(name)
      .authWithOAuth2Code('oidc', back.searchParams.get('code'), codeVerifier ?? provider.codeVerifier, APP_REDIRECT, createData);
  }

  describe('authWithOAuth2Code against an OpenID Connect provider', () => {
    test('listAuthMethods offers the provider with a PKCE pair and a state', async () => {
      const methods = await server.client().collection(name).listAuthMethods();
      assert.equal(methods.oauth2.enabled, true);
      assert.equal(methods.oauth2.providers.length, 1);
      const p = methods.oauth2.providers[0];
      assert.equal(p.name, 'oidc');
      assert.equal(p.displayName, 'E2E SSO');
      assert.match(p.state, /^[A-Za-z0-9]{30}$/);
      assert.equal(p.codeChallengeMethod, 'S256');
      assert.equal(p.codeChallenge, crypto.createHash('sha256').update(p.codeVerifier).digest('base64url'));
      assert.ok(p.authURL.startsWith(`${idp.authURL}?`), p.authURL);
      assert.match(p.authURL, /&redirect_uri=$/);
      const q = new URL(p.authURL).searchParams;
      assert.equal(q.get('client_id'), idp.clientId);
      assert.equal(q.get('response_type'), 'code');
      assert.equal(q.get('scope'), 'openid email profile');
      assert.equal(q.get('state'), p.state);
      assert.equal(q.get('code_challenge'), p.codeChallenge);
      assert.equal(q.get('code_challenge_method'), 'S256');
    });

    test('a first login signs up a verified account from the id_token, createData and mappedFields', async () => {
      const who = providerUser();
      const pb = server.client();
      const seen = idp.requests.length;
      const auth = await codeFlow(pb, { createData: { nick: 'from-createData' } });

      assert.equal(auth.meta.isNew, true);
      assert.equal(auth.meta.id, who.sub);
      assert.equal(auth.meta.email, who.email);
      assert.equal(auth.meta.name, who.name);
      assert.match(auth.meta.accessToken, /^at-/);
      assert.equal(auth.meta.rawUser.iss, idp.issuer);
      assert.equal(auth.meta.rawUser.aud, idp.clientId);
      assert.equal(auth.record.collectionName, name);
      assert.equal(auth.record.email, who.email, "the provider's verified email");
      assert.equal(auth.record.verified, true);
      assert.equal(auth.record.name, who.name, 'mappedFields.name');
      assert.equal(auth.record.nick, 'from-createData');
      assert.equal(pb.authStore.token, auth.token);
      assert.equal(pb.authStore.record.id, auth.record.id);

      // Basalt exchanged the code with our verifier and checked the id_token against the JWKS
      const calls = idp.requests.slice(seen);
      const token = calls.find((r) => r.path === '/token');
      assert.ok(token, JSON.stringify(calls));
      assert.equal(token.clientAuth, 'basic');
      assert.ok(calls.some((r) => r.path === '/jwks'), 'the id_token signature was checked');

      // the same identity logs in to the same account again
      const again = await codeFlow(server.client());
      assert.equal(again.meta.isNew, false);
      assert.equal(again.record.id, auth.record.id);
      assert.equal(again.record.nick, 'from-createData');
    });

    test('listExternalAuths / unlinkExternalAuth; a verified account is matched by the verified email', async () => {
      const who = providerUser();
      const pb = server.client();
      const { record } = await codeFlow(pb);
      const links = await pb.collection(name).listExternalAuths(record.id);
      assert.deepEqual(
        links.map((l) => [l.provider, l.providerId, l.recordRef, l.collectionRef]),
        [['oidc', who.sub, record.id, record.collectionId]],
      );
      // the _externalAuths rules show a record its own links only: a guest sees none
      assert.deepEqual(await server.client().collection(name).listExternalAuths(record.id), []);

      assert.equal(await pb.collection(name).unlinkExternalAuth(record.id, 'oidc'), true);
      assert.deepEqual(await pb.collection(name).listExternalAuths(record.id), []);

      // unlinked, the identity is unknown again; the provider vouches for the address and the
      // account is verified, so the login lands in that account and links it anew
      const again = await codeFlow(server.client());
      assert.equal(again.meta.isNew, false);
      assert.equal(again.record.id, record.id);
      assert.equal((await pb.collection(name).listExternalAuths(record.id)).length, 1);
    });

    test('an unverified account with the same email is not taken over; once verified it is', async () => {
      const who = providerUser();
      const existing = await su.collection(name).create({ email: who.email, password: 'pass-12345', passwordConfirm: 'pass-12345' });
      assert.equal(existing.verified, false);
      await rejectsWith(codeFlow(server.client()), 400);
      const count = await su.collection(name).getList(1, 1, { filter: su.filter('email = {:e}', { e: who.email }) });
      assert.equal(count.totalItems, 1, 'no second account was created');

      await su.collection(name).update(existing.id, { verified: true });
      const auth = await codeFlow(server.client());
      assert.equal(auth.meta.isNew, false);
      assert.equal(auth.record.id, existing.id);
    });

    test('an unverified provider email is not trusted: the sign-up needs its own, unverified, email', async () => {
      const who = providerUser({ email_verified: false });
      // the email field is required and the provider's address does not count: no account
      await rejectsWith(codeFlow(server.client()), 400, { data: { email: { code: 'validation_required' } } });
      const own = `${uniqueName('e2e_own')}@example.org`;
      const auth = await codeFlow(server.client(), { createData: { email: own } });
      assert.equal(auth.meta.isNew, true);
      assert.equal(auth.meta.email, '', 'an unverified email is dropped');
      assert.equal(auth.meta.rawUser.email, who.email);
      assert.equal(auth.record.email, own);
      assert.equal(auth.record.verified, false, 'nobody vouched for the address of createData');
    });

    test("createData.email wins over the provider's address, and is then unverified", async () => {
      const who = providerUser();
      const own = `${uniqueName('e2e_own')}@example.org`;
      const auth = await codeFlow(server.client(), { createData: { email: own } });
      assert.equal(auth.meta.isNew, true);
      assert.equal(auth.meta.email, who.email);
      assert.equal(auth.record.email, own);
      assert.equal(auth.record.verified, false, 'the provider vouched for another address');
    });

    test('a forged id_token is refused: foreign key, issuer or audience, expired', async () => {
      const now = Math.floor(Date.now() / 1000);
      const forgeries = {
        'signed with a key the JWKS does not hold': { foreignKey: true },
        'another issuer': { claims: { iss: 'https://evil.example.com' } },
        'another audience': { claims: { aud: 'someone-else' } },
        'expired an hour ago (beyond the leeway)': { claims: { iat: now - 7200, exp: now - 3600 } },
      };
      for (const [what, forge] of Object.entries(forgeries)) {
        const who = providerUser();
        idp.forgeNext = forge;
        const pb = server.client();
        const error = await rejectsWith(codeFlow(pb), 400);
        assert.equal(error.response.message, 'Failed to fetch OAuth2 user.', what);
        assert.equal(idp.forgeNext, null, `${what}: the forged token was handed out`);
        assert.equal(pb.authStore.isValid, false);
        const none = await su.collection(name).getList(1, 1, { filter: su.filter('email = {:e}', { e: who.email }) });
        assert.equal(none.totalItems, 0, what);
      }
    });

    test('a logged-in caller links the identity to their own account', async () => {
      const email = `${uniqueName('e2e')}@example.org`;
      await server.client().collection(name).create({ email, password: 'pass-12345', passwordConfirm: 'pass-12345' });
      const pb = await server.asUser(email, 'pass-12345', name);
      const me = pb.authStore.record.id;
      providerUser(); // a different address at the provider
      const auth = await codeFlow(pb);
      assert.equal(auth.meta.isNew, false);
      assert.equal(auth.record.id, me);
      assert.equal(auth.record.email, email);
      assert.equal((await pb.collection(name).listExternalAuths(me)).length, 1);
    });

    test('a wrong code_verifier, a reused code or an unknown provider is a 400', async () => {
      const who = providerUser();
      const pb = server.client();
      const seen = idp.requests.length;
      await rejectsWith(codeFlow(pb, { codeVerifier: 'e2e-wrong-verifier-e2e-wrong-verifier-e2e-wrong' }), 400, {
        message: 'Failed to fetch OAuth2 token.',
      });
      // the provider saw the wrong verifier and refused it; nothing was created
      assert.ok(idp.requests.slice(seen).some((r) => r.path === '/token' && r.codeVerifier.startsWith('e2e-wrong')));
      assert.equal(pb.authStore.isValid, false);
      const none = await su.collection(name).getList(1, 1, { filter: su.filter('email = {:e}', { e: who.email }) });
      assert.equal(none.totalItems, 0);

      // a code works once
      const methods = await pb.collection(name).listAuthMethods();
      const provider = methods.oauth2.providers[0];
      const back = await followAuthorize(provider.authURL + encodeURIComponent(APP_REDIRECT));
      const code = back.searchParams.get('code');
      await pb.collection(name).authWithOAuth2Code('oidc', code, provider.codeVerifier, APP_REDIRECT);
      await rejectsWith(server.client().collection(name).authWithOAuth2Code('oidc', code, provider.codeVerifier, APP_REDIRECT), 400);

      await rejectsWith(server.client().collection(name).authWithOAuth2Code('github', 'x', 'y', APP_REDIRECT), 400, {
        data: { provider: { code: 'validation_invalid_provider' } },
      });
      // a collection without OAuth2
      await rejectsWith(server.client().collection('nologin').authWithOAuth2Code('oidc', 'x', 'y', APP_REDIRECT), 403);
    });
  });

  describe('authWithOAuth2: the all-in-one flow over realtime and /api/oauth2-redirect', () => {
    test('urlCallback plays the browser: provider, then Basalt redirect; the SDK finishes the login', async () => {
      const who = providerUser();
      const pb = server.client();
      // The SDK settles as soon as the @oauth2 message arrives, which may be before the "browser"
      // got Basalt's redirect answer: keep the browser's work and await it after the call.
      let browser;
      const auth = await pb.collection(name).authWithOAuth2({
        provider: 'oidc',
        createData: { nick: 'popup' },
        scopes: ['openid', 'email'],
        urlCallback(url) {
          browser = (async () => {
            const q = new URL(url).searchParams;
            // the SDK sends the provider back to Basalt, with its realtime client id as the state
            assert.equal(q.get('redirect_uri'), pb.buildURL('/api/oauth2-redirect'));
            assert.match(q.get('state'), /^[A-Za-z0-9]{40}$/);
            assert.equal(q.get('scope'), 'openid email', 'the scopes option replaces the default scopes');
            const back = await followAuthorize(url);
            assert.equal(back.pathname, '/api/oauth2-redirect');
            // Basalt publishes {state, code} to the @oauth2 subscriber and sends the browser on
            const res = await fetch(back, { redirect: 'manual' });
            return [res.status, res.headers.get('location')];
          })();
          return browser;
        },
      });
      assert.deepEqual(await browser, [307, '../_/#/auth/oauth2-redirect-success']);
      assert.equal(auth.meta.isNew, true);
      assert.equal(auth.record.email, who.email);
      assert.equal(auth.record.nick, 'popup');
      assert.equal(pb.authStore.record.id, auth.record.id);
      assert.equal((await pb.collection(name).authRefresh()).record.id, auth.record.id);
    });

    test('a provider that posts the code back (response_mode=form_post, as Apple does) works too', async () => {
      const who = providerUser();
      const pb = server.client();
      let browser;
      const auth = await pb.collection(name).authWithOAuth2({
        provider: 'oidc',
        urlCallback(url) {
          browser = (async () => {
            // the provider's auto-submitting form: the same code and state, POSTed as a form
            const back = await followAuthorize(url);
            const res = await fetch(`${back.origin}${back.pathname}`, {
              method: 'POST',
              body: new URLSearchParams({ code: back.searchParams.get('code'), state: back.searchParams.get('state') }),
              redirect: 'manual',
            });
            return [res.status, res.headers.get('location')];
          })();
          return browser;
        },
      });
      // a POST is answered 303 (See Other), so the browser GETs the success page
      assert.deepEqual(await browser, [303, '../_/#/auth/oauth2-redirect-success']);
      assert.equal(auth.record.email, who.email);
      assert.equal(pb.authStore.record.id, auth.record.id);
    });

    test('a provider error reaches the SDK through the redirect and rejects the call', async () => {
      const pb = server.client();
      let browser;
      const error = await pb
        .collection(name)
        .authWithOAuth2({
          provider: 'oidc',
          urlCallback(url) {
            // the user declined at the provider: it sends the browser back with an error
            const target = new URL(pb.buildURL('/api/oauth2-redirect'));
            target.searchParams.set('state', new URL(url).searchParams.get('state'));
            target.searchParams.set('error', 'access_denied');
            browser = fetch(target, { redirect: 'manual' }).then((res) => [res.status, res.headers.get('location')]);
            return browser;
          },
        })
        .then(
          () => assert.fail('authWithOAuth2 should have failed'),
          (e) => e,
        );
      assert.deepEqual(await browser, [307, '../_/#/auth/oauth2-redirect-failure']);
      assert.ok(error instanceof ClientResponseError);
      assert.match(String(error.originalError?.message), /OAuth2 redirect error or missing code: access_denied/);
      assert.equal(pb.authStore.isValid, false);
    });

    test('an unknown provider is refused before any redirect', async () => {
      let called = false;
      const error = await server
        .client()
        .collection(name)
        .authWithOAuth2({ provider: 'github', urlCallback: () => (called = true) })
        .then(
          () => assert.fail('authWithOAuth2 should have failed'),
          (e) => e,
        );
      assert.ok(error instanceof ClientResponseError);
      assert.match(String(error.originalError?.message), /Missing or invalid provider "github"/);
      assert.equal(called, false);
    });
  });
});
