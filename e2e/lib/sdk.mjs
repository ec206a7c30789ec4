// The official PocketBase JS SDK, wrapped so that every SDK call a test makes is counted per
// service ("records.getList", "files.getURL", "authStore.save", ...). Calls the SDK makes
// internally (e.g. getFirstListItem -> getList) are not counted: only what a test calls itself.
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import PocketBase from 'pocketbase';

const calls = new Map(); // service -> Set<method>
// Calls made by tests marked as a known gap on some database (harness.mjs knownGap): run.mjs
// accepts those, and only those, missing from that database's pass.
const gapCalls = new Map();
const skipped = [];

/**
 * Set by harness.mjs while a known-gap test runs: 'gap' where it is expected to pass (its calls
 * count, and are noted as the gap's), 'probe' where it is expected to fail (its calls do not count).
 */
export const gapScope = new AsyncLocalStorage();

function add(map, service, name) {
  let set = map.get(service);
  if (!set) map.set(service, (set = new Set()));
  set.add(name);
}

function note(service, name) {
  const scope = gapScope.getStore();
  if (scope === 'probe') return;
  add(calls, service, name);
  if (scope === 'gap') add(gapCalls, service, name);
}

function plain(map) {
  return Object.fromEntries([...map].map(([service, set]) => [service, [...set].sort()]));
}

/** The calls this process has made so far, as {service: [method, ...]}. */
export function recordedCalls() {
  return plain(calls);
}

/** Records a test skipped on this pass's database as a known gap (and how it fails), for run.mjs. */
export function noteSkipped(test, reason, failure) {
  skipped.push({ file: path.relative(process.cwd(), process.argv[1] ?? ''), test, reason, failure });
}

if (process.env.BASALT_E2E_CALLS_DIR) {
  process.on('exit', () => {
    if (calls.size === 0 && skipped.length === 0) return;
    const dir = process.env.BASALT_E2E_CALLS_DIR;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, `calls-${process.pid}.json`),
      JSON.stringify({ calls: recordedCalls(), gapCalls: plain(gapCalls), skipped }),
    );
  });
}

function getterOf(obj, prop) {
  for (let o = obj; o; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, prop);
    if (d) return d.get;
  }
  return undefined;
}

/** Counts calls of `obj`'s methods (and, with countGetters, reads of its getters) under `service`. */
function wrap(service, obj, { countGetters = false, prefix = '', wrapResult } = {}) {
  return new Proxy(obj, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof prop !== 'string' || prop.startsWith('_') || prop === 'constructor' || prop === 'then') return value;
      if (typeof value === 'function') {
        return (...args) => {
          note(service, prefix + prop);
          const result = value.apply(target, args);
          return wrapResult ? wrapResult(prop, result) : result;
        };
      }
      if (countGetters && getterOf(target, prop)) note(service, prop);
      return value;
    },
  });
}

const SERVICES = {
  collections: 'collections',
  settings: 'settings',
  health: 'health',
  files: 'files',
  logs: 'logs',
  realtime: 'realtime',
  backups: 'backups',
  crons: 'crons',
};

/** A new SDK client for `url` whose calls are counted. */
export function newClient(url) {
  const pb = new PocketBase(url);
  // Tests issue parallel requests on purpose (Promise.all); the SDK would cancel duplicates.
  pb.autoCancellation(false);
  const authStore = wrap('authStore', pb.authStore, { countGetters: true });
  const cache = new Map();
  return new Proxy(pb, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof prop !== 'string') return value;
      if (prop === 'authStore') return authStore;
      if (SERVICES[prop]) {
        if (!cache.has(prop)) cache.set(prop, wrap(SERVICES[prop], value));
        return cache.get(prop);
      }
      if (prop === 'collection') {
        return (name) => wrap('records', value.call(target, name));
      }
      if (prop === 'createBatch') {
        return () => {
          note('batch', 'createBatch');
          return wrap('batch', value.call(target), {
            wrapResult: (method, result) =>
              method === 'collection' ? wrap('batch', result, { prefix: 'collection().' }) : result,
          });
        };
      }
      if (typeof value === 'function' && !prop.startsWith('_') && prop !== 'constructor') {
        return (...args) => {
          note('client', prop);
          return value.apply(target, args);
        };
      }
      return value;
    },
  });
}

export { PocketBase };
export { ClientResponseError } from 'pocketbase';
