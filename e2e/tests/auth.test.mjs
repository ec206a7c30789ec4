// Auth with the SDK: authWithPassword (superusers, users, other auth collections), authRefresh,
// the authStore (save/clear/onChange/isValid/isSuperuser/cookies) and the SDK's own reactions to
// the answers (updating or clearing the store when the authenticated record changes).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getTokenPayload } from 'pocketbase';
import { DATE_RE, rejectsWith, uniqueName, useServer } from '../lib/harness.mjs';

const server = useServer('fixture');

const SUPERUSERS_ID = 'pbc_3142635823';
const USER1 = { id: '4q1xlclmfloku33', email: 'test@example.com', username: 'users75657', rel: 'llvuca81nly1qls' };
const PASSWORD = '1234567890';

function assertJwt(token, { id, collectionId }) {
  assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
  assert.equal(header.alg, 'HS256');
  const claims = getTokenPayload(token);
  assert.equal(claims.id, id);
  assert.equal(claims.type, 'auth');
  assert.equal(claims.collectionId, collectionId);
  assert.equal(claims.refreshable, true);
  assert.ok(claims.exp > Date.now() / 1000, 'exp is in the future');
  return claims;
}

describe('superuser authWithPassword and authRefresh', () => {
  test('authWithPassword fills the authStore with a superuser token and record', async () => {
    const pb = server.client();
    assert.equal(pb.authStore.isValid, false);
    assert.equal(pb.authStore.token, '');
    assert.equal(pb.authStore.record, null);
    const auth = await pb.collection('_superusers').authWithPassword(server.superuser.email, server.superuser.password);
    assert.equal(auth.record.email, server.superuser.email);
    assert.equal(auth.record.collectionName, '_superusers');
    assert.equal(auth.record.collectionId, SUPERUSERS_ID);
    assert.equal(auth.record.verified, true);
    assert.equal(auth.record.password, undefined);
    assert.equal(auth.record.tokenKey, undefined);
    assert.match(auth.record.created, DATE_RE);
    assertJwt(auth.token, { id: auth.record.id, collectionId: SUPERUSERS_ID });
    assert.equal(pb.authStore.token, auth.token);
    assert.deepEqual(pb.authStore.record, auth.record);
    assert.equal(pb.authStore.isValid, true);
    assert.equal(pb.authStore.isSuperuser, true);
    // the token is sent with every later request: superuser-only data is readable
    const demo1 = await pb.collection('demo1').getList(1, 1);
    assert.equal(demo1.totalItems, 3);
  });

  test('a wrong password or unknown identity is a 400 and leaves the store empty', async () => {
    const pb = server.client();
    await rejectsWith(pb.collection('_superusers').authWithPassword(server.superuser.email, 'wrong-password'), 400, {
      message: 'Failed to authenticate.',
    });
    await rejectsWith(pb.collection('_superusers').authWithPassword('nobody@example.com', PASSWORD), 400, {
      message: 'Failed to authenticate.',
    });
    assert.equal(pb.authStore.isValid, false);
    assert.equal(pb.authStore.record, null);
  });

  test('authRefresh returns a fresh token and the current record', async () => {
    const pb = await server.asSuperuser();
    const before = pb.authStore.record;
    const refreshed = await pb.collection('_superusers').authRefresh();
    assert.equal(refreshed.record.id, before.id);
    assert.equal(refreshed.record.email, server.superuser.email);
    assertJwt(refreshed.token, { id: before.id, collectionId: SUPERUSERS_ID });
    assert.equal(pb.authStore.token, refreshed.token);
    assert.equal(pb.authStore.isSuperuser, true);
  });

  test('a superuser token does not refresh another auth collection (403); guests get a 401', async () => {
    const pb = await server.asSuperuser();
    await rejectsWith(pb.collection('users').authRefresh(), 403);
    await rejectsWith(server.client().collection('users').authRefresh(), 401, {
      message: 'The request requires valid record authorization token.',
    });
  });
});

