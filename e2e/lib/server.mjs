// Starts and stops real Basalt server processes (the packaged jar) for the end-to-end tests.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase } from './postgres.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const e2eDir = path.resolve(here, '..');
const repoDir = path.resolve(e2eDir, '..');

/** The fixture superuser (PocketBase's test data); every fixture password is 1234567890. */
export const FIXTURE_SUPERUSER = { email: 'test@example.com', password: '1234567890' };
/** The superuser the suite creates with the CLI in an empty data directory. */
export const EMPTY_SUPERUSER = { email: 'e2e-admin@example.com', password: 'e2e-password-123' };

export function jarPath() {
  return path.resolve(process.env.BASALT_JAR || path.join(repoDir, 'target', 'basalt.jar'));
}

export function fixturePath() {
  return path.resolve(process.env.BASALT_FIXTURE || path.join(repoDir, '..', 'shared', 'fixtures', 'pb_data'));
}

export function javaPath() {
  if (process.env.BASALT_JAVA) return process.env.BASALT_JAVA;
  if (process.env.JAVA_HOME) return path.join(process.env.JAVA_HOME, 'bin', 'java');
  return 'java';
}

function javaArgs(args) {
  return ['--enable-native-access=ALL-UNNAMED', '-jar', jarPath(), ...args];
}

/** The environment of a Basalt child process: none of the caller's BASALT_* configuration leaks in. */
function childEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('BASALT_')) delete env[key];
  }
  return env;
}

/** Copies the fixture tree into `to`, making every copy writable (the original is read-only). */
function copyTree(from, to) {
  fs.mkdirSync(to, { recursive: true, mode: 0o755 });
  fs.chmodSync(to, 0o755);
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) {
      copyTree(src, dst);
    } else if (entry.isFile()) {
      fs.copyFileSync(src, dst);
      fs.chmodSync(dst, 0o644);
    }
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a Basalt CLI command to completion; rejects with its output when it fails. */
export function runCli(args, { timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(javaPath(), javaArgs(args), { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const killOnExit = () => child.kill('SIGKILL');
    process.on('exit', killOnExit);
    child.on('exit', () => process.off('exit', killOnExit));
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (output += c));
    child.stderr.setEncoding('utf8').on('data', (c) => (output += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${javaPath()}: ${e.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve(output);
      reject(
        new Error(
          `basalt ${args.join(' ')} exited with ${code ?? signal} (java: ${javaPath()}; set BASALT_JAVA or JAVA_HOME to a Java 21+ runtime if it is older):\n${output}`,
        ),
      );
    });
  });
}

/** The databases the suite runs on; the first is the default of a test file run on its own. */
export const DATABASES = ['sqlite', 'postgres'];

/** The database the tests of this process run on (run.mjs sets it per pass). */
export function currentDatabase() {
  return process.env.BASALT_E2E_DATABASE || 'sqlite';
}

/**
 * Starts `basalt serve` on a fresh data directory and resolves once /api/health answers.
 * kind 'fixture': a writable copy of the PocketBase fixture; kind 'empty': a new directory with a
 * superuser created through the CLI first. database 'sqlite': the data directory's own data.db;
 * 'postgres': a new scratch database on the local server (the fixture copied into it with
 * `basalt migrate-data`), dropped again by stop().
 */
export async function startServer(kind, { database = currentDatabase(), timeoutMs = 90_000 } = {}) {
  const jar = jarPath();
  if (!fs.existsSync(jar)) {
    throw new Error(`${jar} not found: build it first (./mvnw -B -q package -DskipTests) or set BASALT_JAR`);
  }
  if (kind !== 'fixture' && kind !== 'empty') throw new Error(`unknown server kind ${kind}`);
  const src = fixturePath();
  if (kind === 'fixture' && !fs.existsSync(path.join(src, 'data.db'))) {
    throw new Error(`fixture data directory not found at ${src} (set BASALT_FIXTURE)`);
  }
  if (!DATABASES.includes(database)) throw new Error(`unknown database ${database} (one of ${DATABASES.join(', ')})`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `basalt-e2e-${database}-${kind}-`));
  // An interrupted run (Ctrl-C, a failed start) leaves no directory behind; stop() takes over.
  const removeOnExit = () => process.env.BASALT_E2E_KEEP_DATA || fs.rmSync(dir, { recursive: true, force: true });
  process.on('exit', removeOnExit);
  const superuser = kind === 'fixture' ? FIXTURE_SUPERUSER : EMPTY_SUPERUSER;
  let db = null;
  const dbArgs = () => (db ? ['--db', db.url] : []);
  try {
    if (database === 'postgres') db = await createDatabase();
    if (kind === 'fixture') {
      copyTree(src, dir);
      if (db) await runCli(['migrate-data', '--from', dir, '--to', db.url]);
    } else {
      await runCli(['superuser', 'upsert', EMPTY_SUPERUSER.email, EMPTY_SUPERUSER.password, '--dir', dir, ...dbArgs()]);
    }
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    process.off('exit', removeOnExit);
    await db?.drop();
    throw e;
  }

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(javaPath(), javaArgs(['serve', '--dir', dir, '--http', `127.0.0.1:${port}`, ...dbArgs()]), {
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk) => {
    output += chunk;
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.setEncoding('utf8').on('data', collect);
  child.stderr.setEncoding('utf8').on('data', collect);
  let exited = null;
  // never leave a server behind, whatever way this process ends
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      process.off('exit', killOnExit);
      resolve(exited);
    });
  });

  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exitPromise;
      clearTimeout(timer);
    }
    process.off('exit', removeOnExit);
    if (process.env.BASALT_E2E_KEEP_DATA) {
      db?.keep();
    } else {
      fs.rmSync(dir, { recursive: true, force: true });
      await db?.drop();
    }
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`basalt serve (${kind}, ${database}) exited early (${JSON.stringify(exited)}):\n${output}`);
    }
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`basalt serve (${kind}, ${database}) did not answer /api/health within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  if (kind === 'fixture') {
    try {
      await prepareFixture(url, superuser);
    } catch (e) {
      await stop();
      throw e;
    }
  }
  return { kind, database, url, dir, db: db?.name ?? null, superuser, pid: child.pid, stop, output: () => output };
}

/**
 * PocketBase's test data enables MFA (with OTP) for `users`, so a password login of a fixture user
 * answers 401 {mfaId}. So that the tests can log in fixture users with a password, this turns MFA
 * off for `users` (tests/auth-flows.test.mjs tests MFA on a collection of its own), and login alert
 * emails off for the fixture's auth collections (their SMTP host is a placeholder). Plain HTTP,
 * not the SDK: this is setup, not a test.
 */
async function prepareFixture(url, superuser) {
  const call = async (method, path, body, token) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: token } : {}) },
      body: JSON.stringify(body),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(`fixture setup: ${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };
  const { token } = await call('POST', '/api/collections/_superusers/auth-with-password', {
    identity: superuser.email,
    password: superuser.password,
  });
  await call('PATCH', '/api/collections/users', { mfa: { enabled: false }, authAlert: { enabled: false } }, token);
  for (const name of ['_superusers', 'clients']) {
    await call('PATCH', `/api/collections/${name}`, { authAlert: { enabled: false } }, token);
  }
}
