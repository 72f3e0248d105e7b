/**
 * npm run admin -- <command>   (see ADMIN_USAGE in bot/admin/commands.ts)
 * On the embedded database a running server owns ./data; the command then goes through that server's
 * authenticated /admin/command endpoint (token from <data dir>/admin.json or ADMIN_TOKEN).
 */
import { loadConfig } from '../config.js';
import { openDatabase, DataDirLockedError } from '../../prisma/database.js';
import { ADMIN_USAGE, AdminUsageError, runAdminCommand } from '../admin/commands.js';
import { callAdmin, readAdminHandle } from './running-server.js';

const args = process.argv.slice(2).filter((a) => a !== '--');
const config = loadConfig();

async function viaServer(): Promise<string> {
  const h = readAdminHandle(config.dataDir, config.adminToken);
  if (!h)
    throw new Error(
      `${config.dataDir} is in use by a running server that publishes no admin endpoint (set ADMIN_TOKEN on both, or stop the server).`,
    );
  const res = await callAdmin(h, '/command', { args });
  return ((await res.json()) as { output: string }).output;
}

try {
  let output: string;
  let db: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (err) {
    if (!(err instanceof DataDirLockedError)) throw err;
  }
  if (db) {
    try {
      output = await runAdminCommand(db.prisma, args);
    } finally {
      await db.close();
    }
  } else output = await viaServer();
  console.log(output);
} catch (err) {
  // Bad input (here, or refused by the server with 400) gets the usage; anything else just its message.
  const usage = err instanceof AdminUsageError || (err as { status?: number }).status === 400;
  console.error(usage ? `${(err as Error).message}\n\nUsage:\n${ADMIN_USAGE}` : (err as Error).message);
  process.exitCode = usage ? 2 : 1;
}
