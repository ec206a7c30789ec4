// Runs the end-to-end suite: starts one Basalt server on a copy of the PocketBase fixture and one
// on an empty data directory (in parallel), runs every tests/*.test.mjs file against them with
// Node's built-in test runner, prints how many distinct SDK calls were exercised per service, and
// exits with the test runner's status.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './lib/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const started = Date.now();
const only = process.argv.slice(2);
const files = only.length
  ? only
  : fs.readdirSync(path.join(here, 'tests')).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => path.join('tests', f));

const starts = await Promise.allSettled([startServer('fixture'), startServer('empty')]);
const failed = starts.filter((s) => s.status === 'rejected');
if (failed.length > 0) {
  await Promise.all(starts.filter((s) => s.status === 'fulfilled').map((s) => s.value.stop()));
  for (const f of failed) console.error(`e2e: could not start Basalt: ${f.reason?.message ?? f.reason}`);
  process.exit(1);
}
const servers = starts.map((s) => s.value);
const [fixture, empty] = servers;
const callsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'basalt-e2e-calls-'));
console.log(`e2e: Basalt (fixture copy) at ${fixture.url}, Basalt (empty dir) at ${empty.url}, started in ${Date.now() - started} ms`);

const stopAll = () => Promise.all(servers.map((s) => s.stop()));
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await stopAll();
    process.exit(130);
  });
}

const child = spawn(
  process.execPath,
  ['--test', '--test-concurrency=1', '--test-timeout=60000', '--test-reporter=spec', ...files],
  {
    cwd: here,
    stdio: 'inherit',
    env: {
      ...process.env,
      BASALT_E2E_FIXTURE_URL: fixture.url,
      BASALT_E2E_EMPTY_URL: empty.url,
      BASALT_E2E_CALLS_DIR: callsDir,
    },
  },
);
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
await stopAll();

// Merge the SDK calls every test process recorded.
const merged = new Map();
for (const f of fs.readdirSync(callsDir)) {
  const calls = JSON.parse(fs.readFileSync(path.join(callsDir, f), 'utf8'));
  for (const [service, methods] of Object.entries(calls)) {
    if (!merged.has(service)) merged.set(service, new Set());
    for (const m of methods) merged.get(service).add(m);
  }
}
fs.rmSync(callsDir, { recursive: true, force: true });
const services = [...merged.keys()].sort();
const total = services.reduce((n, s) => n + merged.get(s).size, 0);
console.log('\nDistinct PocketBase JS SDK calls exercised, per service:');
for (const s of services) {
  const methods = [...merged.get(s)].sort();
  console.log(`  ${s.padEnd(12)} ${String(methods.length).padStart(3)}  ${methods.join(', ')}`);
}
console.log(`  ${'total'.padEnd(12)} ${String(total).padStart(3)}`);
console.log(`e2e: finished in ${((Date.now() - started) / 1000).toFixed(1)} s, test runner exit code ${code}`);
process.exit(code);
