/**
 * The admin commands, parsed from argv-like words and run against the database. One implementation for both
 * ways in: `npm run admin -- …` (directly, or through the running server's /admin/command when the server owns
 * the embedded data directory) and the authenticated HTTP endpoint.
 */
import type { PrismaClient } from '../../prisma/database.js';
import { AdminError, createInvite, grantAdmin, grantCoordinator, revokeRoles, type Who } from './roles.js';
import { questionMetrics } from '../questions/metrics.js';

export const ADMIN_USAGE = [
  'npm run admin -- grant-coordinator --org <id> (--telegram <user id> | --phone <+48…>)',
  'npm run admin -- invite --org <id> [--role coordinator|member] [--days 7]',
  'npm run admin -- grant-admin (--telegram <user id> | --phone <+48…>)',
  'npm run admin -- revoke (--telegram <user id> | --phone <+48…>)',
  'npm run admin -- roles',
  "npm run admin -- question-stats [--days 90]   (residents' questions per organisation, for the city's report)",
].join('\n');

export class AdminUsageError extends AdminError {}

/** Runs one admin command; returns what to print. Throws AdminError (bad input) or AdminUsageError. */
export async function runAdminCommand(prisma: PrismaClient, argv: readonly string[]): Promise<string> {
  const args = argv.filter((a) => a !== '--');
  const opt = (n: string) => {
    const i = args.indexOf(`--${n}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const who = (): Who => {
    const tg = opt('telegram');
    const phone = opt('phone');
    if (tg) return { telegram: tg };
    if (phone) return { phone };
    throw new AdminUsageError('give --telegram <user id> or --phone <+48…>');
  };
  switch (args[0]) {
    case 'grant-coordinator': {
      const org = Number(opt('org'));
      if (!Number.isInteger(org)) throw new AdminUsageError('give --org <organisation id>');
      return `contact ${await grantCoordinator(prisma, who(), org)} is now a coordinator of organisation ${org}`;
    }
    case 'invite': {
      const org = Number(opt('org'));
      const role = (opt('role') ?? 'coordinator').toUpperCase();
      if (!Number.isInteger(org)) throw new AdminUsageError('give --org <organisation id>');
      if (!['COORDINATOR', 'MEMBER'].includes(role)) throw new AdminUsageError('--role is coordinator or member');
      const days = Number(opt('days') ?? 7);
      if (!(days > 0 && days <= 90)) throw new AdminUsageError('--days is 1 to 90');
      const code = await createInvite(prisma, org, role as 'COORDINATOR' | 'MEMBER', days);
      return `${code}  (single use, ${role.toLowerCase()} of organisation ${org}, valid ${days} days: send "KOD ${code}" to the bot)`;
    }
    case 'grant-admin':
      return `contact ${await grantAdmin(prisma, who())} is now an administrator`;
    case 'revoke':
      await revokeRoles(prisma, who());
      return 'roles revoked';
    case 'roles': {
      const admins = await prisma.contact.findMany({ where: { role: 'ADMIN' }, include: { identities: true } });
      const coords = await prisma.organizationMember.findMany({
        where: { role: 'COORDINATOR' },
        include: { organization: true, contact: { include: { identities: true } } },
      });
      const lines = [
        ...admins.map((a) => `admin        contact ${a.id} ${a.identities.map((i) => `${i.channel}:${i.address}`).join(' ')}`),
        ...coords.map(
          (c) =>
            `coordinator  contact ${c.contactId} ${c.contact.identities.map((i) => `${i.channel}:${i.address}`).join(' ')} → ${c.organization.name} (${c.organizationId})`,
        ),
      ];
      return lines.length ? lines.join('\n') : 'no administrators or coordinators yet';
    }
    case 'question-stats': {
      const days = Number(opt('days') ?? 90);
      if (!(days > 0 && days <= 3660)) throw new AdminUsageError('--days is 1 to 3660');
      const rows = await questionMetrics(prisma, { since: new Date(Date.now() - days * 86_400_000) });
      if (!rows.length) return `no questions in the last ${days} days`;
      const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x * 100)}%`);
      return [
        `questions of the last ${days} days, per organisation: asked, answered, median hours to the first answer, share answered within 48 h`,
        ...rows.map(
          (r) =>
            `${r.name} (${r.organizationId}): ${r.questions} asked, ${r.answered} answered, median ${r.medianHoursToFirstAnswer ?? 'n/a'} h, ${pct(r.answeredWithin48h)} within 48 h`,
        ),
      ].join('\n');
    }
    default:
      throw new AdminUsageError(args[0] ? `unknown command "${args[0]}"` : 'no command given');
  }
}
