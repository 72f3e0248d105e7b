/**
 * npm run backup [-- --out <file>]
 * A consistent backup of the embedded database (the PGlite data directory) as one .tar.gz, also while the
 * server runs: then the running server takes it (through its authenticated /admin/backup), since one process owns
 * the directory. Default file: backups/koszalin-<UTC time>.tar.gz. PostgreSQL deployments use pg_dump.
 */
import { mkdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfig } from '../config.js';
import { DataDirLockedError, assertDataDirFree, openDatabase } from '../../prisma/database.js';
import { callAdmin, readAdminHandle } from './running-server.js';

const args = process.argv.slice(2).filter((a) => a !== '--');
const outIdx = args.indexOf('--out');
const config = loadConfig();
const stamp = new Date()
  .toISOString()
  .replace(/[-:]/g, '')
  .replace(/\.\d+Z$/, 'Z');
const out = outIdx >= 0 && args[outIdx + 1] ? args[outIdx + 1]! : join('backups', `koszalin-${stamp}.tar.gz`);

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

if (config.databaseUrl)
  fail('DATABASE_URL is set: back up PostgreSQL with pg_dump, e.g.\n  pg_dump --format=custom --file=koszalin.dump "$DATABASE_URL"', 2);
if (!existsSync(join(config.dataDir, 'PG_VERSION')) && !existsSync(join(config.dataDir, 'koszalin.lock')))
  fail(`${config.dataDir} holds no database yet: nothing to back up.`, 2);

const started = performance.now();
let data: Buffer;
let source: string;
try {
  assertDataDirFree(config.dataDir);
  const db = await openDatabase({ dataDir: config.dataDir, migrate: false });
  try {
    data = await db.backup!();
  } finally {
    await db.close();
  }
  source = `data directory ${config.dataDir} (no server running)`;
} catch (err) {
  if (!(err instanceof DataDirLockedError)) fail(`backup failed: ${(err as Error).message}`);
  const h = readAdminHandle(config.dataDir, config.adminToken);
  if (!h)
    fail(
      `${config.dataDir} is in use by process ${err.pid}, which publishes no admin endpoint: set the same ADMIN_TOKEN for it and for this command, or stop it.`,
      2,
    );
  try {
    data = Buffer.from(await (await callAdmin(h, '/backup', {})).arrayBuffer());
  } catch (e) {
    fail(`backup failed: ${(e as Error).message}`);
  }
  source = `the running server (pid ${err.pid}, ${h.url})`;
}
if (data.length < 2 || data[0] !== 0x1f || data[1] !== 0x8b) fail('backup failed: the answer was not a gzip archive');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(`${out}.partial`, data);
renameSync(`${out}.partial`, out);
console.log(
  `backup written: ${out} (${(data.length / 1024 / 1024).toFixed(1)} MB, ${Math.round(performance.now() - started)} ms, from ${source})`,
);
console.log(`restore it with: npm run restore -- ${out}   (server stopped)`);
