/** Granting and revoking roles (the admin command). Every change is written to the audit log. */
import type { PrismaClient } from '../../prisma/database.js';

export type Who = { telegram: string } | { phone: string };

export class AdminError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdminError';
  }
}

async function contactFor(prisma: PrismaClient, who: Who): Promise<number> {
  const [channel, address] = 'telegram' in who ? (['TELEGRAM', who.telegram] as const) : (['SMS', who.phone] as const);
  if (channel === 'TELEGRAM' && !/^\d{1,15}$/.test(address)) throw new AdminError(`a Telegram user id is a number, not "${address}"`);
  if (channel === 'SMS' && !/^\+[1-9]\d{6,14}$/.test(address))
    throw new AdminError(`a phone number must be in E.164 form (+48…), not "${address}"`);
  const id = await prisma.contactIdentity.findUnique({ where: { channel_address: { channel, address } } });
  if (id) return id.contactId;
  const c = await prisma.contact.create({
    data: { identities: { create: [{ channel, address, chatId: channel === 'TELEGRAM' ? address : undefined }] } },
  });
  return c.id;
}

export async function grantCoordinator(prisma: PrismaClient, who: Who, organizationId: number): Promise<number> {
  const org = await prisma.organization.findUnique({ where: { id: organizationId } });
  if (!org) throw new AdminError(`no organisation with id ${organizationId}`);
  const contactId = await contactFor(prisma, who);
  await prisma.organizationMember.upsert({
    where: { contactId_organizationId: { contactId, organizationId } },
    create: { contactId, organizationId, role: 'COORDINATOR' },
    update: { role: 'COORDINATOR' },
  });
  await prisma.auditLog.create({
    data: { actor: 'cli', action: 'role.coordinator.granted', subject: `contact:${contactId}`, details: { organizationId } },
  });
  return contactId;
}

export async function grantAdmin(prisma: PrismaClient, who: Who): Promise<number> {
  const contactId = await contactFor(prisma, who);
  await prisma.contact.update({ where: { id: contactId }, data: { role: 'ADMIN' } });
  await prisma.auditLog.create({ data: { actor: 'cli', action: 'role.admin.granted', subject: `contact:${contactId}` } });
  return contactId;
}

export async function revokeRoles(prisma: PrismaClient, who: Who): Promise<void> {
  const contactId = await contactFor(prisma, who);
  await prisma.contact.update({ where: { id: contactId }, data: { role: 'RESIDENT' } });
  await prisma.organizationMember.updateMany({ where: { contactId, role: 'COORDINATOR' }, data: { role: 'MEMBER' } });
  await prisma.auditLog.create({ data: { actor: 'cli', action: 'role.revoked', subject: `contact:${contactId}` } });
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no 0/O, 1/I

/** A single-use code (e.g. KOS-7F3K-9QX2) that makes whoever redeems it a coordinator or member. */
export async function createInvite(
  prisma: PrismaClient,
  organizationId: number,
  role: 'COORDINATOR' | 'MEMBER',
  days = 7,
  now = new Date(),
): Promise<string> {
  if (!(await prisma.organization.findUnique({ where: { id: organizationId } })))
    throw new AdminError(`no organisation with id ${organizationId}`);
  const { randomInt } = await import('node:crypto');
  const part = () => Array.from({ length: 4 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  const code = `KOS-${part()}-${part()}`;
  await prisma.inviteCode.create({ data: { code, organizationId, role, expiresAt: new Date(now.getTime() + days * 86_400_000) } });
  await prisma.auditLog.create({
    data: { actor: 'cli', action: 'invite.created', subject: `organization:${organizationId}`, details: { role } },
  });
  return code;
}

/** Redeems a code once (atomic); returns the organisation and role, or why not. */
export async function redeemInvite(
  prisma: PrismaClient,
  contactId: number,
  rawCode: string,
  now = new Date(),
): Promise<{ ok: true; organization: string; role: 'COORDINATOR' | 'MEMBER' } | { ok: false }> {
  const code = rawCode
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .replace(/^KOS(.{4})(.{4})$/, 'KOS-$1-$2');
  const used = await prisma.inviteCode.updateMany({
    where: { code, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now, usedById: contactId },
  });
  if (used.count !== 1) return { ok: false };
  const invite = await prisma.inviteCode.findUniqueOrThrow({ where: { code } });
  await prisma.organizationMember.upsert({
    where: { contactId_organizationId: { contactId, organizationId: invite.organizationId } },
    create: { contactId, organizationId: invite.organizationId, role: invite.role },
    update: invite.role === 'COORDINATOR' ? { role: 'COORDINATOR' } : {},
  });
  await prisma.auditLog.create({
    data: {
      actor: `contact:${contactId}`,
      action: 'invite.redeemed',
      subject: `organization:${invite.organizationId}`,
      details: { role: invite.role },
    },
  });
  const org = await prisma.organization.findUniqueOrThrow({ where: { id: invite.organizationId } });
  return { ok: true, organization: org.name, role: invite.role };
}
