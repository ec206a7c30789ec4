// pb.collection(name).getList / getFullList / getFirstListItem / getOne / create / update / delete,
// with pb.filter() parameters, sort, expand, fields and skipTotal, against a copy of the
// PocketBase fixture (read-only checks on its collections) and collections the tests create.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DATE_RE, ID_RE, rejectsWith, uniqueName, useServer } from '../lib/harness.mjs';

const server = useServer('fixture');

const DEMO2 = { id: 'sz5l5z67tg7gku0', records: { test1: 'llvuca81nly1qls', test2: 'achvryl401bhse3', test3: '0yxhwia2amd8gec' } };
const USER1 = { id: '4q1xlclmfloku33', email: 'test@example.com', username: 'users75657' };
const USER2 = { id: 'oap640cot4yru2s', email: 'test2@example.com' };

describe('reading the fixture as a guest (demo2 is public)', () => {
  test('getList() defaults: page 1, perPage 30, totals, record shape', async () => {
    const pb = server.client();
    const list = await pb.collection('demo2').getList();
    assert.equal(list.page, 1);
    assert.equal(list.perPage, 30);
    assert.equal(list.totalItems, 3);
    assert.equal(list.totalPages, 1);
    assert.equal(list.items.length, 3);
    for (const item of list.items) {
      assert.match(item.id, ID_RE);
      assert.equal(item.collectionId, DEMO2.id);
      assert.equal(item.collectionName, 'demo2');
      assert.match(item.created, DATE_RE);
      assert.match(item.updated, DATE_RE);
      assert.equal(typeof item.active, 'boolean');
    }
    assert.deepEqual(Object.keys(list.items[0]).sort(), ['active', 'collectionId', 'collectionName', 'created', 'id', 'title', 'updated']);
  });

  test('getList(page, perPage, {sort}) pages through the records', async () => {
    const pb = server.client();
    const first = await pb.collection('demo2').getList(1, 2, { sort: 'title' });
    assert.deepEqual(first.items.map((r) => r.title), ['test1', 'test2']);
    assert.deepEqual([first.page, first.perPage, first.totalItems, first.totalPages], [1, 2, 3, 2]);
    const second = await pb.collection('demo2').getList(2, 2, { sort: 'title' });
    assert.deepEqual(second.items.map((r) => r.title), ['test3']);
    assert.equal(second.page, 2);
    const desc = await pb.collection('demo2').getList(1, 30, { sort: '-title' });
    assert.deepEqual(desc.items.map((r) => r.title), ['test3', 'test2', 'test1']);
    const multi = await pb.collection('demo2').getList(1, 30, { sort: '-active,title' });
    assert.deepEqual(multi.items.map((r) => r.title), ['test2', 'test3', 'test1']);
  });

  test('getList with a pb.filter() expression and bound parameters', async () => {
    const pb = server.client();
    const filter = pb.filter('active = {:active} && title != {:title}', { active: true, title: 'test3' });
    assert.equal(filter, 'active = true && title != "test3"');
    const list = await pb.collection('demo2').getList(1, 10, { filter });
    assert.deepEqual(list.items.map((r) => r.id), [DEMO2.records.test2]);
    assert.equal(list.totalItems, 1);
  });

  test('getList normalises paging: perPage is capped at 1000, 0 means 30, pages past the end are empty', async () => {
    const pb = server.client();
    assert.equal((await pb.collection('demo2').getList(1, 5000)).perPage, 1000);
    assert.equal((await pb.collection('demo2').getList(1, 0)).perPage, 30);
    const past = await pb.collection('demo2').getList(9, 2);
    assert.deepEqual([past.page, past.items.length, past.totalItems, past.totalPages], [9, 0, 3, 2]);
  });

  test(
    'special sort: @rowid',
    async () => {
      const pb = server.client();
      const byRowid = await pb.collection('demo2').getFullList({ sort: '-@rowid', fields: 'title' });
      assert.deepEqual(byRowid.map((r) => r.title), ['test3', 'test2', 'test1']);
    },
  );

  test('special sort: @random', async () => {
    const pb = server.client();
    const random = await pb.collection('demo2').getFullList({ sort: '@random', fields: 'title' });
    assert.deepEqual(random.map((r) => r.title).sort(), ['test1', 'test2', 'test3']);
  });

  test('getList with skipTotal answers -1 totals and still pages', async () => {
    const pb = server.client();
    const list = await pb.collection('demo2').getList(1, 2, { skipTotal: true, sort: 'title' });
    assert.equal(list.totalItems, -1);
    assert.equal(list.totalPages, -1);
    assert.deepEqual(list.items.map((r) => r.title), ['test1', 'test2']);
  });

  test('getList with fields picks keys of every item', async () => {
    const pb = server.client();
    const list = await pb.collection('demo2').getList(1, 30, { fields: 'id,title', sort: 'title' });
    assert.deepEqual(list.items, [
      { id: DEMO2.records.test1, title: 'test1' },
      { id: DEMO2.records.test2, title: 'test2' },
      { id: DEMO2.records.test3, title: 'test3' },
    ]);
  });

  test('getFullList() fetches every record, across several pages with a small batch', async () => {
    const pb = server.client();
    const all = await pb.collection('demo2').getFullList({ sort: 'title' });
    assert.deepEqual(all.map((r) => r.title), ['test1', 'test2', 'test3']);
    // batch 2: the SDK asks for page 1 and 2 (skipTotal) and stops on the short page.
    const batched = await pb.collection('demo2').getFullList({ batch: 2, sort: '-title', fields: 'title' });
    assert.deepEqual(batched, [{ title: 'test3' }, { title: 'test2' }, { title: 'test1' }]);
  });

  test('getFirstListItem() returns the first match, and a 404 ClientResponseError for none', async () => {
    const pb = server.client();
    const rec = await pb.collection('demo2').getFirstListItem(pb.filter('title = {:t}', { t: 'test2' }));
    assert.equal(rec.id, DEMO2.records.test2);
    assert.equal(rec.active, true);
    await rejectsWith(pb.collection('demo2').getFirstListItem('title = "no such title"'), 404);
  });

  test('getOne() returns the record; a missing id is a 404', async () => {
    const pb = server.client();
    const rec = await pb.collection('demo2').getOne(DEMO2.records.test1);
    assert.equal(rec.title, 'test1');
    assert.equal(rec.active, false);
    assert.equal(rec.created, '2022-10-12 11:42:51.509Z');
    const picked = await pb.collection('demo2').getOne(DEMO2.records.test1, { fields: 'title' });
    assert.deepEqual(picked, { title: 'test1' });
    await rejectsWith(pb.collection('demo2').getOne('missing12345678'), 404, {
      message: "The requested resource wasn't found.",
    });
    // the SDK refuses an empty id itself, without a request
    await rejectsWith(pb.collection('demo2').getOne(''), 404, { message: 'Missing required record id.' });
  });

  test('locked and rule-protected collections refuse guests the PocketBase way', async () => {
    const pb = server.client();
    await rejectsWith(pb.collection('users').getList(), 403, { message: 'Only superusers can perform this action.' });
    await rejectsWith(pb.collection('users').getOne(USER1.id), 404);
    await rejectsWith(pb.collection('demo1').create({ text: 'x' }), 403);
    // view1's list rule needs an authenticated caller: guests see an empty list, not an error.
    const view1 = await pb.collection('view1').getList();
    assert.equal(view1.totalItems, 0);
    assert.deepEqual(view1.items, []);
  });

  test('guests may not filter by @request.* (403) and a bad filter is a 400', async () => {
    const pb = server.client();
    await rejectsWith(pb.collection('demo2').getList(1, 5, { filter: '@request.auth.id != ""' }), 403);
    await rejectsWith(pb.collection('demo2').getList(1, 5, { filter: 'title ~~ 1' }), 400);
    await rejectsWith(pb.collection('demo2').getList(1, 5, { sort: 'nosuchfield' }), 400);
  });

  test('view collections are listable but not writable', async () => {
    const pb = server.client();
    const list = await pb.collection('view2').getList(1, 2);
    assert.equal(list.totalItems, 3);
    assert.equal(list.items[0].collectionName, 'view2');
    const su = await server.asSuperuser();
    await rejectsWith(su.collection('view2').create({}), 400, { message: 'Unsupported collection type.' });
  });

  test('a raw pb.send() call reaches the records API with query parameters', async () => {
    const pb = server.client();
    const list = await pb.send('/api/collections/demo2/records', { query: { perPage: 1, sort: 'title', fields: 'title' } });
    assert.deepEqual(list.items, [{ title: 'test1' }]);
    assert.equal(list.perPage, 1);
    assert.equal(pb.buildURL('/api/health'), `${server.url}/api/health`);
  });
});

