// Runs the end-to-end suite once per database (BASALT_E2E_DATABASES, default "sqlite,postgres"),
// one pass after the other: each pass starts one Basalt server on a copy of the PocketBase fixture
// and one on an empty data directory (in parallel), runs every tests/*.test.mjs file against them
// with Node's built-in test runner and stops them. At the end it prints the distinct SDK calls
// exercised per service and database, and exits non-zero when a pass failed, or when a later pass
// exercised fewer SDK calls than the SQLite pass without a test marked as a known gap explaining it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATABASES, startServer } from './lib/server.mjs';
import { adminUrl, unavailableReason } from './lib/postgres.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const started = Date.now();
const only = process.argv.slice(2);
const files = only.length
  ? only
  : fs.readdirSync(path.join(here, 'tests')).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => path.join('tests', f));
const databases = (process.env.BASALT_E2E_DATABASES || DATABASES.join(','))
  .split(',')
  .map((d) => d.trim())
  .filter(Boolean);
for (const d of databases) {
  if (!DATABASES.includes(d)) {
    console.error(`e2e: BASALT_E2E_DATABASES: unknown database "${d}" (one of ${DATABASES.join(', ')})`);
    process.exit(2);
  }
}
const requireServices = process.env.BASALT_REQUIRE_SERVICES === '1';

// Servers started and not stopped yet, and the running test runner: stopped on Ctrl-C or SIGTERM
// too. Servers still starting are killed, their directories removed and their scratch databases
// dropped by the exit hooks of lib/server.mjs and lib/postgres.mjs.
const live = new Set();
let testRunner = null;
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    interrupted = true;
    testRunner?.kill('SIGTERM');
    await Promise.all([...live].map((s) => s.stop()));
    process.exit(130);
  });
}

async function stopServers(servers) {
  await Promise.all(servers.map((s) => s.stop()));
  for (const s of servers) live.delete(s);
}

/** Reads the counts the TAP reporter ends with ("# tests 122", "# pass 122", ...). */
function tapCounts(file) {
  const counts = {};
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  for (const m of text.matchAll(/^# (tests|pass|fail|cancelled|skipped|todo) (\d+)$/gm)) counts[m[1]] = Number(m[2]);
  return counts;
}

/** Merges the SDK calls, known-gap calls and skipped tests every test process recorded. */
function mergeRecords(dir) {
  const calls = new Map();
  const gapCalls = new Map();
  const skipped = [];
  const merge = (into, from) => {
    for (const [service, methods] of Object.entries(from)) {
      if (!into.has(service)) into.set(service, new Set());
      for (const m of methods) into.get(service).add(m);
    }
  };
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const record = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
    merge(calls, record.calls);
    merge(gapCalls, record.gapCalls);
    skipped.push(...record.skipped);
  }
  return { calls, gapCalls, skipped };
}

/** Starts the two servers of a pass; resolves {servers} or why not (never rejects). */
async function prepare(database) {
  console.log(`\n===== e2e on ${database} =====`);
  const t0 = Date.now();
  if (database === 'postgres') {
    const reason = await unavailableReason();
    if (reason) return { database, unavailable: reason };
  }
  const starts = await Promise.allSettled([startServer('fixture', { database }), startServer('empty', { database })]);
  const servers = starts.filter((s) => s.status === 'fulfilled').map((s) => s.value);
  for (const s of servers) live.add(s);
  const failed = starts.filter((s) => s.status === 'rejected');
  if (failed.length > 0) {
    await stopServers(servers);
    const reasons = failed.map((f) => f.reason?.message ?? String(f.reason));
    return { database, error: `Basalt did not start:\n${reasons.join('\n')}`, startMs: Date.now() - t0 };
  }
  return { database, servers, startMs: Date.now() - t0 };
}

/** Runs every test file against a prepared pass and stops its servers; resolves its result. */
async function runPass(prepared) {
  const { database } = prepared;
  if (!prepared.servers) {
    console.error(`e2e: ${database}: ${prepared.error ?? `not run: ${prepared.unavailable}`}`);
    return prepared;
  }
  const passStarted = Date.now();
  const [fixture, empty] = prepared.servers;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `basalt-e2e-${database}-run-`));
  const removeWork = () => fs.rmSync(work, { recursive: true, force: true });
  process.on('exit', removeWork); // unless the pass fails and its logs are kept (below)
  const callsDir = path.join(work, 'calls');
  const tapFile = path.join(work, 'results.tap');
  const where = (s) => (s.db ? `database ${s.db}` : 'SQLite');
  console.log(
    `e2e: Basalt (fixture copy, ${where(fixture)}) at ${fixture.url}, Basalt (empty dir, ${where(empty)}) at ${empty.url}, ` +
      `started in ${prepared.startMs} ms`,
  );

  const child = spawn(
    process.execPath,
    [
      '--test',
      '--test-concurrency=1',
      '--test-timeout=60000',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tapFile}`,
      ...files,
    ],
    {
      cwd: here,
      stdio: 'inherit',
      env: {
        ...process.env,
        BASALT_E2E_DATABASE: database,
        BASALT_E2E_FIXTURE_URL: fixture.url,
        BASALT_E2E_EMPTY_URL: empty.url,
        BASALT_E2E_CALLS_DIR: callsDir,
      },
    },
  );
  testRunner = child;
  const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  testRunner = null;
  if (code !== 0 && !interrupted) {
    // The servers' logs say what went wrong on Basalt's side (SQL errors are logged there).
    process.off('exit', removeWork);
    for (const s of prepared.servers) fs.writeFileSync(path.join(work, `${s.kind}.log`), s.output());
    console.error(`e2e: ${database}: the servers' logs are in ${work}/{fixture,empty}.log`);
  }
  await stopServers(prepared.servers);
  const records = mergeRecords(callsDir);
  const counts = tapCounts(tapFile);
  if (code === 0) removeWork();
  return { database, code, counts, ...records, startMs: prepared.startMs, testMs: Date.now() - passStarted };
}

