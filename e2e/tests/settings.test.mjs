// pb.settings.getAll / update / testS3 on an empty data directory (and read on the fixture).
import assert from 'node:assert/strict';
import { generateKeyPairSync, verify } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { rejectsWith, useServer } from '../lib/harness.mjs';

const fixture = useServer('fixture');
const empty = useServer('empty');

const KEYS = ['backups', 'batch', 'logs', 'meta', 'rateLimits', 's3', 'smtp', 'superuserIPs', 'trustedProxy'];

describe('settings of the PocketBase fixture', () => {
  test('getAll returns the stored settings without secrets', async () => {
    const pb = await fixture.asSuperuser();
    const s = await pb.settings.getAll();
    assert.deepEqual(Object.keys(s).sort(), KEYS);
    assert.equal(s.meta.appName, 'acme_test');
    assert.equal(s.smtp.host, 'smtp.example.com');
    assert.equal(s.smtp.password, undefined);
    assert.equal(s.s3.secret, undefined);
    assert.equal(s.backups.s3.secret, undefined);
    assert.equal(s.batch.enabled, true);
    assert.equal(s.rateLimits.enabled, false);
    assert.deepEqual(Object.keys(s.rateLimits.rules[0]).sort(), ['audience', 'duration', 'label', 'maxRequests']);
  });

  test('only superusers may read or change settings', async () => {
    await rejectsWith(fixture.client().settings.getAll(), 401);
    const user = await fixture.asUser('test@example.com');
    await rejectsWith(user.settings.getAll(), 403);
    await rejectsWith(user.settings.update({ meta: { appName: 'hijacked' } }), 403);
  });
});

describe('changing settings on an empty data directory', () => {
  let pb;
  let original;
  before(async () => {
    pb = await empty.asSuperuser();
    original = await pb.settings.getAll();
  });
  after(async () => {
    await pb.settings.update({ meta: original.meta, smtp: { host: original.smtp.host, port: original.smtp.port, username: '' } });
  });

  test('a new data directory starts with PocketBase defaults', async () => {
    assert.deepEqual(Object.keys(original).sort(), KEYS);
    assert.equal(original.meta.appName, 'Acme');
    assert.equal(original.meta.appURL, 'http://localhost:8090');
    assert.equal(original.smtp.enabled, false);
    assert.equal(original.s3.enabled, false);
    // Basalt's one deliberate default change: auth endpoints are rate limited on new data directories
    assert.equal(original.rateLimits.enabled, true);
    assert.ok(original.rateLimits.rules.some((r) => r.label === '*:auth'), JSON.stringify(original.rateLimits.rules));
    assert.deepEqual(original.superuserIPs, []);
    assert.deepEqual(Object.keys(original.batch).sort(), ['enabled', 'maxBodySize', 'maxRequests', 'timeout']);
  });

  test('update() changes what is sent, keeps the rest, and answers the full settings', async () => {
    const updated = await pb.settings.update({ meta: { appName: 'E2E App', senderName: 'E2E Sender' } });
    assert.deepEqual(Object.keys(updated).sort(), KEYS);
    assert.equal(updated.meta.appName, 'E2E App');
    assert.equal(updated.meta.senderName, 'E2E Sender');
    assert.equal(updated.meta.appURL, original.meta.appURL);
    assert.deepEqual(updated.smtp, original.smtp);
    const again = await pb.settings.getAll({ fields: 'meta.appName,meta.senderName' });
    assert.deepEqual(again, { meta: { appName: 'E2E App', senderName: 'E2E Sender' } });
  });

  test('secrets are stored but never sent back', async () => {
    const updated = await pb.settings.update({ smtp: { host: 'smtp.e2e.test', port: 2525, username: 'mailer', password: 'sekret' } });
    assert.equal(updated.smtp.host, 'smtp.e2e.test');
    assert.equal(updated.smtp.port, 2525);
    assert.equal(updated.smtp.username, 'mailer');
    assert.equal(updated.smtp.password, undefined);
    assert.equal((await pb.settings.getAll()).smtp.password, undefined);
  });

  test('invalid values are 400s with per-field errors and change nothing', async () => {
    await rejectsWith(pb.settings.update({ meta: { appName: '' } }), 400, {
      data: { meta: { appName: { code: 'validation_required' } } },
    });
    await rejectsWith(pb.settings.update({ meta: { appURL: 'not a url' } }), 400, {
      data: { meta: { appURL: { code: 'validation_is_url' } } },
    });
    await rejectsWith(pb.settings.update({ logs: { maxDays: -1 } }), 400, {
      data: { logs: { maxDays: { code: 'validation_min_greater_equal_than_required' } } },
    });
    assert.equal((await pb.settings.getAll()).meta.appName, 'E2E App');
  });

  test('a value of the wrong JSON type is refused', async () => {
    await rejectsWith(pb.settings.update({ meta: { appName: 5 } }), 400);
    assert.equal((await pb.settings.getAll()).meta.appName, 'E2E App');
  });

  test('testS3 fails with a 400 while S3 storage is disabled', async () => {
    const err = await rejectsWith(pb.settings.testS3('storage'), 400);
    assert.match(err.response.message, /^Failed to test the S3 filesystem/);
  });
});

describe('pb.settings.generateAppleClientSecret', () => {
  test('an ES256 JWT for Apple, signed with the given key', async () => {
    const pb = await fixture.asSuperuser();
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
    const { secret } = await pb.settings.generateAppleClientSecret('com.example.app', 'TEAM123456', 'KEY1234567', pem, 3600);
    const [h, p, sig] = secret.split('.');
    const header = JSON.parse(Buffer.from(h, 'base64url'));
    const claims = JSON.parse(Buffer.from(p, 'base64url'));
    assert.deepEqual([header.alg, header.kid], ['ES256', 'KEY1234567']);
    assert.deepEqual([claims.iss, claims.sub, claims.aud], ['TEAM123456', 'com.example.app', 'https://appleid.apple.com']);
    assert.equal(claims.exp - claims.iat, 3600);
    const ok = verify('sha256', Buffer.from(`${h}.${p}`), { key: publicKey, dsaEncoding: 'ieee-p1363' },
      Buffer.from(sig, 'base64url'));
    assert.equal(ok, true);
    await rejectsWith(pb.settings.generateAppleClientSecret('', 'short', 'KEY1234567', 'nope', 0), 400);
  });
});