describe('auth record authWithPassword and authRefresh', () => {
  test('users log in by email or by username (both identity fields)', async () => {
    const byEmail = server.client();
    const a = await byEmail.collection('users').authWithPassword(USER1.email, PASSWORD);
    assert.equal(a.record.id, USER1.id);
    assert.equal(a.record.collectionName, 'users');
    // the auth record always includes its own email, even with emailVisibility off
    assert.equal(a.record.emailVisibility, false);
    assert.equal(a.record.email, USER1.email);
    assertJwt(a.token, { id: USER1.id, collectionId: '_pb_users_auth_' });
    assert.equal(byEmail.authStore.isSuperuser, false);
    assert.equal(byEmail.authStore.isValid, true);

    const byUsername = server.client();
    const b = await byUsername.collection('users').authWithPassword(USER1.username, PASSWORD);
    assert.equal(b.record.id, USER1.id);
  });

  test('authWithPassword and authRefresh accept the fields option', async () => {
    const pb = server.client();
    const auth = await pb.collection('users').authWithPassword(USER1.email, PASSWORD, { fields: 'token,record.id,record.email' });
    assert.deepEqual(auth.record, { id: USER1.id, email: USER1.email });
    assert.equal(pb.authStore.token, auth.token);
    const refreshed = await pb.collection('users').authRefresh({ fields: 'token,record.id' });
    assert.deepEqual(Object.keys(refreshed).sort(), ['record', 'token']);
    assert.deepEqual(refreshed.record, { id: USER1.id });
    assert.deepEqual(pb.authStore.record, { id: USER1.id });
  });

  test('authWithPassword and authRefresh expand relations of the auth record', async () => {
    const pb = server.client();
    const auth = await pb.collection('users').authWithPassword(USER1.email, PASSWORD, { expand: 'rel' });
    assert.equal(auth.record.expand?.rel?.id, USER1.rel);
    assert.equal(auth.record.expand.rel.collectionName, 'demo2');
    const refreshed = await pb.collection('users').authRefresh({ expand: 'rel', fields: 'token,record.id,record.expand.rel.title' });
    assert.deepEqual(refreshed.record, { id: USER1.id, expand: { rel: { title: 'test1' } } });
  });

  test('the user token works for rule-protected data and not for superuser-only data', async () => {
    const pb = await server.asUser(USER1.email);
    const me = await pb.collection('users').getOne(USER1.id);
    assert.equal(me.email, USER1.email);
    await rejectsWith(pb.collection('users').getOne('oap640cot4yru2s'), 404);
    await rejectsWith(pb.collection('demo1').getList(), 403);
    await rejectsWith(pb.collections.getList(), 403);
  });

  test('authRule and disabled password auth answer 403', async () => {
    const ok = await server.client().collection('clients').authWithPassword('test@example.com', PASSWORD);
    assert.equal(ok.record.collectionName, 'clients');
    // clients.authRule is "verified=true"; test2 is not verified
    await rejectsWith(server.client().collection('clients').authWithPassword('test2@example.com', PASSWORD), 403, {
      message: "The request doesn't satisfy the collection requirements to authenticate.",
    });
    await rejectsWith(server.client().collection('nologin').authWithPassword('test@example.com', PASSWORD), 403);
    await rejectsWith(server.client().collection('demo2').authWithPassword('test@example.com', PASSWORD), 404);
  });
});

describe('listAuthMethods and impersonate', () => {
  test('listAuthMethods shows what each collection offers, with the legacy keys', async () => {
    const pb = server.client();
    const users = await pb.collection('users').listAuthMethods();
    assert.deepEqual(users.password, { identityFields: ['email', 'username'], enabled: true });
    assert.equal(users.otp.enabled, true);
    assert.ok(users.otp.duration > 0);
    assert.equal(users.oauth2.enabled, true);
    assert.deepEqual(users.oauth2.providers.map((p) => p.name), ['gitlab', 'google']);
    for (const p of users.oauth2.providers) {
      assert.match(p.authURL, /&redirect_uri=$/);
      assert.match(p.state, /^[A-Za-z0-9]{30}$/);
      assert.equal(p.codeChallengeMethod, 'S256');
    }
    // the SDK asks for fields=mfa,otp,password,oauth2, so the legacy keys are not there
    assert.equal(users.emailPassword, undefined);
    const nologin = await pb.collection('nologin').listAuthMethods();
    assert.deepEqual(nologin.password, { identityFields: [], enabled: false });
    assert.equal(nologin.oauth2.enabled, false);
    const picked = await pb.collection('users').listAuthMethods({ fields: 'password.enabled' });
    assert.deepEqual(picked, { password: { enabled: true } });
    await rejectsWith(pb.collection('demo1').listAuthMethods(), 404);
  });

  test('impersonate gives a superuser a client acting as the user, with a non-refreshable token', async () => {
    const su = await server.asSuperuser();
    const as = await su.collection('users').impersonate(USER1.id, 600);
    assert.equal(as.authStore.record.id, USER1.id);
    const claims = getTokenPayload(as.authStore.token);
    assert.equal(claims.refreshable, false);
    assert.ok(claims.exp - Date.now() / 1000 <= 601);
    assert.equal((await as.collection('users').getOne(USER1.id)).email, USER1.email);
    await rejectsWith(as.collection('demo1').getList(), 403);
    await rejectsWith(server.client().collection('users').impersonate(USER1.id, 600), 401);
    const user = await server.asUser(USER1.email);
    await rejectsWith(user.collection('users').impersonate(USER1.id, 600), 403);
  });
});

