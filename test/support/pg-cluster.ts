/**
 * Starts a throwaway PostgreSQL cluster in a temp directory, for tests and benchmarks.
 * Uses the server binaries in PG_BIN (default /usr/lib/postgresql/15/bin). As root, runs them as `postgres`
 * (initdb refuses root). Listens on 127.0.0.1 only, with trust auth, fsync off.
 *
 * initdb runs once per PostgreSQL version: its fresh data directory is kept in the system temp directory and each
 * cluster starts from a copy (a test run starts three clusters; initdb took 2–2.5 s of each start). Not under the
 * repository: a clone may sit in a 0700 directory (CI's `mktemp -d`) that the `postgres` user cannot enter.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PgCluster {
  url: string;
  port: number;
  dir: string;
  /** pg_ctl stop -m fast (the data directory stays until destroy). */
  stop(): void;
  /** Start it again after stop (same port and data). */
  start(): void;
  destroy(): void;
}

export function postgresAvailable(): boolean {
  return existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_ctl'));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

function run(cmd: string, args: string[], asPostgres: boolean): void {
  const full = asPostgres ? ['runuser', '-u', 'postgres', '--', cmd, ...args] : [cmd, ...args];
  const r = spawnSync(full[0]!, full.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
}

const INITDB_ARGS = ['-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'];
const CACHE = join(tmpdir(), `koszalin-pg-initdb-${process.getuid?.() ?? 'user'}`);

/** A directory owned by the user the server runs as (`postgres` when we are root). */
function serverOwnedDir(dir: string, asPostgres: boolean): string {
  chmodSync(dir, 0o777);
  if (asPostgres) execFileSync('chown', ['postgres', dir]);
  return dir;
}

/** The data directory initdb makes for these binaries and arguments, made once and kept (never started itself). */
function initdbOnce(asPostgres: boolean): string {
  const version = spawnSync(join(PG_BIN, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout.trim();
  const key = createHash('sha256')
    .update([PG_BIN, version, ...INITDB_ARGS, String(asPostgres)].join('\0'))
    .digest('hex')
    .slice(0, 16);
  const pristine = join(CACHE, key);
  if (existsSync(join(pristine, 'PG_VERSION'))) return pristine;
  mkdirSync(CACHE, { recursive: true });
  const work = serverOwnedDir(mkdtempSync(join(CACHE, 'initdb-')), asPostgres);
  run(join(PG_BIN, 'initdb'), ['-D', join(work, 'data'), ...INITDB_ARGS], asPostgres);
  try {
    renameSync(join(work, 'data'), pristine); // another run may have made it meanwhile: then theirs is kept
  } catch {
    /* made by a run at the same time */
  }
  rmSync(work, { recursive: true, force: true });
  return pristine;
}

export async function startPgCluster(): Promise<PgCluster> {
  if (!postgresAvailable()) throw new Error(`PostgreSQL server binaries not found in ${PG_BIN}`);
  const asPostgres = process.getuid?.() === 0;
  const dir = serverOwnedDir(mkdtempSync(join(tmpdir(), 'koszalin-pg-')), asPostgres);
  const data = join(dir, 'data');
  const port = await freePort();
  // cp -a keeps the owner and the 0700 mode PostgreSQL insists on.
  execFileSync('cp', ['-a', initdbOnce(asPostgres), data]);
  const start = () =>
    run(
      join(PG_BIN, 'pg_ctl'),
      [
        '-D',
        data,
        '-l',
        join(dir, 'log'),
        '-w',
        '-t',
        '60',
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
        'start',
      ],
      asPostgres,
    );
  start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    start,
    stop: () => run(join(PG_BIN, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop'], asPostgres),
    destroy: () => {
      try {
        run(join(PG_BIN, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], asPostgres);
      } catch {
        /* already stopped */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