// Sequential passes: on the 2-core project machine, starting the next pass's servers (three JVMs
// and migrate-data) while the current pass's tests run slowed those tests by about as much as it
// saved.
const results = [];
for (const database of databases) results.push(await runPass(await prepare(database)));

let failed = false;
const ran = results.filter((r) => r.calls);
console.log('\n===== e2e summary =====');
for (const r of results.filter((r) => r.unavailable)) {
  if (requireServices) {
    failed = true;
    console.error(`e2e: FAILED: ${r.unavailable}\n(BASALT_REQUIRE_SERVICES=1: the ${r.database} pass must run)`);
  } else {
    console.error(
      `\n*** SKIPPED THE ${r.database.toUpperCase()} PASS OF THE END-TO-END SUITE ***\n${r.unavailable}\n` +
        `(start it, see DEVELOPERS.md; set BASALT_E2E_POSTGRES_URL for another server than ${adminUrl()}; ` +
        'set BASALT_REQUIRE_SERVICES=1 to fail instead)\n',
    );
  }
}

if (ran.length > 0) {
  const services = [...new Set(ran.flatMap((r) => [...r.calls.keys()]))].sort();
  const size = (r, s) => r.calls.get(s)?.size ?? 0;
  console.log('Distinct PocketBase JS SDK calls exercised, per service and database:');
  console.log(`  ${'service'.padEnd(12)} ${ran.map((r) => r.database.padStart(9)).join('')}  methods`);
  for (const s of services) {
    const methods = [...new Set(ran.flatMap((r) => [...(r.calls.get(s) ?? [])]))].sort();
    console.log(`  ${s.padEnd(12)} ${ran.map((r) => String(size(r, s)).padStart(9)).join('')}  ${methods.join(', ')}`);
  }
  const totals = ran.map((r) => services.reduce((n, s) => n + size(r, s), 0));
  console.log(`  ${'total'.padEnd(12)} ${totals.map((t) => String(t).padStart(9)).join('')}`);

  // Every SDK call the SQLite pass made must be made on the other databases too, unless only
  // tests skipped there as known gaps make it.
  const reference = ran.find((r) => r.database === 'sqlite');
  for (const r of ran.filter((r) => reference && r !== reference)) {
    const missing = [];
    const excused = [];
    for (const [service, methods] of reference.calls) {
      for (const m of methods) {
        if (r.calls.get(service)?.has(m)) continue;
        (reference.gapCalls.get(service)?.has(m) ? excused : missing).push(`${service}.${m}`);
      }
    }
    if (excused.length) console.log(`  on ${r.database}, only in tests skipped as known gaps: ${excused.join(', ')}`);
    if (missing.length && r.code === 0) {
      failed = true;
      console.error(`e2e: FAILED: the ${r.database} pass did not exercise ${missing.join(', ')} (the SQLite pass did)`);
    }
  }
}

for (const r of ran) {
  if (r.skipped.length === 0) continue;
  console.log(`\nSkipped on ${r.database} (documented known gaps, docs/databases.md): ${r.skipped.length}`);
  for (const s of r.skipped) console.log(`  - ${s.file}: ${s.test}\n      ${s.reason}\n      (still fails: ${s.failure})`);
}

console.log('');
for (const r of results) {
  if (r.unavailable) {
    console.log(`e2e: ${r.database}: ${requireServices ? 'FAILED: ' : ''}not run (${r.unavailable})`);
    continue;
  }
  if (r.error) {
    failed = true;
    console.log(`e2e: ${r.database}: FAILED: ${r.error}`);
    continue;
  }
  if (r.code !== 0) failed = true;
  const c = r.counts;
  console.log(
    `e2e: ${r.database}: ${r.code === 0 ? 'passed' : 'FAILED'}: ${c.tests ?? '?'} tests, ${c.pass ?? '?'} passed, ` +
      `${c.fail ?? '?'} failed, ${c.skipped ?? '?'} skipped, ${c.todo ?? '?'} todo; ` +
      `servers started in ${(r.startMs / 1000).toFixed(1)} s, tests ran ${(r.testMs / 1000).toFixed(1)} s`,
  );
}
console.log(`e2e: finished in ${((Date.now() - started) / 1000).toFixed(1)} s${failed ? ': FAILED' : ''}`);
process.exit(failed ? 1 : 0);
