// Realtime with the SDK: pb.collection(...).subscribe / unsubscribe with options, pb.realtime,
// rules per subscriber, and the SDK's reconnect after the server dropped the stream.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EventSource } from 'eventsource';
import { uniqueName, useServer } from '../lib/harness.mjs';

globalThis.EventSource = EventSource;

const server = useServer('fixture');
const USER1 = '4q1xlclmfloku33';

/** Collects a subscription's events; waitFor(n) resolves once n arrived (or fails after 5 s). */
function collector() {
  const events = [];
  let wake = () => {};
  return {
    events,
    push(e) {
      events.push(e);
      wake();
    },
    async waitFor(n) {
      const deadline = Date.now() + 5000;
      while (events.length < n) {
        assert.ok(Date.now() < deadline, `expected ${n} events, got ${JSON.stringify(events.map((e) => e.action))}`);
        await new Promise((resolve) => {
          wake = resolve;
          setTimeout(resolve, 100);
        });
      }
      return events;
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

describe('realtime subscriptions', () => {
  const name = uniqueName('e2e_rt');
  let su;

  before(async () => {
    su = await server.asSuperuser();
    await su.collections.create({
      name,
      type: 'base',
      listRule: 'public = true || owner = @request.auth.id',
      viewRule: 'public = true || owner = @request.auth.id',
      fields: [
        { name: 'title', type: 'text' },
        { name: 'public', type: 'bool' },
        { name: 'owner', type: 'relation', collectionId: '_pb_users_auth_', maxSelect: 1 },
      ],
    });
  });
  after(async () => {
    await su.collections.delete(name);
  });

  test('subscribe("*") receives create, update and delete; unsubscribe stops them', async () => {
    const pb = server.client();
    const got = collector();
    const unsubscribe = await pb.collection(name).subscribe('*', (e) => got.push(e));
    assert.equal(pb.realtime.isConnected, true);
    assert.match(pb.realtime.clientId, /^[A-Za-z0-9]{40}$/);

    const r = await su.collection(name).create({ title: 'one', public: true });
    await su.collection(name).update(r.id, { title: 'two' });
    await su.collection(name).delete(r.id);
    const events = await got.waitFor(3);
    assert.deepEqual(events.map((e) => e.action), ['create', 'update', 'delete']);
    assert.equal(events[1].record.title, 'two');
    assert.equal(events[2].record.id, r.id);

    await unsubscribe();
    await su.collection(name).create({ title: 'after', public: true });
    await settle();
    assert.equal(got.events.length, 3);
  });

  test('a record subscription, options, and the rules of each subscriber', async () => {
    const owner = await server.asUser('test@example.com');
    const other = await server.asUser('test2@example.com');
    const guest = server.client();
    const mine = collector();
    const others = collector();
    const guests = collector();
    const picked = collector();
    await owner.collection(name).subscribe('*', (e) => mine.push(e));
    await other.collection(name).subscribe('*', (e) => others.push(e));
    await guest.collection(name).subscribe('*', (e) => guests.push(e));
    const id = 'rtrecordsub0001';
    await owner.collection(name).subscribe(id, (e) => picked.push(e), {
      expand: 'owner',
      fields: 'id,title,expand.owner.id',
      filter: "title != 'hidden'",
    });

    await su.collection(name).create({ id, title: 'private', owner: USER1 });
    await su.collection(name).update(id, { title: 'hidden' });
    await su.collection(name).update(id, { title: 'shown' });
    await mine.waitFor(3);
    const picks = await picked.waitFor(2);
    await settle();
    assert.equal(others.events.length, 0, 'another user does not see a private record');
    assert.equal(guests.events.length, 0, 'nor does a guest');
    assert.deepEqual(picks.map((e) => e.record.title), ['private', 'shown'], 'the filter option applies');
    assert.deepEqual(picks[0].record, { id, title: 'private', expand: { owner: { id: USER1 } } });

    await owner.realtime.unsubscribe();
    await other.realtime.unsubscribe();
    await guest.realtime.unsubscribe();
  });

  test('pb.realtime.subscribe to a topic, and the SDK resubscribes after a reconnect', async () => {
    const pb = server.client();
    const got = collector();
    let disconnected = false;
    pb.realtime.onDisconnect = () => {
      disconnected = true;
    };
    await pb.realtime.subscribe(`${name}/*`, (e) => got.push(e));
    const firstId = pb.realtime.clientId;
    // a network failure: the stream fails, which reaches the SDK as the EventSource's error event
    pb.realtime.eventSource.close();
    pb.realtime.eventSource.onerror(new Event('error'));
    const deadline = Date.now() + 5000;
    while (pb.realtime.clientId === firstId || !pb.realtime.isConnected) {
      assert.ok(Date.now() < deadline, 'the SDK reconnected');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await su.collection(name).create({ title: 'after reconnect', public: true });
    const events = await got.waitFor(1);
    assert.equal(events[0].record.title, 'after reconnect');
    assert.equal(disconnected, true);
    await pb.realtime.unsubscribe();
  });
});