describe('authStore', () => {
  test('onChange fires on auth and on clear with (token, record)', async () => {
    const pb = server.client();
    const seen = [];
    const unsubscribe = pb.authStore.onChange((token, record) => seen.push([token, record?.id ?? null]));
    const auth = await pb.collection('users').authWithPassword(USER1.email, PASSWORD);
    pb.authStore.clear();
    unsubscribe();
    pb.authStore.save('ignored', null);
    assert.deepEqual(seen, [
      [auth.token, USER1.id],
      ['', null],
    ]);
    assert.equal(pb.authStore.isValid, false);
  });

  test('save(token, record) on another client authenticates its requests; clear() drops it', async () => {
    const source = await server.asUser(USER1.email);
    const pb = server.client();
    pb.authStore.save(source.authStore.token, source.authStore.record);
    assert.equal(pb.authStore.isValid, true);
    assert.equal((await pb.collection('users').getOne(USER1.id)).id, USER1.id);
    pb.authStore.clear();
    assert.equal(pb.authStore.token, '');
    await rejectsWith(pb.collection('users').getOne(USER1.id), 404);
  });

  test('exportToCookie / loadFromCookie round-trip, then authRefresh validates the loaded token', async () => {
    const source = await server.asUser(USER1.email);
    const cookie = source.authStore.exportToCookie({ secure: false });
    assert.match(cookie, /^pb_auth=/);
    assert.match(cookie, /HttpOnly/);
    const pb = server.client();
    pb.authStore.loadFromCookie(cookie);
    assert.equal(pb.authStore.token, source.authStore.token);
    assert.equal(pb.authStore.record.id, USER1.id);
    const refreshed = await pb.collection('users').authRefresh();
    assert.equal(refreshed.record.id, USER1.id);
    assert.equal(pb.authStore.isValid, true);
  });

  test('an invalid token is ignored by the server: the request runs as a guest', async () => {
    const pb = server.client();
    const good = await server.asUser(USER1.email);
    const [h, p] = good.authStore.token.split('.');
    pb.authStore.save(`${h}.${p}.invalidsignature`, good.authStore.record);
    // client-side the token still looks valid (the SDK only decodes it)...
    assert.equal(pb.authStore.isValid, true);
    // ...but the server treats the caller as a guest
    const list = await pb.collection('demo2').getList(1, 1);
    assert.equal(list.totalItems, 3);
    await rejectsWith(pb.collection('users').getOne(USER1.id), 404);
    await rejectsWith(pb.collection('users').authRefresh(), 401);
    pb.authStore.save('not-a-jwt', null);
    assert.equal(pb.authStore.isValid, false);
    assert.equal((await pb.collection('demo2').getList(1, 1)).totalItems, 3);
  });
});

