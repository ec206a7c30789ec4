// Scratch databases on the local PostgreSQL server for the PostgreSQL pass of the suite, through
// the `psql` CLI (no npm driver: the suite's only dependencies are the SDK and eventsource).
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';

/** The server's admin URL (its default database); trust auth on the project machines and in CI. */
export function adminUrl() {
  return process.env.BASALT_E2E_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
}

// Databases this process created and has not dropped yet: dropped synchronously on exit, so that
// neither a failing run nor Ctrl-C leaves them behind (only SIGKILL can).
const live = new Set();
process.on('exit', () => {
  for (const name of live) dropSync(name);
});

function psqlEnv() {
  return { ...process.env, PGCONNECT_TIMEOUT: '5' };
}

function psqlArgs(sql) {
  return [adminUrl(), '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql];
}

function psql(sql) {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', psqlArgs(sql), { env: psqlEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (output += c));
    child.stderr.setEncoding('utf8').on('data', (c) => (output += c));
    child.on('error', (e) => reject(new Error(`could not run psql (is the PostgreSQL client installed?): ${e.message}`)));
    child.on('exit', (code) =>
      code === 0 ? resolve(output.trim()) : reject(new Error(`psql ${JSON.stringify(sql)} failed (${code}): ${output.trim()}`)),
    );
  });
}

function dropSync(name) {
  const res = spawnSync('psql', psqlArgs(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`), {
    env: psqlEnv(),
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (res.status === 0) {
    live.delete(name);
  } else {
    console.error(`e2e: could not drop the scratch database ${name}: ${res.error?.message ?? res.stderr}`);
  }
}

/** Resolves null when the server answers, else the reason it does not. */
export async function unavailableReason() {
  try {
    await psql('SELECT 1');
    return null;
  } catch (e) {
    return `PostgreSQL at ${adminUrl()} is not reachable: ${e.message}`;
  }
}

/** The URL Basalt gets for database `name` on the admin URL's server. */
function urlOf(name) {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates an empty database with a random name; drop() removes it (idempotent), keep() leaves it. */
export async function createDatabase() {
  const name = `basalt_e2e_${crypto.randomBytes(6).toString('hex')}`;
  await psql(`CREATE DATABASE ${name}`);
  live.add(name);
  return {
    name,
    url: urlOf(name),
    async drop() {
      if (!live.has(name)) return;
      try {
        await psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        live.delete(name);
      } catch (e) {
        console.error(`e2e: could not drop the scratch database ${name}: ${e.message}`);
      }
    },
    keep() {
      live.delete(name);
      console.error(`e2e: kept the scratch database ${name} (BASALT_E2E_KEEP_DATA)`);
    },
  };
}
