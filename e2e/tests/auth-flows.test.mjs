// The emailed auth flows with the SDK, completed with what arrives in the mailbox: one-time
// passwords (requestOTP / authWithOTP), the MFA two-step login (password, then OTP with mfaId),
// verification, password reset and email change. Basalt sends the mails through SMTP to an
// in-process sink (lib/smtp.mjs); the settings are pointed at it for this file and restored after.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getTokenPayload } from 'pocketbase';
import { ClientResponseError } from '../lib/sdk.mjs';
import { ID_RE, rejectsWith, uniqueName, useServer } from '../lib/harness.mjs';
import { linkToken, startSmtpSink, useSmtpSink } from '../lib/smtp.mjs';

// The fixture: its rate limits are off, so the many request-*/auth-* calls below are not throttled.
const server = useServer('fixture');

const APP_NAME = 'acme_test'; // the fixture's meta.appName, in every subject
const SENDER = 'Support <support@example.com>'; // meta.senderName <meta.senderAddress>
const PASSWORD = 'flows-pass-1';

/** Lets background work finish before asserting that something did NOT happen (no mail sent). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

/** The code of an OTP mail rendered from the default template ("Your one-time password is: <strong>{OTP}</strong>"). */
function otpCode(mail, length) {
  const code = /one-time password is:\s*(\d+)/.exec(mail.text)?.[1];
  assert.ok(code, `no code in the OTP mail:\n${mail.text}`);
  assert.equal(code.length, length);
  assert.match(mail.html, new RegExp(`<strong>${code}</strong>`));
  return code;
}

