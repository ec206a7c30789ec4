// Shared test harness: the Basalt servers a test file talks to, SDK clients and assertions.
//
// When run through run.mjs, one fixture server and one empty-directory server serve every test
// file (their URLs come in BASALT_E2E_FIXTURE_URL / BASALT_E2E_EMPTY_URL); a test file run on its
// own (`node --test tests/x.test.mjs`) starts the servers it needs itself.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { ClientResponseError } from 'pocketbase';
import { EMPTY_SUPERUSER, FIXTURE_SUPERUSER, currentDatabase, startServer } from './server.mjs';
import { gapScope, newClient, noteSkipped } from './sdk.mjs';

const ENV_URL = { fixture: 'BASALT_E2E_FIXTURE_URL', empty: 'BASALT_E2E_EMPTY_URL' };
const SUPERUSER = { fixture: FIXTURE_SUPERUSER, empty: EMPTY_SUPERUSER };

/**
 * A Basalt server for this test file: registers before/after hooks that start (or attach to) it.
 * kind: 'fixture' (a copy of the PocketBase fixture) or 'empty' (a new data directory).
 */
export function useServer(kind) {
  const handle = {
    kind,
    url: null,
    superuser: SUPERUSER[kind],
    /** A guest client. */
    client() {
      return newClient(handle.url);
    },
    /** A client authenticated as the server's superuser. */
    async asSuperuser() {
      const pb = newClient(handle.url);
      await pb.collection('_superusers').authWithPassword(handle.superuser.email, handle.superuser.password);
      return pb;
    },
    /** A client authenticated as a record of an auth collection (fixture password by default). */
    async asUser(email, password = '1234567890', collection = 'users') {
      const pb = newClient(handle.url);
      await pb.collection(collection).authWithPassword(email, password);
      return pb;
    },
  };
  let own = null;
  before(async () => {
    const shared = process.env[ENV_URL[kind]];
    if (shared) {
      handle.url = shared;
    } else {
      own = await startServer(kind);
      handle.url = own.url;
    }
  });
  after(async () => {
    if (own) await own.stop();
  });
  return handle;
}

/** The database this run's servers keep their data in: 'sqlite' or 'postgres'. */
export const DATABASE = currentDatabase();

/**
 * A test body that cannot pass on the databases in `gaps` ({postgres: reason}) because of a
 * documented known gap (docs/databases.md, "Known gaps"); the reason must say which. There it still
 * runs, and is reported as skipped with that reason while it fails; once it passes, the test fails
 * so that the mark (and the documented gap) is removed. Elsewhere it runs as usual, and the SDK
 * calls it makes are recorded as the gap's, so that run.mjs accepts exactly those missing from the
 * skipping database's pass (calls made while a gap still fails are not counted). Keep the list
 * minimal.
 */
export function knownGap(gaps, fn) {
  for (const reason of Object.values(gaps)) {
    if (!/known gap/i.test(reason)) throw new Error(`knownGap reason must name the documented known gap: ${reason}`);
  }
  return async (t, ...rest) => {
    const reason = gaps[DATABASE];
    if (!reason) return gapScope.run('gap', () => fn(t, ...rest));
    let failure = null;
    try {
      await gapScope.run('probe', () => fn(t, ...rest));
    } catch (e) {
      failure = e;
    }
    assert.ok(
      failure,
      `this documented known gap now works on ${DATABASE}: remove knownGap() from the test and the gap from docs/databases.md (${reason})`,
    );
    const name = String(failure.name ?? 'Error'); // the SDK's is "ClientResponseError <status>"
    noteSkipped(t.fullName ?? t.name, reason, `${name}: ${String(failure.message).split('\n')[0]}`);
    t.skip(`on ${DATABASE}: ${reason}`);
  };
}

/** A name unique to this run, for collections and records a test creates. */
export function uniqueName(prefix) {
  return `${prefix}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
}

/**
 * Asserts that `promise` rejects with the SDK's ClientResponseError of `status`; returns the error.
 * `data` (optional) is matched against error.response.data with partialDeepStrictEqual semantics:
 * every key given must be present with that value.
 */
export async function rejectsWith(promise, status, { data, message } = {}) {
  let error;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  assert.ok(error, `expected a ClientResponseError ${status}, but the call succeeded`);
  assert.ok(error instanceof ClientResponseError, `expected a ClientResponseError, got ${error}`);
  assert.equal(error.status, status, `status; response: ${JSON.stringify(error.response)}`);
  assert.equal(error.response.status ?? error.response.code, status);
  assert.equal(typeof error.response.message, 'string');
  assert.equal(error.message, error.response.message);
  assert.equal(typeof error.response.data, 'object');
  if (message !== undefined) assert.equal(error.response.message, message);
  if (data !== undefined) assertContains(error.response.data, data);
  return error;
}

/** Asserts that `actual` holds every key of `expected` with the same value (recursively). */
export function assertContains(actual, expected, where = '') {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    assert.ok(actual !== null && typeof actual === 'object', `${where || 'value'} should be an object, got ${JSON.stringify(actual)}`);
    for (const [key, value] of Object.entries(expected)) {
      assert.ok(key in actual, `${where}${key} missing in ${JSON.stringify(actual)}`);
      assertContains(actual[key], value, `${where}${key}.`);
    }
  } else {
    assert.deepEqual(actual, expected, `${where || 'value'}`);
  }
}

/** PocketBase's date format: "2006-01-02 15:04:05.000Z". */
export const DATE_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** Record ids: 15 characters of [a-z0-9]. */
export const ID_RE = /^[a-z0-9]{15}$/;
