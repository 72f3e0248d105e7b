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
  if (channel === 'SMS' && !/^\+[1-9]\d{6,14}$/.test(address)) throw new AdminError(`a phone number must be in E.164 form (+48…), not "${address}"`);
  const id = await prisma.contactIdentity.findUnique({ where: { channel_address: { channel, address } } });
  if (id) return id.contactId;
  const c = await prisma.contact.create({ data: { identities: { create: [{ channel, address, chatId: channel === 'TELEGRAM' ? address : undefined }] } } });
  return c.id;
}

export async function grantCoordinator(prisma: PrismaClient, who: Who, organizationId: number): Promise<number> {
  const org = await prisma.organization.findUnique({ where: { id: organizationId } });
  if (!org) throw new AdminError(`no organisation with id ${organizationId}`);
  const contactId = await contactFor(prisma, who);
  await prisma.organizationMember.upsert({ where: { contactId_organizationId: { contactId, organizationId } }, create: { contactId, organizationId, role: 'COORDINATOR' }, update: { role: 'COORDINATOR' } });
  await prisma.auditLog.create({ data: { actor: 'cli', action: 'role.coordinator.granted', subject: `contact:${contactId}`, details: { organizationId } } });
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
