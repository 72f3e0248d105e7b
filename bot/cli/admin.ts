/**
 * npm run admin -- <command>
 *   grant-coordinator --org <id> (--telegram <user id> | --phone <+48…>)
 *   invite --org <id> [--role coordinator|member] [--days 7]   a single-use code redeemed in chat: KOD <code>
 *   grant-admin (--telegram <user id> | --phone <+48…>)
 *   revoke (--telegram <user id> | --phone <+48…>)
 *   roles                                    list administrators and coordinators
 * Stop the server first on the embedded database (one process owns ./data).
 */
import { loadConfig } from '../config.js';
import { openDatabase, DataDirLockedError } from '../../prisma/database.js';
import { AdminError, createInvite, grantAdmin, grantCoordinator, revokeRoles, type Who } from '../admin/roles.js';

const args = process.argv.slice(2).filter((a) => a !== '--');
const opt = (n: string) => {
  const i = args.indexOf(`--${n}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const usage = () => {
  console.error('Usage: npm run admin -- grant-coordinator --org <id> --telegram <user id> | --phone <+48…>\n       npm run admin -- grant-admin|revoke --telegram <id> | --phone <+48…>\n       npm run admin -- roles');
  process.exit(2);
};
const who = (): Who => {
  const tg = opt('telegram');
  const phone = opt('phone');
  if (tg) return { telegram: tg };
  if (phone) return { phone };
  return usage();
};

const config = loadConfig();
let db: Awaited<ReturnType<typeof openDatabase>>;
try {
  db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
} catch (err) {
  console.error((err as Error).message);
  process.exit(err instanceof DataDirLockedError ? 2 : 1);
}
try {
  switch (args[0]) {
    case 'grant-coordinator': {
      const org = Number(opt('org'));
      if (!Number.isInteger(org)) usage();
      console.log(`contact ${await grantCoordinator(db.prisma, who(), org)} is now a coordinator of organisation ${org}`);
      break;
    }
    case 'invite': {
      const org = Number(opt('org'));
      const role = (opt('role') ?? 'coordinator').toUpperCase();
      if (!Number.isInteger(org) || !['COORDINATOR', 'MEMBER'].includes(role)) usage();
      const days = Number(opt('days') ?? 7);
      console.log(`${await createInvite(db.prisma, org, role as 'COORDINATOR' | 'MEMBER', days)}  (single use, ${role.toLowerCase()} of organisation ${org}, valid ${days} days: send "KOD <code>" to the bot)`);
      break;
    }
    case 'grant-admin':
      console.log(`contact ${await grantAdmin(db.prisma, who())} is now an administrator`);
      break;
    case 'revoke':
      await revokeRoles(db.prisma, who());
      console.log('roles revoked');
      break;
    case 'roles': {
      const admins = await db.prisma.contact.findMany({ where: { role: 'ADMIN' }, include: { identities: true } });
      const coords = await db.prisma.organizationMember.findMany({ where: { role: 'COORDINATOR' }, include: { organization: true, contact: { include: { identities: true } } } });
      for (const a of admins) console.log(`admin        contact ${a.id} ${a.identities.map((i) => `${i.channel}:${i.address}`).join(' ')}`);
      for (const c of coords) console.log(`coordinator  contact ${c.contactId} ${c.contact.identities.map((i) => `${i.channel}:${i.address}`).join(' ')} → ${c.organization.name} (${c.organizationId})`);
      break;
    }
    default:
      usage();
  }
} catch (err: unknown) {
  if (err instanceof AdminError) {
    console.error(err.message);
    process.exitCode = 1;
  } else throw err;
} finally {
  await db.close();
}
