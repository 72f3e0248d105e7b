/**
 * npm run restore -- <backup.tar.gz>
 * Brings back a backup made by `npm run backup` into DATA_DIR (./data). The server must be stopped (refused
 * otherwise). The current directory is never deleted: it is moved to <data dir>.before-restore-<time>. After the
 * restore the database is opened once (newer migrations applied) and what it holds is printed.
 */
import { existsSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../config.js';
import { DataDirLockedError, assertDataDirFree, openDatabase, restorePgliteBackup } from '../../prisma/database.js';

const file = process.argv.slice(2).filter((a) => a !== '--')[0];
const config = loadConfig();

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

if (config.databaseUrl)
  fail('DATABASE_URL is set: restore PostgreSQL with pg_restore, e.g.\n  pg_restore --clean --dbname="$DATABASE_URL" koszalin.dump', 2);
if (!file) fail('Usage: npm run restore -- <backup.tar.gz>', 2);
if (!existsSync(file)) fail(`${file}: no such file`, 2);
const data = readFileSync(file);
if (data.length < 2 || data[0] !== 0x1f || data[1] !== 0x8b) fail(`${file} is not a backup made by npm run backup (not a .tar.gz)`, 2);

const dataDir = resolve(config.dataDir);
try {
  if (existsSync(dataDir)) assertDataDirFree(dataDir);
} catch (err) {
  if (err instanceof DataDirLockedError) fail(`The server (process ${err.pid}) is running on ${dataDir}: stop it first, then restore.`, 2);
  throw err;
}

let aside: string | undefined;
if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
  aside = `${dataDir}.before-restore-${new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
  renameSync(dataDir, aside);
}
try {
  await restorePgliteBackup(dataDir, data);
  const db = await openDatabase({ dataDir });
  try {
    const [organizations, contacts, events, subscriptions] = await Promise.all([
      db.prisma.organization.count(),
      db.prisma.contact.count(),
      db.prisma.event.count(),
      db.prisma.subscription.count(),
    ]);
    console.log(
      `restored ${file} into ${dataDir}: ${organizations} organisations, ${contacts} contacts, ${events} events, ${subscriptions} subscriptions${db.migrations.length ? `; ${db.migrations.length} newer migrations applied` : ''}`,
    );
  } finally {
    await db.close();
  }
  if (aside) console.log(`the previous data directory was kept at ${aside} (delete it when you no longer need it)`);
} catch (err) {
  rmSync(dataDir, { recursive: true, force: true });
  if (aside) renameSync(aside, dataDir);
  fail(`restore failed, nothing changed: ${(err as Error).message}`);
}
