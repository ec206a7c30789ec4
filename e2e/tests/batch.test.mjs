// pb.createBatch(): create / update / delete / upsert in one all-or-nothing request, with files,
// against an empty data directory (where batch requests start disabled) -- enabled with
// pb.settings.update first, as the SDK docs say.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ID_RE, rejectsWith, uniqueName, useServer } from '../lib/harness.mjs';

const server = useServer('empty');

describe('batch requests', () => {
  const name = uniqueName('e2e_batch');
  const locked = uniqueName('e2e_locked');
  let su;

  const count = async () => (await su.collection(name).getList(1, 1)).totalItems;

  before(async () => {
    su = await server.asSuperuser();
    // a new data directory starts with batch requests off; make sure of it even on a reused server
    await su.settings.update({ batch: { enabled: false } });
    await su.collections.create({
      name,
      type: 'base',
      listRule: '',
      viewRule: '',
      createRule: '',
      updateRule: '',
      deleteRule: '',
      fields: [
        { name: 'title', type: 'text', required: true },
        { name: 'n', type: 'number' },
        { name: 'files', type: 'file', maxSelect: 3 },
      ],
    });
    await su.collections.create({ name: locked, type: 'base', fields: [{ name: 'title', type: 'text' }] });
  });
  after(async () => {
    await su.collections.delete(name);
    await su.collections.delete(locked);
    await su.settings.update({ batch: { enabled: false } });
  });

  test('disabled batch requests answer 403', async () => {
    const batch = su.createBatch();
    batch.collection(name).create({ title: 'never' });
    await rejectsWith(batch.send(), 403, { message: 'Batch requests are not allowed.' });
    assert.equal(await count(), 0);
  });

  test('pb.settings.update enables batch requests', async () => {
    const settings = await su.settings.update({ batch: { enabled: true, maxRequests: 5, timeout: 3 } });
    assert.deepEqual(settings.batch, { enabled: true, maxRequests: 5, timeout: 3, maxBodySize: 0 });
    assert.equal((await su.settings.getAll()).batch.enabled, true);
  });

  test('create, update, upsert (both ways) and delete in one request', async () => {
    const pb = server.client();
    const first = await pb.collection(name).create({ title: 'existing', n: 1 });
    const doomed = await pb.collection(name).create({ title: 'doomed' });
    const upsertId = 'upsert000000001';

    const batch = pb.createBatch();
    batch.collection(name).create({ title: 'created', n: 10 });
    batch.collection(name).update(first.id, { 'n+': 5, title: 'updated' });
    batch.collection(name).upsert({ id: upsertId, title: 'upsert-created' });
    batch.collection(name).upsert({ id: first.id, title: 'upsert-updated' }, { fields: 'id,title,n' });
    batch.collection(name).delete(doomed.id);
    const results = await batch.send();

    assert.deepEqual(results.map((r) => r.status), [200, 200, 200, 200, 204]);
    assert.match(results[0].body.id, ID_RE);
    assert.equal(results[0].body.title, 'created');
    assert.equal(results[0].body.n, 10);
    assert.equal(results[0].body.collectionName, name);
    assert.equal(results[1].body.n, 6);
    assert.equal(results[1].body.title, 'updated');
    assert.equal(results[2].body.id, upsertId);
    assert.deepEqual(results[3].body, { id: first.id, title: 'upsert-updated', n: 6 });
    assert.equal(results[4].body, null);

    const all = await pb.collection(name).getFullList({ sort: 'title', fields: 'title' });
    assert.deepEqual(all.map((r) => r.title), ['created', 'upsert-created', 'upsert-updated']);
    await rejectsWith(pb.collection(name).getOne(doomed.id), 404);
  });

  test('files in a batch: File values become requests.N.field parts', async () => {
    const pb = server.client();
    const batch = pb.createBatch();
    batch.collection(name).create({ title: 'with files', files: [new File(['one'], 'one.txt'), new Blob(['two'])] });
    batch.collection(name).create({ title: 'single', files: new File(['three'], 'three.txt') });
    const [a, b] = await batch.send();
    assert.equal(a.status, 200);
    assert.equal(a.body.files.length, 2);
    assert.match(a.body.files[0], /^one_[a-z0-9]{10}\.txt$/);
    const text = async (rec, file) => (await fetch(pb.files.getURL(rec, file))).text();
    assert.equal(await text(a.body, a.body.files[0]), 'one');
    assert.equal(await text(a.body, a.body.files[1]), 'two');
    assert.equal(await text(b.body, b.body.files[0]), 'three');

    // append with the "+" modifier: the SDK sends plain values as JSON and files as parts
    const more = pb.createBatch();
    more.collection(name).update(a.body.id, { 'files+': new File(['four'], 'four.txt'), n: 4 });
    const [updated] = await more.send();
    assert.equal(updated.body.files.length, 3);
    assert.equal(updated.body.n, 4);
    assert.equal(await text(updated.body, updated.body.files[2]), 'four');
  });

  test('one failing request rolls the whole batch back (400 with the failing index)', async () => {
    const pb = server.client();
    const before = await count();
    const batch = pb.createBatch();
    batch.collection(name).create({ title: 'kept only if all succeed' });
    batch.collection(name).create({ n: 1 }); // title is required
    const err = await rejectsWith(batch.send(), 400, { message: 'Batch transaction failed.' });
    assert.deepEqual(Object.keys(err.response.data.requests), ['1']);
    const failed = err.response.data.requests['1'];
    assert.equal(failed.code, 'batch_request_failed');
    assert.equal(failed.response.status, 400);
    assert.equal(failed.response.data.title.code, 'validation_required');
    assert.equal(await count(), before);

    const withFile = pb.createBatch();
    withFile.collection(name).create({ title: 'file then failure', files: new File(['x'], 'x.txt') });
    withFile.collection(name).delete('missing12345678');
    const err404 = await rejectsWith(withFile.send(), 400);
    assert.equal(err404.response.data.requests['1'].response.status, 404);
    assert.equal(await count(), before);
  });

  test('the callers rules apply inside a batch; limits are validated', async () => {
    const guest = server.client();
    const forbidden = guest.createBatch();
    forbidden.collection(locked).create({ title: 'x' });
    const err = await rejectsWith(forbidden.send(), 400);
    assert.equal(err.response.data.requests['0'].response.status, 403);
    // the superuser may
    const allowed = su.createBatch();
    allowed.collection(locked).create({ title: 'x' });
    assert.equal((await allowed.send())[0].status, 200);

    const tooMany = su.createBatch();
    for (let i = 0; i < 6; i++) tooMany.collection(name).create({ title: `t${i}` });
    await rejectsWith(tooMany.send(), 400, { data: { requests: { code: 'validation_length_too_long' } } });
    await rejectsWith(su.createBatch().send(), 400, { data: { requests: { code: 'validation_required' } } });
  });
});
