/**
 * Network bulletins (issue 17): a coordinator's message to other organisations' members and coordinators (never
 * residents who only follow), to all organisations, chosen categories or chosen districts. It is a Broadcast with
 * the NETWORK audience, so it goes through the same preview, approval, scheduler and delivery engine (Telegram
 * first, SMS only for those without Telegram, once per person per run). Each member's choice (SIEĆ / NETWORK)
 * filters them: OFF receives none, CATEGORIES only bulletins addressed to one of their categories.
 */
import type { PrismaClient } from '../../prisma/database.js';
import type { NetworkFilter } from '../../dialogs/broadcasts/ports.js';
import { t, type Locale } from '../../dialogs/i18n/index.js';
import { formatWhen } from '../../dialogs/events/when.js';
import { normalizeText } from '../../dialogs/text.js';

export type { NetworkFilter };

/** The organisation a coordinator sends bulletins from (the first they coordinate), or undefined. */
export async function senderOrganization(prisma: PrismaClient, contactId: number): Promise<number | undefined> {
  const m = await prisma.organizationMember.findFirst({
    where: { contactId, role: 'COORDINATOR', organization: { active: true } },
    orderBy: { organizationId: 'asc' },
    select: { organizationId: true },
  });
  return m?.organizationId;
}

/** The organisations a bulletin addresses: active, real (not demo), matching the filter, not the sender's own. */
export async function networkOrganizationIds(
  prisma: PrismaClient,
  filter: NetworkFilter,
  excludeOrganizationId?: number,
): Promise<number[]> {
  const orgs = await prisma.organization.findMany({
    where: {
      active: true,
      ...(excludeOrganizationId !== undefined ? { id: { not: excludeOrganizationId } } : {}),
      ...(filter.categoryIds?.length ? { categories: { some: { categoryId: { in: filter.categoryIds } } } } : {}),
    },
    select: { id: true, address: true, city: true },
    orderBy: { id: 'asc' },
  });
  if (!filter.districts?.length) return orgs.map((o) => o.id);
  // A district is matched in the address as the organisation wrote it ("os. Rokosowo", "ul. X, Przylesie").
  const wanted = filter.districts.map(normalizeText);
  return orgs.filter((o) => wanted.some((d) => normalizeText(`${o.address ?? ''} ${o.city ?? ''}`).includes(d))).map((o) => o.id);
}

/** Members and coordinators of the addressed organisations whose network settings let this bulletin through. */
export async function networkRecipientIds(prisma: PrismaClient, filter: NetworkFilter, excludeOrganizationId?: number): Promise<number[]> {
  const orgIds = await networkOrganizationIds(prisma, filter, excludeOrganizationId);
  const members = await prisma.organizationMember.findMany({ where: { organizationId: { in: orgIds } }, select: { contactId: true } });
  const excluded = new Set(
    excludeOrganizationId !== undefined
      ? (await prisma.organizationMember.findMany({ where: { organizationId: excludeOrganizationId }, select: { contactId: true } })).map(
          (m) => m.contactId,
        )
      : [],
  );
  const ids = [...new Set(members.map((m) => m.contactId))].filter((id) => !excluded.has(id));
  const prefs = new Map((await prisma.networkPreference.findMany({ where: { contactId: { in: ids } } })).map((p) => [p.contactId, p]));
  return ids.filter((id) => {
    const p = prefs.get(id);
    if (!p || p.mode === 'ALL') return true;
    if (p.mode === 'OFF') return false;
    return (filter.categoryIds ?? []).some((c) => p.categoryIds.includes(c));
  });
}

/** The request administrators read: who sends what to whom, how many, what it costs, when. */
export async function describeBroadcast(
  prisma: PrismaClient,
  id: number,
  p: { telegram: number; sms: number; cost: number },
  l: Locale,
): Promise<string> {
  const b = await prisma.broadcast.findUniqueOrThrow({
    where: { id },
    include: { createdBy: { select: { displayName: true, id: true } }, organization: { select: { name: true } } },
  });
  const filter = (b.audienceFilter ?? {}) as NetworkFilter;
  let audience: string;
  if (b.audience === 'EVERYONE') audience = t(l, 'net.aud_everyone');
  else if (b.audience === 'NETWORK') {
    if (filter.categoryIds?.length) {
      const cats = await prisma.category.findMany({ where: { id: { in: filter.categoryIds } }, orderBy: { id: 'asc' } });
      audience = t(l, 'net.aud_network_categories', {
        list: cats.map((c) => (l === 'en' ? c.nameEn : l === 'uk' ? c.nameUk : c.namePl)).join(', '),
      });
    } else if (filter.districts?.length) audience = t(l, 'net.aud_network_districts', { list: filter.districts.join(', ') });
    else audience = t(l, 'net.aud_network_all');
  } else
    audience = t(l, b.audience === 'ORGANIZATION' ? 'net.aud_org' : b.audience === 'EVENT' ? 'net.aud_event' : 'net.aud_topic', {
      ref: b.audienceRef ?? '',
    });
  const who = [b.createdBy?.displayName ?? (b.createdById ? `#${b.createdById}` : 'system'), b.organization?.name]
    .filter(Boolean)
    .join(', ');
  return t(l, 'net.bc_describe', {
    id,
    who,
    audience,
    tg: p.telegram,
    sms: p.sms,
    cost: p.cost.toFixed(2),
    when: b.nextRunAt ? formatWhen(b.nextRunAt, l) : '-',
    text: [...b.text].slice(0, 300).join(''),
  });
}