// One outer suite: its hooks run after useServer's (root-level hooks of a file run concurrently
// with each other in Node 20, so the server URL might not be known yet at the root).
describe('emailed auth flows (SMTP sink)', () => {
  let sink;
  let su;
  let restoreSmtp;
  before(async () => {
    sink = await startSmtpSink();
    su = await server.asSuperuser();
    restoreSmtp = await useSmtpSink(su, sink);
  });
  after(async () => {
    await restoreSmtp?.();
    await sink?.close();
  });

  /**
   * A new auth collection for one describe block: email/password, OTP (6 digits), the default mail
   * templates, and no new-login alerts (they would be extra mails in the sink).
   */
  function authCollection(prefix, options = {}) {
    const handle = { name: uniqueName(prefix) };
    before(async () => {
      await su.collections.create({
        name: handle.name,
        type: 'auth',
        listRule: 'id = @request.auth.id',
        viewRule: 'id = @request.auth.id',
        createRule: '',
        updateRule: 'id = @request.auth.id',
        passwordAuth: { enabled: true, identityFields: ['email'] },
        otp: { enabled: true, length: 6, duration: 300 },
        authAlert: { enabled: false },
        fields: [{ name: 'name', type: 'text' }],
        ...options,
      });
    });
    after(async () => {
      await su.collections.delete(handle.name);
    });
    /** Creates a record (as superuser, so `verified` may be set) with a unique address. */
    handle.user = async ({ verified = true, ...data } = {}) => {
      const email = `${uniqueName('e2e')}@example.org`;
      const record = await su.collection(handle.name).create({ email, password: PASSWORD, passwordConfirm: PASSWORD, verified, ...data });
      return { ...record, email };
    };
    return handle;
  }

  describe('one-time passwords: requestOTP and authWithOTP', () => {
    const c = authCollection('e2e_otp');

    test('requestOTP mails a code; authWithOTP logs in with it, once', async () => {
      const user = await c.user({ name: 'Otto' });
      const pb = server.client();
      const { otpId } = await pb.collection(c.name).requestOTP(user.email);
      assert.match(otpId, ID_RE);
      const mail = await sink.next(user.email);
      assert.equal(mail.subject, `OTP for ${APP_NAME}`);
      assert.equal(mail.headerFrom, SENDER);
      assert.deepEqual(mail.to, [user.email]);
      const code = otpCode(mail, 6);

      const auth = await pb.collection(c.name).authWithOTP(otpId, code);
      assert.equal(auth.record.id, user.id);
      assert.equal(auth.record.email, user.email);
      assert.equal(getTokenPayload(auth.token).type, 'auth');
      assert.equal(pb.authStore.token, auth.token);
      assert.equal(pb.authStore.record.id, user.id);
      // the token is a normal session token: it refreshes
      assert.equal((await pb.collection(c.name).authRefresh()).record.id, user.id);
      // a code works once
      await rejectsWith(server.client().collection(c.name).authWithOTP(otpId, code), 400);
    });

    test('a wrong code is a 400 and the right one still works; unknown addresses get an id but no mail', async () => {
      const user = await c.user();
      const pb = server.client();
      const { otpId } = await pb.collection(c.name).requestOTP(user.email);
      const code = otpCode(await sink.next(user.email), 6);
      const wrong = code === '000000' ? '111111' : '000000';
      await rejectsWith(pb.collection(c.name).authWithOTP(otpId, wrong), 400);
      assert.equal(pb.authStore.isValid, false);
      await rejectsWith(pb.collection(c.name).authWithOTP(otpId, ''), 400, { data: { password: { code: 'validation_required' } } });
      assert.equal((await pb.collection(c.name).authWithOTP(otpId, code)).record.id, user.id);

      // no account enumeration: an unknown address gets an otpId just the same, which logs nobody in
      const nobody = `${uniqueName('e2e_nobody')}@example.org`;
      const unknown = await server.client().collection(c.name).requestOTP(nobody);
      assert.match(unknown.otpId, ID_RE);
      await rejectsWith(server.client().collection(c.name).authWithOTP(unknown.otpId, code), 400);
      await settle();
      assert.deepEqual(sink.pending(nobody), []);
    });

    test('after 5 attempts on one account the 6th answers 429, even with the right code', async () => {
      const user = await c.user();
      const pb = server.client();
      const { otpId } = await pb.collection(c.name).requestOTP(user.email);
      const code = otpCode(await sink.next(user.email), 6);
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i++) await rejectsWith(pb.collection(c.name).authWithOTP(otpId, wrong), 400);
      await rejectsWith(pb.collection(c.name).authWithOTP(otpId, code), 429, {
        message: 'Too many attempts, please try again later with a new OTP.',
      });
      assert.equal(pb.authStore.isValid, false);
    });

    test('an OTP login of an unverified record, once the code was mailed, verifies it', async () => {
      const user = await c.user({ verified: false });
      const pb = server.client();
      const { otpId } = await pb.collection(c.name).requestOTP(user.email);
      const code = otpCode(await sink.next(user.email), 6);
      // Basalt (like PocketBase) notes the address in _otps.sentTo once the SMTP server accepted the
      // mail, in the background: the record is only verified by a code that provably went out. Wait
      // for that note so the test does not race the mailer.
      for (const deadline = Date.now() + 5000; ; ) {
        const row = await su.collection('_otps').getOne(otpId);
        if (row.sentTo === user.email) break;
        assert.ok(Date.now() < deadline, `_otps.sentTo was never set: ${JSON.stringify(row)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const auth = await pb.collection(c.name).authWithOTP(otpId, code);
      assert.equal(auth.record.verified, true);
      assert.equal((await su.collection(c.name).getOne(user.id)).verified, true);
    });

    test('OTP is refused where it is disabled (403) and for unknown collections (404)', async () => {
      const pb = server.client();
      await rejectsWith(pb.collection('nologin').requestOTP('test@example.com'), 403);
      await rejectsWith(pb.collection('demo1').requestOTP('test@example.com'), 404);
      await rejectsWith(pb.collection(c.name).requestOTP('not-an-email'), 400, { data: { email: { code: 'validation_is_email' } } });
    });

    test("the fixture's own OTP template: {RECORD:name} is filled in, the hidden {RECORD:tokenKey} is not", async () => {
      // PocketBase's test data has "Hello {RECORD:name}{RECORD:tokenKey}," in users.otp.emailTemplate:
      // a hidden field has no placeholder, so the secret never reaches a mail. test3 is verified:
      // an OTP login of an unverified fixture user would change its record (verified, password).
      const email = 'test3@example.com';
      const { name } = await su.collection('users').getFirstListItem(su.filter('email = {:email}', { email }));
      const pb = server.client();
      const { otpId } = await pb.collection('users').requestOTP(email);
      const mail = await sink.next(email);
      assert.ok(mail.text.includes(`Hello ${name}{RECORD:tokenKey},`), mail.text);
      // log in with it, which also removes the _otps row again (the fixture's data stays as it was)
      const code = /one-time password is:\s*(\d+)/.exec(mail.text)[1];
      assert.equal(code.length, 8, "the fixture's otp.length");
      assert.equal((await pb.collection('users').authWithOTP(otpId, code)).record.email, email);
    });
  });

  describe('multi-factor authentication: password, then OTP with mfaId', () => {
    // The fixture's `users` has MFA on, but lib/server.mjs turns it off for the other tests: this
    // collection has its own MFA (with OTP as the second factor).
    const c = authCollection('e2e_mfa', { mfa: { enabled: true, duration: 600, rule: '' } });

    /** The SDK error of a first factor: 401 whose body is only {mfaId} (PocketBase's format). */
    async function firstFactor(promise) {
      const error = await promise.then(
        () => assert.fail('expected the first factor to answer 401 {mfaId}'),
        (e) => e,
      );
      assert.ok(error instanceof ClientResponseError, String(error));
      assert.equal(error.status, 401);
      assert.deepEqual(Object.keys(error.response), ['mfaId']);
      assert.match(error.response.mfaId, ID_RE);
      return error.response.mfaId;
    }

    test('authWithPassword answers 401 {mfaId}; requestOTP + authWithOTP(…, {mfaId}) completes the login', async () => {
      const user = await c.user();
      const methods = await server.client().collection(c.name).listAuthMethods();
      assert.equal(methods.mfa.enabled, true);
      assert.equal(methods.mfa.duration, 600);
      assert.equal(methods.otp.enabled, true);

      const pb = server.client();
      const mfaId = await firstFactor(pb.collection(c.name).authWithPassword(user.email, PASSWORD));
      assert.equal(pb.authStore.isValid, false, 'a first factor alone does not log in');

      const { otpId } = await pb.collection(c.name).requestOTP(user.email);
      const code = otpCode(await sink.next(user.email), 6);
      // the SDK sends unknown options as query parameters: ?mfaId=...
      const auth = await pb.collection(c.name).authWithOTP(otpId, code, { mfaId });
      assert.equal(auth.record.id, user.id);
      assert.equal(pb.authStore.token, auth.token);
      assert.equal(pb.authStore.isValid, true);
      // refreshing is not a login: no new MFA round
      assert.equal((await pb.collection(c.name).authRefresh()).record.id, user.id);
      // the MFA session was used up
      await rejectsWith(server.client().collection(c.name).authWithPassword(user.email, PASSWORD, { mfaId }), 400);
    });

    test('the OTP may come first too; the second factor must be another method and a valid session', async () => {
      const user = await c.user();
      const pb = server.client();
      const { otpId } = await pb.collection(c.name).requestOTP(user.email);
      const code = otpCode(await sink.next(user.email), 6);
      const mfaId = await firstFactor(pb.collection(c.name).authWithOTP(otpId, code));

      // the same method twice is not two factors
      const again = await pb.collection(c.name).requestOTP(user.email);
      const code2 = otpCode(await sink.next(user.email), 6);
      await rejectsWith(pb.collection(c.name).authWithOTP(again.otpId, code2, { mfaId }), 400, {
        message: 'A different authentication method is required.',
      });
      // an unknown session, or a wrong password with a valid one, logs nobody in
      await rejectsWith(pb.collection(c.name).authWithPassword(user.email, PASSWORD, { mfaId: 'e2enosuchmfa000' }), 400);
      await rejectsWith(pb.collection(c.name).authWithPassword(user.email, 'wrong-password', { mfaId }), 400);
      assert.equal(pb.authStore.isValid, false);

      // the password completes the OTP's session
      const auth = await pb.collection(c.name).authWithPassword(user.email, PASSWORD, { mfaId });
      assert.equal(auth.record.id, user.id);
      assert.equal(pb.authStore.isValid, true);
    });

    test("another record's MFA session does not complete a login", async () => {
      const alice = await c.user();
      const bob = await c.user();
      const aliceMfa = await firstFactor(server.client().collection(c.name).authWithPassword(alice.email, PASSWORD));
      const pb = server.client();
      const { otpId } = await pb.collection(c.name).requestOTP(bob.email);
      const code = otpCode(await sink.next(bob.email), 6);
      await rejectsWith(pb.collection(c.name).authWithOTP(otpId, code, { mfaId: aliceMfa }), 400);
      assert.equal(pb.authStore.isValid, false);
    });
  });

  describe('email flows: verification, password reset, email change', () => {
    const c = authCollection('e2e_mail');

    test('requestVerification mails a link; confirmVerification verifies (and updates the authStore)', async () => {
      // sign up as a guest: new accounts are unverified
      const email = `${uniqueName('e2e')}@example.org`;
      const guest = server.client();
      const record = await guest.collection(c.name).create({ email, password: PASSWORD, passwordConfirm: PASSWORD });
      assert.equal(record.verified, false);
      const pb = await server.asUser(email, PASSWORD, c.name);
      assert.equal(pb.authStore.record.verified, false);

      assert.equal(await pb.collection(c.name).requestVerification(email), true);
      const mail = await sink.next(email);
      assert.equal(mail.subject, `Verify your ${APP_NAME} email`);
      assert.equal(mail.headerFrom, SENDER);
      assert.match(mail.text, /http:\/\/localhost:8090\/_\/#\/auth\/confirm-verification\//, 'the link starts with meta.appURL');
      const token = linkToken(mail, 'confirm-verification');
      const claims = getTokenPayload(token);
      assert.equal(claims.type, 'verification');
      assert.equal(claims.id, record.id);
      assert.equal(claims.email, email);

      await rejectsWith(pb.collection(c.name).confirmVerification(`${token}x`), 400, { data: { token: { code: 'validation_invalid_token' } } });
      assert.equal(await pb.collection(c.name).confirmVerification(token), true);
      // the SDK marks its stored record verified when the token is for it
      assert.equal(pb.authStore.record.verified, true);
      assert.equal((await su.collection(c.name).getOne(record.id)).verified, true);
      // confirming again is harmless
      assert.equal(await guest.collection(c.name).confirmVerification(token), true);

      // a verified record, or an unknown address, gets the same 204 and no mail
      assert.equal(await guest.collection(c.name).requestVerification(email), true);
      const nobody = `${uniqueName('e2e_nobody')}@example.org`;
      assert.equal(await guest.collection(c.name).requestVerification(nobody), true);
      await settle();
      assert.deepEqual(sink.pending(email), []);
      assert.deepEqual(sink.pending(nobody), []);
    });

    test('requestPasswordReset mails a link; confirmPasswordReset sets the password and ends old sessions', async () => {
      // unverified: the reset link proves the mailbox, so the reset verifies the account too
      const user = await c.user({ verified: false });
      const pb = await server.asUser(user.email, PASSWORD, c.name);

      assert.equal(await server.client().collection(c.name).requestPasswordReset(user.email), true);
      const mail = await sink.next(user.email);
      assert.equal(mail.subject, `Reset your ${APP_NAME} password`);
      const token = linkToken(mail, 'confirm-password-reset');
      assert.equal(getTokenPayload(token).type, 'passwordReset');
      // at most one reset mail per record every 2 minutes; unknown addresses get the same 204
      assert.equal(await server.client().collection(c.name).requestPasswordReset(user.email), true);
      const nobody = `${uniqueName('e2e_nobody')}@example.org`;
      assert.equal(await server.client().collection(c.name).requestPasswordReset(nobody), true);

      const guest = server.client();
      await rejectsWith(guest.collection(c.name).confirmPasswordReset(token, 'new-pass-22', 'other-pass-22'), 400, {
        data: { passwordConfirm: { code: 'validation_values_mismatch' } },
      });
      // the collection's password field has min 8
      await rejectsWith(guest.collection(c.name).confirmPasswordReset(token, 'short', 'short'), 400, {
        data: { password: { code: 'validation_length_out_of_range' } },
      });
      await rejectsWith(guest.collection(c.name).confirmPasswordReset('not-a-token', 'new-pass-22', 'new-pass-22'), 400, {
        data: { token: { code: 'validation_invalid_token' } },
      });
      assert.equal(await guest.collection(c.name).confirmPasswordReset(token, 'new-pass-22', 'new-pass-22'), true);

      // the password change rotated the record's token key: the old session token is dead...
      await rejectsWith(pb.collection(c.name).authRefresh(), 401);
      // ...as is the reset token itself
      await rejectsWith(guest.collection(c.name).confirmPasswordReset(token, 'third-pass-3', 'third-pass-3'), 400);
      await rejectsWith(server.client().collection(c.name).authWithPassword(user.email, PASSWORD), 400);
      const again = await server.client().collection(c.name).authWithPassword(user.email, 'new-pass-22');
      assert.equal(again.record.id, user.id);
      assert.equal(again.record.verified, true);
      assert.deepEqual(sink.pending(user.email), [], 'the second request sent nothing');
      assert.deepEqual(sink.pending(nobody), []);
    });

    test('requestEmailChange (logged in) mails the new address; confirmEmailChange switches the email', async () => {
      const user = await c.user();
      const pb = await server.asUser(user.email, PASSWORD, c.name);
      const newEmail = `${uniqueName('e2e_new')}@example.org`;

      await rejectsWith(server.client().collection(c.name).requestEmailChange(newEmail), 401);
      await rejectsWith(pb.collection(c.name).requestEmailChange(user.email), 400, { data: { newEmail: {} } });
      assert.equal(await pb.collection(c.name).requestEmailChange(newEmail), true);
      // requestEmailChange sends before it answers, so the mail is already there
      const mail = await sink.next(newEmail);
      assert.equal(mail.subject, `Confirm your ${APP_NAME} new email address`);
      assert.deepEqual(sink.pending(user.email), [], 'the current address gets nothing');
      const token = linkToken(mail, 'confirm-email-change');
      const claims = getTokenPayload(token);
      assert.equal(claims.type, 'emailChange');
      assert.equal(claims.email, user.email);
      assert.equal(claims.newEmail, newEmail);

      await rejectsWith(pb.collection(c.name).confirmEmailChange(token, 'wrong-password'), 400, {
        data: { password: { code: 'validation_invalid_password' } },
      });
      assert.equal(pb.authStore.isValid, true);
      assert.equal(await pb.collection(c.name).confirmEmailChange(token, PASSWORD), true);
      // the SDK logs out the client whose record changed its email (its token is revoked anyway)
      assert.equal(pb.authStore.isValid, false);
      assert.equal(pb.authStore.token, '');

      await rejectsWith(server.client().collection(c.name).authWithPassword(user.email, PASSWORD), 400);
      const auth = await server.client().collection(c.name).authWithPassword(newEmail, PASSWORD);
      assert.equal(auth.record.id, user.id);
      assert.equal(auth.record.email, newEmail);
      assert.equal(auth.record.verified, true);
      // the token was for the old address: it cannot be used twice
      await rejectsWith(server.client().collection(c.name).confirmEmailChange(token, PASSWORD), 400);
    });

    test('superusers cannot use the verification and email-change flows', async () => {
      await rejectsWith(server.client().collection('_superusers').requestVerification(server.superuser.email), 400);
      await rejectsWith(su.collection('_superusers').requestEmailChange('other-admin@example.org'), 400);
    });
  });

  describe('pb.settings.testEmail', () => {
    test('sends each template to an address; bad input is a 400 and sends nothing', async () => {
      const to = `${uniqueName('tester')}@example.org`;
      for (const template of ['verification', 'password-reset', 'email-change', 'otp', 'login-alert']) {
        assert.equal(await su.settings.testEmail('users', to, template), true);
        const mail = await sink.next(to);
        assert.ok(mail.subject.length > 0, template);
      }
      await rejectsWith(su.settings.testEmail('users', to, 'welcome'), 400, { data: { template: { code: 'validation_in_invalid' } } });
      await rejectsWith(su.settings.testEmail('users', 'not-an-email', 'otp'), 400, { data: { email: { code: 'validation_is_email' } } });
      await rejectsWith(server.client().settings.testEmail('users', to, 'otp'), 401);
    });
  });
});
