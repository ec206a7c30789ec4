// The official PocketBase JS SDK, wrapped so that every SDK call a test makes is counted per
// service ("records.getList", "files.getURL", "authStore.save", ...). Calls the SDK makes
// internally (e.g. getFirstListItem -> getList) are not counted: only what a test calls itself.
import fs from 'node:fs';
import path from 'node:path';
import PocketBase from 'pocketbase';

const calls = new Map(); // service -> Set<method>

function note(service, name) {
  let set = calls.get(service);
  if (!set) calls.set(service, (set = new Set()));
  set.add(name);
}

/** The calls this process has made so far, as {service: [method, ...]}. */
export function recordedCalls() {
  return Object.fromEntries([...calls].map(([service, set]) => [service, [...set].sort()]));
}

if (process.env.BASALT_E2E_CALLS_DIR) {
  process.on('exit', () => {
    if (calls.size === 0) return;
    const dir = process.env.BASALT_E2E_CALLS_DIR;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `calls-${process.pid}.json`), JSON.stringify(recordedCalls()));
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