describe('reading the fixture as a superuser (demo1 is superuser-only)', () => {
  let pb;
  before(async () => {
    pb = await server.asSuperuser();
  });

  test('pb.filter() binds numbers, booleans, dates and null', async () => {
    const ids = async (filter, options = {}) =>
      (await pb.collection('demo1').getFullList({ filter, fields: 'id', ...options })).map((r) => r.id);
    assert.deepEqual(await ids(pb.filter('number > {:n} && bool = {:b}', { n: 100, b: true })), ['84nmscqy84lsi1t']);
    const date = pb.filter('datetime >= {:d}', { d: new Date('2022-09-30T00:00:00Z') });
    assert.equal(date, 'datetime >= "2022-09-30 00:00:00.000Z"');
    assert.deepEqual(await ids(date), ['84nmscqy84lsi1t']);
    assert.deepEqual(await ids(pb.filter('datetime = {:n}', { n: null }), { sort: '-number' }), ['al1h9ijdeojtsjy', 'imy661ixudk5izi']);
    assert.deepEqual(await ids(pb.filter('text ~ {:t}', { t: 'es' }), { sort: 'text' }), ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy']);
    assert.deepEqual(await ids(pb.filter('rel_many.email ?= {:e}', { e: USER2.email }), { sort: 'text' }), ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy']);
  });

  test(
    'filters on JSON paths',
    async () => {
      const ids = async (filter) => (await pb.collection('demo1').getFullList({ filter, sort: 'text', fields: 'id' })).map((r) => r.id);
      assert.deepEqual(await ids('json.0 = 1'), ['84nmscqy84lsi1t']);
    },
  );

  test(
    'filters with geoDistance() over a geoPoint',
    async () => {
      const filter = pb.filter('geoDistance(point.lon, point.lat, {:lon}, {:lat}) < 50', { lon: 23.3, lat: 42.6 });
      const found = await pb.collection('demo1').getFullList({ filter, fields: 'id' });
      assert.deepEqual(found.map((r) => r.id), ['al1h9ijdeojtsjy']);
    },
  );

  test(
    "sorting by a relation's field",
    async () => {
      const sorted = await pb.collection('demo1').getFullList({ sort: '-rel_one.text,text', fields: 'text' });
      assert.deepEqual(sorted.map((r) => r.text), ['test2', 'lorem ipsum', 'test']);
    },
  );

  test('filters through a multiple relation: any (?=) and all (=) of its records', async () => {
    const ids = async (filter) => (await pb.collection('demo1').getFullList({ filter, sort: 'text', fields: 'id' })).map((r) => r.id);
    assert.deepEqual(await ids('rel_many.verified ?= true && created < @now'), ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy']);
    assert.deepEqual(await ids('rel_many.verified = true'), ['84nmscqy84lsi1t']);
  });

  test('field values of every type come back as PocketBase sends them', async () => {
    const rec = await pb.collection('demo1').getOne('84nmscqy84lsi1t');
    assert.equal(rec.text, 'test');
    assert.equal(rec.bool, true);
    assert.equal(rec.number, 123456);
    assert.equal(rec.datetime, '2022-10-01 12:00:00.000Z');
    assert.equal(rec.select_one, 'optionB');
    assert.deepEqual(rec.select_many, ['optionB', 'optionC']);
    assert.deepEqual(rec.json, [1, 2, 3]);
    assert.deepEqual(rec.point, { lon: 0, lat: 0 });
    assert.equal(rec.email, 'test@example.com');
    assert.equal(rec.rel_one, '');
    assert.deepEqual(rec.rel_many, [USER2.id]);
    assert.equal(rec.file_one, 'test_d61b33QdDU.txt');
    assert.equal(rec.file_many.length, 5);
  });

  test('expand: single relation as an object, multiple as an array, nested and back-relations', async () => {
    const rec = await pb.collection('demo1').getOne('al1h9ijdeojtsjy', { expand: 'rel_one,rel_many' });
    assert.equal(rec.expand.rel_one.id, '84nmscqy84lsi1t');
    assert.equal(rec.expand.rel_one.collectionName, 'demo1');
    assert.ok(Array.isArray(rec.expand.rel_many));
    // expanded records keep the order of the relation field
    assert.deepEqual(rec.expand.rel_many.map((u) => u.id), rec.rel_many);
    assert.equal(rec.expand.rel_many[0].collectionName, 'users');

    const star = await pb.collection('demo1').getOne('al1h9ijdeojtsjy', { expand: 'rel_one', fields: '*,expand.rel_one.text' });
    assert.equal(star.text, 'test2');
    assert.deepEqual(star.expand, { rel_one: { text: 'test' } });

    const nested = await pb.collection('demo1').getOne('al1h9ijdeojtsjy', {
      expand: 'rel_one.rel_many',
      fields: 'id,expand.rel_one.text,expand.rel_one.expand.rel_many.email',
    });
    assert.deepEqual(nested, {
      id: 'al1h9ijdeojtsjy',
      expand: { rel_one: { text: 'test', expand: { rel_many: [{ email: USER2.email }] } } },
    });

    const back = await pb.collection('users').getOne(USER2.id, { expand: 'demo1_via_rel_many', fields: 'expand.demo1_via_rel_many.id' });
    assert.deepEqual(back.expand.demo1_via_rel_many.map((r) => r.id).sort(), ['84nmscqy84lsi1t', 'al1h9ijdeojtsjy']);

    const list = await pb.collection('demo1').getList(1, 10, { expand: 'rel_one', filter: 'rel_one != ""', fields: 'id,expand.rel_one.id' });
    assert.deepEqual(list.items, [{ id: 'al1h9ijdeojtsjy', expand: { rel_one: { id: '84nmscqy84lsi1t' } } }]);
  });

  test('superusers see the auth records guests may not', async () => {
    const users = await pb.collection('users').getFullList({ sort: 'email', fields: 'id,email,username' });
    assert.deepEqual(users.map((u) => u.email), ['test2@example.com', 'test3@example.com', 'test@example.com']);
    const one = await pb.collection('users').getOne(USER1.id);
    assert.equal(one.email, USER1.email);
    assert.equal(one.username, USER1.username);
    assert.equal(one.password, undefined);
    assert.equal(one.tokenKey, undefined);
  });
});

describe('writing records', () => {
  const posts = uniqueName('e2e_posts');
  const comments = uniqueName('e2e_comments');
  let su; // superuser client
  let alice; // fixture user test@example.com
  let bob; // fixture user test2@example.com
  let postsId;

  before(async () => {
    su = await server.asSuperuser();
    const created = await su.collections.create({
      name: posts,
      type: 'base',
      listRule: '',
      viewRule: '',
      createRule: '@request.auth.id != ""',
      updateRule: 'author = @request.auth.id',
      deleteRule: 'author = @request.auth.id',
      fields: [
        { name: 'title', type: 'text', required: true, max: 100 },
        { name: 'views', type: 'number' },
        { name: 'tags', type: 'select', maxSelect: 3, values: ['a', 'b', 'c'] },
        { name: 'author', type: 'relation', collectionId: '_pb_users_auth_', maxSelect: 1 },
        { name: 'body', type: 'editor' },
        { name: 'meta', type: 'json' },
        { name: 'secret', type: 'text', hidden: true },
        { name: 'created', type: 'autodate', onCreate: true },
        { name: 'updated', type: 'autodate', onCreate: true, onUpdate: true },
      ],
    });
    postsId = created.id;
    await su.collections.create({
      name: comments,
      type: 'base',
      listRule: '',
      viewRule: '',
      createRule: '',
      deleteRule: '',
      fields: [
        { name: 'post', type: 'relation', collectionId: postsId, maxSelect: 1, required: true },
        { name: 'text', type: 'text' },
      ],
    });
    alice = await server.asUser(USER1.email);
    bob = await server.asUser(USER2.email);
  });

  after(async () => {
    await su.collections.delete(comments);
    await su.collections.delete(posts);
  });

  test('create() returns the stored record, with expand and fields options', async () => {
    const rec = await alice.collection(posts).create(
      { title: 'Hello', views: 1, tags: ['a'], author: USER1.id, body: '<p>Lorem ipsum dolor sit amet</p>', meta: { k: [1, 2] } },
      { expand: 'author' },
    );
    assert.match(rec.id, ID_RE);
    assert.equal(rec.collectionId, postsId);
    assert.equal(rec.collectionName, posts);
    assert.equal(rec.title, 'Hello');
    assert.equal(rec.views, 1);
    assert.deepEqual(rec.tags, ['a']);
    assert.deepEqual(rec.meta, { k: [1, 2] });
    assert.match(rec.created, DATE_RE);
    assert.equal(rec.created, rec.updated);
    assert.equal(rec.expand.author.id, USER1.id);
    // the owner sees their own email in an expand
    assert.equal(rec.expand.author.email, USER1.email);

    const picked = await alice.collection(posts).create(
      { title: 'Picked', author: USER1.id, body: '<p>Lorem ipsum dolor sit amet</p>' },
      { fields: 'id,title,body:excerpt(10,true)' },
    );
    assert.deepEqual(Object.keys(picked).sort(), ['body', 'id', 'title']);
    assert.equal(picked.body, 'Lorem ipsu...');
  });

  test('create() with an explicit id keeps it; a duplicate id is a 400', async () => {
    const id = `e2e${Date.now().toString(36)}`.padEnd(15, '0').slice(0, 15);
    const rec = await alice.collection(posts).create({ id, title: 'Mine', author: USER1.id });
    assert.equal(rec.id, id);
    await rejectsWith(alice.collection(posts).create({ id, title: 'Again', author: USER1.id }), 400);
  });

  test('create() validation errors: 400 with a code per field', async () => {
    const err = await rejectsWith(alice.collection(posts).create({ tags: ['z'], views: 2 }), 400, {
      message: 'Failed to create record.',
      data: { title: { code: 'validation_required' }, tags: { code: 'validation_invalid_value' } },
    });
    assert.deepEqual(Object.keys(err.response.data).sort(), ['tags', 'title']);
    assert.equal(typeof err.response.data.title.message, 'string');
    await rejectsWith(alice.collection(posts).create({ title: 'x'.repeat(101) }), 400, {
      data: { title: { code: 'validation_max_text_constraint' } },
    });
  });

  test('create() as a guest fails the create rule with a 400', async () => {
    await rejectsWith(server.client().collection(posts).create({ title: 'guest' }), 400, {
      message: 'Failed to create record.',
    });
  });

  test('update() with field modifiers; rule failures are 404s', async () => {
    const rec = await alice.collection(posts).create({ title: 'Counter', views: 1, tags: ['a'], author: USER1.id });
    const updated = await alice.collection(posts).update(rec.id, { 'views+': 4, 'tags+': ['b', 'c'], title: 'Counted' });
    assert.equal(updated.views, 5);
    assert.deepEqual(updated.tags, ['a', 'b', 'c']);
    assert.equal(updated.title, 'Counted');
    assert.equal(updated.created, rec.created);
    assert.ok(updated.updated >= rec.updated);
    const removed = await alice.collection(posts).update(rec.id, { 'tags-': 'b', 'views-': 1 }, { fields: 'tags,views' });
    assert.deepEqual(removed, { tags: ['a', 'c'], views: 4 });
    // bob is not the author: PocketBase answers 404, not 403
    await rejectsWith(bob.collection(posts).update(rec.id, { title: 'stolen' }), 404);
    await rejectsWith(server.client().collection(posts).update(rec.id, { title: 'stolen' }), 404);
    await rejectsWith(alice.collection(posts).update('missing12345678', { title: 'x' }), 404);
    await rejectsWith(alice.collection(posts).update(rec.id, { title: '' }), 400, {
      data: { title: { code: 'validation_required' } },
    });
    assert.equal((await server.client().collection(posts).getOne(rec.id)).title, 'Counted');
  });

  test('hidden fields: only superusers write, read, filter or sort them', async () => {
    const rec = await alice.collection(posts).create({ title: 'Hidden', author: USER1.id, secret: 'from alice' });
    assert.equal(rec.secret, undefined);
    assert.equal((await su.collection(posts).getOne(rec.id)).secret, '', 'a non-superuser value is ignored');
    const set = await su.collection(posts).update(rec.id, { secret: 'from su' });
    assert.equal(set.secret, 'from su');
    const asGuest = await server.client().collection(posts).getOne(rec.id, { fields: 'title,secret' });
    assert.deepEqual(asGuest, { title: 'Hidden' });
    await rejectsWith(server.client().collection(posts).getList(1, 1, { filter: 'secret = "from su"' }), 400);
    await rejectsWith(server.client().collection(posts).getList(1, 1, { sort: 'secret' }), 400);
    const found = await su.collection(posts).getFirstListItem('secret = "from su"');
    assert.equal(found.id, rec.id);
  });

  test('pb.filter() escapes quotes in bound strings', async () => {
    // (the SDK JSON-encodes strings, so backslashes and newlines would not round-trip on PocketBase either)
    const title = `it's "quoted" {:x}`;
    const rec = await alice.collection(posts).create({ title, author: USER1.id });
    const guest = server.client();
    const found = await guest.collection(posts).getFirstListItem(guest.filter('title = {:title}', { title }));
    assert.equal(found.id, rec.id);
    assert.equal(found.title, title);
    const like = await guest.collection(posts).getFullList({ filter: guest.filter('title ~ {:q}', { q: `"quoted"` }) });
    assert.deepEqual(like.map((r) => r.id), [rec.id]);
  });

  test('expand honours the related collection view rule; back-relations expand as arrays', async () => {
    const post = await alice.collection(posts).create({ title: 'With comments', author: USER1.id });
    const c1 = await server.client().collection(comments).create({ post: post.id, text: 'first' });
    const c2 = await server.client().collection(comments).create({ post: post.id, text: 'second' }, { expand: 'post' });
    assert.equal(c2.expand.post.id, post.id);

    const backName = `${comments}_via_post`;
    const withBack = await server.client().collection(posts).getOne(post.id, { expand: backName });
    assert.deepEqual(withBack.expand[backName].map((c) => c.id).sort(), [c1.id, c2.id].sort());

    // users' view rule is "id = @request.auth.id": a guest and bob cannot expand alice, alice can
    const asGuest = await server.client().collection(posts).getOne(post.id, { expand: 'author' });
    assert.equal(asGuest.expand?.author, undefined);
    const asBob = await bob.collection(posts).getOne(post.id, { expand: 'author' });
    assert.equal(asBob.expand?.author, undefined);
    const asAlice = await alice.collection(comments).getOne(c1.id, { expand: 'post.author' });
    assert.equal(asAlice.expand.post.expand.author.id, USER1.id);

    await rejectsWith(server.client().collection(comments).create({ text: 'orphan' }), 400, {
      data: { post: { code: 'validation_required' } },
    });
  });

  test('delete() returns true, then the record is gone; required references block it', async () => {
    const post = await alice.collection(posts).create({ title: 'To delete', author: USER1.id });
    const comment = await server.client().collection(comments).create({ post: post.id, text: 'pinned' });
    await rejectsWith(bob.collection(posts).delete(post.id), 404);
    // a required, non-cascading relation points at it
    await rejectsWith(alice.collection(posts).delete(post.id), 400);
    assert.equal(await server.client().collection(comments).delete(comment.id), true);
    assert.equal(await alice.collection(posts).delete(post.id), true);
    await rejectsWith(server.client().collection(posts).getOne(post.id), 404);
    await rejectsWith(alice.collection(posts).delete(post.id), 404);
  });

  test('getList over written records: filter by relation, sort and totals', async () => {
    const mine = await alice.collection(posts).getFullList({ filter: alice.filter('author = {:a}', { a: USER1.id }), sort: '-title' });
    assert.ok(mine.length >= 3);
    const titles = mine.map((r) => r.title);
    assert.deepEqual(titles, [...titles].sort().reverse());
    // through the relation into users: only superusers may (users' list rule is locked)
    const page = await su.collection(posts).getList(1, 1, { filter: su.filter('author.username = {:u}', { u: USER1.username }) });
    assert.equal(page.totalItems, mine.length);
    assert.equal(page.items.length, 1);
  });
});