describe('sign-up, own-record updates and deletes', () => {
  const created = [];
  let su;
  before(async () => {
    su = await server.asSuperuser();
  });
  after(async () => {
    for (const id of created) await su.collection('users').delete(id).catch(() => {});
  });

  async function signUp(extra = {}) {
    const email = `${uniqueName('e2e')}@example.org`;
    const rec = await server.client().collection('users').create({ email, password: 'first-pass-1', passwordConfirm: 'first-pass-1', ...extra });
    created.push(rec.id);
    return { ...rec, email };
  }

  test('create() on an auth collection signs up; validation errors name the field', async () => {
    const guest = server.client();
    await rejectsWith(guest.collection('users').create({ email: 'e2e_bad@example.org', password: '12345678', passwordConfirm: '1234567' }), 400, {
      data: { passwordConfirm: { code: 'validation_values_mismatch' } },
    });
    await rejectsWith(guest.collection('users').create({ email: 'e2e_bad@example.org', password: '123', passwordConfirm: '123' }), 400, {
      data: { password: { code: 'validation_min_text_constraint' } },
    });
    await rejectsWith(guest.collection('users').create({ email: 'not-an-email', password: '12345678', passwordConfirm: '12345678' }), 400, {
      data: { email: { code: 'validation_is_email' } },
    });
    await rejectsWith(guest.collection('users').create({ email: USER1.email, password: '12345678', passwordConfirm: '12345678' }), 400, {
      data: { email: { code: 'validation_not_unique' } },
    });
    const rec = await signUp({ name: 'New' });
    assert.equal(rec.name, 'New');
    assert.equal(rec.verified, false);
    assert.equal(rec.password, undefined);
    assert.equal(rec.passwordConfirm, undefined);
    const auth = await server.client().collection('users').authWithPassword(rec.email, 'first-pass-1');
    assert.equal(auth.record.id, rec.id);
    assert.equal(auth.record.email, rec.email);
  });

  test('updating the authenticated record also updates authStore.record (SDK behaviour)', async () => {
    const rec = await signUp({ name: 'Before' });
    const pb = await server.asUser(rec.email, 'first-pass-1');
    const token = pb.authStore.token;
    const updated = await pb.collection('users').update(rec.id, { name: 'After' });
    assert.equal(updated.name, 'After');
    assert.equal(pb.authStore.record.name, 'After');
    assert.equal(pb.authStore.token, token);
  });

  test('a password change needs oldPassword and revokes the old tokens', async () => {
    const rec = await signUp();
    const pb = await server.asUser(rec.email, 'first-pass-1');
    await rejectsWith(pb.collection('users').update(rec.id, { password: 'second-pass-2', passwordConfirm: 'second-pass-2' }), 400, {
      data: { oldPassword: { code: 'validation_invalid_old_password' } },
    });
    await pb.collection('users').update(rec.id, { oldPassword: 'first-pass-1', password: 'second-pass-2', passwordConfirm: 'second-pass-2' });
    // the store still holds the old token, which the server no longer accepts
    await rejectsWith(pb.collection('users').authRefresh(), 401);
    await rejectsWith(server.client().collection('users').authWithPassword(rec.email, 'first-pass-1'), 400);
    const again = await server.client().collection('users').authWithPassword(rec.email, 'second-pass-2');
    assert.equal(again.record.id, rec.id);
  });

  test('deleting the authenticated record clears the authStore (SDK behaviour)', async () => {
    const rec = await signUp();
    const pb = await server.asUser(rec.email, 'first-pass-1');
    assert.equal(pb.authStore.isValid, true);
    assert.equal(await pb.collection('users').delete(rec.id), true);
    assert.equal(pb.authStore.isValid, false);
    assert.equal(pb.authStore.record, null);
    await rejectsWith(server.client().collection('users').authWithPassword(rec.email, 'first-pass-1'), 400);
  });
});

describe('a new auth collection: email visibility and its own tokens', () => {
  const name = uniqueName('e2e_members');
  let su;
  before(async () => {
    su = await server.asSuperuser();
    await su.collections.create({
      name,
      type: 'auth',
      listRule: '',
      viewRule: '',
      createRule: '',
      updateRule: 'id = @request.auth.id',
      deleteRule: null,
      passwordAuth: { enabled: true, identityFields: ['email'] },
      fields: [{ name: 'nick', type: 'text' }],
    });
  });
  after(async () => {
    await su.collections.delete(name);
  });

  test('email is exported only with emailVisibility, to the owner, or to superusers', async () => {
    const guest = server.client();
    const shown = await guest.collection(name).create({ email: 'shown@example.org', emailVisibility: true, password: 'member-pass', passwordConfirm: 'member-pass', nick: 'shown' });
    const hidden = await guest.collection(name).create({ email: 'hidden@example.org', password: 'member-pass', passwordConfirm: 'member-pass', nick: 'hidden' });
    const asGuest = await guest.collection(name).getFullList({ sort: 'nick' });
    assert.deepEqual(asGuest.map((m) => [m.nick, m.email]), [['hidden', undefined], ['shown', 'shown@example.org']]);

    const member = await server.asUser('hidden@example.org', 'member-pass', name);
    assert.equal(member.authStore.record.collectionName, name);
    const own = await member.collection(name).getOne(hidden.id);
    assert.equal(own.email, 'hidden@example.org');
    const other = await member.collection(name).getOne(shown.id);
    assert.equal(other.email, 'shown@example.org');

    const all = await su.collection(name).getFullList({ sort: 'nick', fields: 'email' });
    assert.deepEqual(all, [{ email: 'hidden@example.org' }, { email: 'shown@example.org' }]);

    // a token of this collection refreshes here and nowhere else
    const refreshed = await member.collection(name).authRefresh();
    assert.equal(refreshed.record.id, hidden.id);
    await rejectsWith(member.collection('users').authRefresh(), 403);
  });
});
