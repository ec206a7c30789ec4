// Files through the SDK: uploads with File / Blob / FormData (multipart + @jsonPayload), file
// modifiers, pb.files.getURL (thumb, download, token), pb.files.getToken for protected files.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { png, pngSize } from '../lib/images.mjs';
import { rejectsWith, uniqueName, useServer } from '../lib/harness.mjs';

const server = useServer('fixture');

const STORED_NAME = (base, ext) => new RegExp(`^${base}_[a-z0-9]{10}\\.${ext}$`);

async function download(url, init) {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

describe('files of the PocketBase fixture', () => {
  test('getURL of an existing image, with the thumb sizes the field allows', async () => {
    const pb = await server.asUser('test@example.com');
    const me = await pb.collection('users').getOne('4q1xlclmfloku33');
    assert.equal(me.avatar, '300_1SEi6Q6U72.png');
    const url = pb.files.getURL(me, me.avatar);
    assert.equal(url, `${server.url}/api/files/_pb_users_auth_/4q1xlclmfloku33/300_1SEi6Q6U72.png`);
    const original = await download(url);
    assert.equal(original.status, 200);
    assert.equal(original.headers.get('content-type'), 'image/png');
    assert.deepEqual(pngSize(original.body), { width: 300, height: 300 });
    const thumbs = { '70x50': [70, 50], '0x50': [50, 50], '70x0': [70, 70], '100x100': [100, 100], '30x30': [300, 300] };
    for (const [thumb, [width, height]] of Object.entries(thumbs)) {
      const res = await download(pb.files.getURL(me, me.avatar, { thumb }));
      assert.equal(res.status, 200, thumb);
      assert.deepEqual(pngSize(res.body), { width, height }, `thumb ${thumb}`);
    }
  });

  test('a protected file needs a file token from pb.files.getToken()', async () => {
    const pb = await server.asSuperuser();
    const rec = await pb.collection('demo1').getOne('84nmscqy84lsi1t');
    assert.equal(rec.file_one, 'test_d61b33QdDU.txt');
    assert.equal((await download(pb.files.getURL(rec, rec.file_one))).status, 404);
    const token = await pb.files.getToken();
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const res = await download(pb.files.getURL(rec, rec.file_one, { token }));
    assert.equal(res.status, 200);
    assert.equal(res.body.toString(), 'test\n');
    const attachment = await download(pb.files.getURL(rec, rec.file_one, { token, download: true }));
    assert.equal(attachment.headers.get('content-disposition'), 'attachment; filename="test_d61b33QdDU.txt"');
    assert.equal((await download(pb.files.getURL(rec, rec.file_one, { token: 'garbage' }))).status, 404);
    // a user's file token does not pass demo1's (superuser-only) view rule
    const user = await server.asUser('test@example.com');
    const userToken = await user.files.getToken();
    assert.equal((await download(pb.files.getURL(rec, rec.file_one, { token: userToken }))).status, 404);
    // guests cannot get a token at all
    await rejectsWith(server.client().files.getToken(), 401);
  });
});

describe('uploading through the SDK', () => {
  const name = uniqueName('e2e_files');
  const secret = uniqueName('e2e_secret');
  let su;

  before(async () => {
    su = await server.asSuperuser();
    await su.collections.create({
      name,
      type: 'base',
      listRule: '',
      viewRule: '',
      createRule: '',
      updateRule: '',
      deleteRule: '',
      fields: [
        { name: 'title', type: 'text' },
        { name: 'tags', type: 'json' },
        { name: 'cover', type: 'file', maxSelect: 1, mimeTypes: ['image/png'], thumbs: ['50x50', '20x0'] },
        { name: 'docs', type: 'file', maxSelect: 5, maxSize: 1000 },
      ],
    });
    await su.collections.create({
      name: secret,
      type: 'base',
      listRule: '@request.auth.id != ""',
      viewRule: '@request.auth.id != ""',
      createRule: '@request.auth.id != ""',
      fields: [{ name: 'doc', type: 'file', maxSelect: 1, protected: true }],
    });
  });
  after(async () => {
    await su.collections.delete(name);
    await su.collections.delete(secret);
  });

  test('create() with File and Blob values sends multipart; JSON values survive in @jsonPayload', async () => {
    const pb = server.client();
    const image = png(80, 40);
    const rec = await pb.collection(name).create({
      title: 'files',
      tags: { nested: [1, 'two'] },
      cover: new File([image], 'My Photo.PNG', { type: 'image/png' }),
      docs: [new Blob(['hello blob']), new File(['second file'], 'two.txt', { type: 'text/plain' })],
    });
    assert.equal(rec.title, 'files');
    assert.deepEqual(rec.tags, { nested: [1, 'two'] });
    assert.match(rec.cover, STORED_NAME('my_photo', 'PNG'));
    assert.equal(rec.docs.length, 2);
    assert.match(rec.docs[0], STORED_NAME('blob', 'txt'));
    assert.match(rec.docs[1], STORED_NAME('two', 'txt'));

    const cover = await download(pb.files.getURL(rec, rec.cover));
    assert.equal(cover.status, 200);
    assert.equal(cover.headers.get('content-type'), 'image/png');
    assert.ok(cover.body.equals(image), 'downloaded bytes equal the upload');
    const doc = await download(pb.files.getURL(rec, rec.docs[1]));
    assert.equal(doc.body.toString(), 'second file');
    assert.match(doc.headers.get('content-type'), /^text\/plain/);
    const blob = await download(pb.files.getURL(rec, rec.docs[0], { download: true }));
    assert.equal(blob.body.toString(), 'hello blob');
    assert.match(blob.headers.get('content-disposition'), /^attachment/);

    const thumbs = { '50x50': [50, 50], '20x0': [20, 10], '30x30': [80, 40] };
    for (const [thumb, [width, height]] of Object.entries(thumbs)) {
      const res = await download(pb.files.getURL(rec, rec.cover, { thumb }));
      assert.equal(res.status, 200);
      assert.deepEqual(pngSize(res.body), { width, height }, `thumb ${thumb}`);
    }
  });

  test('create() with a FormData body built by hand', async () => {
    const pb = server.client();
    const form = new FormData();
    form.append('title', 'from FormData');
    form.append('docs', new Blob(['one']), 'one.txt');
    form.append('docs', new Blob(['two']), 'two.txt');
    const rec = await pb.collection(name).create(form);
    assert.equal(rec.title, 'from FormData');
    assert.equal(rec.docs.length, 2);
    assert.match(rec.docs[0], STORED_NAME('one', 'txt'));
    assert.equal((await download(pb.files.getURL(rec, rec.docs[1]))).body.toString(), 'two');
  });

  test('update() appends (docs+), removes (docs-) and clears files; removed files are gone', async () => {
    const pb = server.client();
    const rec = await pb.collection(name).create({ docs: [new File(['a'], 'a.txt'), new File(['b'], 'b.txt')] });
    const appended = await pb.collection(name).update(rec.id, { 'docs+': new File(['c'], 'c.txt') });
    assert.deepEqual(appended.docs.slice(0, 2), rec.docs);
    assert.match(appended.docs[2], /^c[a-z0-9]{10}_[a-z0-9]{10}\.txt$/); // short names get extra random characters
    const removed = await pb.collection(name).update(rec.id, { 'docs-': [rec.docs[0]] });
    assert.deepEqual(removed.docs, [rec.docs[1], appended.docs[2]]);
    assert.equal((await download(pb.files.getURL(rec, rec.docs[0]))).status, 404);
    const cleared = await pb.collection(name).update(rec.id, { docs: [] });
    assert.deepEqual(cleared.docs, []);
    assert.equal((await download(pb.files.getURL(rec, rec.docs[1]))).status, 404);
    const replaced = await pb.collection(name).update(rec.id, { cover: new File([png(10, 10)], 'c.png') });
    assert.match(replaced.cover, /\.png$/);
  });

  test('update() with kept names plus new File values, and +field prepends', async () => {
    const pb = server.client();
    const rec = await pb.collection(name).create({ docs: [new File(['a'], 'aaa.txt'), new File(['b'], 'bbb.txt')] });
    // the SDK sends the kept names as JSON and the new file as "docs+"
    const mixed = await pb.collection(name).update(rec.id, { docs: [rec.docs[1], new File(['c'], 'ccc.txt')] });
    assert.equal(mixed.docs.length, 2);
    assert.equal(mixed.docs[0], rec.docs[1]);
    assert.match(mixed.docs[1], STORED_NAME('ccc', 'txt'));
    const prepended = await pb.collection(name).update(rec.id, { '+docs': new File(['d'], 'ddd.txt') });
    assert.match(prepended.docs[0], STORED_NAME('ddd', 'txt'));
    assert.deepEqual(prepended.docs.slice(1), mixed.docs);
    // a client cannot attach a file by naming one the record does not hold
    await rejectsWith(pb.collection(name).update(rec.id, { docs: ['not-mine.txt'] }), 400, {
      data: { docs: { code: 'validation_invalid_file' } },
    });
  });

  test('file validation: content-sniffed mime types and maxSize', async () => {
    const pb = server.client();
    // a .png name and type do not help: the content is text
    await rejectsWith(pb.collection(name).create({ cover: new File(['plain text'], 'fake.png', { type: 'image/png' }) }), 400, {
      data: { cover: { code: 'validation_invalid_mime_type' } },
    });
    await rejectsWith(pb.collection(name).create({ docs: new File([Buffer.alloc(2000, 'a')], 'big.txt') }), 400, {
      data: { docs: { code: 'validation_file_size_limit' } },
    });
    await rejectsWith(
      pb.collection(name).create({ docs: Array.from({ length: 6 }, (_, i) => new File([`${i}`], `${i}.txt`)) }),
      400,
      { data: { docs: { code: 'validation_too_many_files' } } },
    );
  });

  test('protected files: 404 without a token, served with a token of any auth record that passes the view rule', async () => {
    const user = await server.asUser('test@example.com');
    const rec = await user.collection(secret).create({ doc: new File(['top secret'], 'secret.txt') });
    const url = user.files.getURL(rec, rec.doc);
    assert.equal((await download(url)).status, 404);
    const token = await user.files.getToken();
    const res = await download(user.files.getURL(rec, rec.doc, { token }));
    assert.equal(res.status, 200);
    assert.equal(res.body.toString(), 'top secret');
    const superuserToken = await su.files.getToken();
    assert.equal((await download(su.files.getURL(rec, rec.doc, { token: superuserToken }))).status, 200);
  });
});
