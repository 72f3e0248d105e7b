/**
 * Organisation profiles kept by the organisations (issue 17): a coordinator changes one field of the entry by chat;
 * the value is validated like an import row (bot/import/organizations.ts validateRow), applied at once (the map and
 * the API read the table, the nearest index notices updatedAt) and kept in ProfileChange with before and after. A
 * change of name or KRS, or a move farther than PROFILE_APPROVAL_METERS (default 500 m), waits for an
 * administrator (Approval kind "profile"). The fields an organisation set are stamped in fieldsSetAt, so that an
 * older import file does not overwrite them (bot/network/import-guard.ts).
 */
import type { PrismaClient } from '../../prisma/database.js';
import type { Prisma } from '../../prisma/generated/client.js';
import type { Actor } from '../../dialogs/ports.js';
import { t, type Locale } from '../../dialogs/i18n/index.js';
import { COORDINATES, PROFILE_FIELDS, type ProfileField, type ProfilePort, type ProfileUpdateResult } from '../../dialogs/network/ports.js';
import type { LinkBuilder, PlaceLookup } from '../../dialogs/nearest/ports.js';
import { CONFIRM_REMINDER, reminderPeriod } from './confirmations.js';
import { validateRow } from '../import/organizations.js';
import { loadCategoryLookup } from '../import/category-lookup.js';
import type { Approvals, ProfileApprovalTarget } from './approvals.js';

type Snapshot = Partial<Record<ProfileField, unknown>>;

/** Metres between two points (haversine). */
export function distanceMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const r = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(h));
}

async function snapshot(prisma: PrismaClient, organizationId: number): Promise<Record<ProfileField, unknown> & { dedupeKey: string }> {
  const o = await prisma.organization.findUniqueOrThrow({
    where: { id: organizationId },
    include: { categories: { include: { category: { select: { slug: true } } } } },
  });
  return {
    dedupeKey: o.dedupeKey,
    name: o.name,
    krs: o.krs,
    description: o.description,
    categories: o.categories.map((c) => c.category.slug).sort(),
    phone: o.phone,
    email: o.email,
    website: o.website,
    hours: o.hours,
    address: o.address,
    location: o.lat !== null && o.lng !== null ? { lat: o.lat, lng: o.lng } : null,
  };
}

/** The entry as the map shows it, one text per field ('' when empty): PROFIL shows it, the yearly reminder quotes it. */
export async function profileEntry(prisma: PrismaClient, organizationId: number): Promise<Record<ProfileField, string>> {
  const s = await snapshot(prisma, organizationId);
  const text = (v: unknown) =>
    v === null || v === undefined
      ? ''
      : Array.isArray(v)
        ? v.join(', ')
        : typeof v === 'object'
          ? `${(v as { lat: number }).lat}, ${(v as { lng: number }).lng}`
          : String(v);
  return Object.fromEntries(PROFILE_FIELDS.map((f) => [f, text(s[f])])) as Record<ProfileField, string>;
}

export class ProfileRepository implements ProfilePort, ProfileApprovalTarget {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly approvals: Approvals,
    private readonly o: {
      approvalMeters: number;
      onChange?: () => void;
      /** Addresses typed for the location are looked up here (the resolver residents' places go through). */
      places?: Pick<PlaceLookup, 'resolveText'>;
      /** The public map page, shown back after a location change. */
      links?: LinkBuilder;
    } = { approvalMeters: 500 },
  ) {}

  async locate(text: string) {
    const r = await this.o.places?.resolveText(text);
    if (!r || r.kind === 'unknown' || r.kind === 'short_link' || r.kind === 'postcode_unknown' || r.kind === 'postcode_elsewhere')
      return { kind: 'unknown' as const };
    if (r.kind === 'ambiguous') return { kind: 'vague' as const, label: r.options.map((o) => o.label).join(' / ') };
    // An organisation's seat is an address or a landmark, not a street's or a district's middle.
    if (r.kind === 'vague' || !['pin', 'address', 'interpolated', 'landmark', 'geocoder'].includes(r.evidence ?? ''))
      return { kind: 'vague' as const, label: r.label };
    const { lat, lng } = r.point;
    return { kind: 'found' as const, lat, lng, label: r.label, map: this.mapLink({ lat, lng }) };
  }

  private mapLink(q: { org?: number; lat?: number; lng?: number }): string {
    if (this.o.links) return this.o.links.map(q);
    // Without our own map page: OpenStreetMap, with a marker.
    return `https://www.openstreetmap.org/?mlat=${q.lat}&mlon=${q.lng}#map=17/${q.lat}/${q.lng}`;
  }

  private async role(actor: Actor, organizationId: number): Promise<boolean> {
    if (!actor.verifiedChannel) return false;
    const m = await this.prisma.organizationMember.findUnique({
      where: { contactId_organizationId: { contactId: actor.contactId, organizationId } },
      select: { role: true },
    });
    return m?.role === 'COORDINATOR';
  }

  async coordinated(actor: Actor) {
    if (!actor.verifiedChannel) return [];
    const ms = await this.prisma.organizationMember.findMany({
      where: { contactId: actor.contactId, role: 'COORDINATOR' },
      include: { organization: { select: { id: true, name: true } } },
      orderBy: { organizationId: 'asc' },
    });
    return ms.map((m) => m.organization);
  }

  private snapshot(organizationId: number) {
    return snapshot(this.prisma, organizationId);
  }

  async show(organizationId: number) {
    return profileEntry(this.prisma, organizationId);
  }

  /**
   * The organisations this coordinator was reminded to confirm (bot/network/confirmations.ts) and that have not
   * confirmed or changed their entry since: "TAK, aktualne" answers those reminders.
   */
  async reminded(actor: Actor): Promise<number[]> {
    const orgs = await this.prisma.organization.findMany({
      where: { id: { in: (await this.coordinated(actor)).map((o) => o.id) } },
      select: { id: true, confirmedAt: true, createdAt: true },
    });
    if (!orgs.length) return [];
    const notices = await this.prisma.networkNotice.findMany({
      where: { kind: CONFIRM_REMINDER, subject: { in: orgs.map((o) => `organization:${o.id}`) } },
      select: { subject: true, period: true },
    });
    return orgs.filter((o) => notices.some((n) => n.subject === `organization:${o.id}` && n.period === reminderPeriod(o))).map((o) => o.id);
  }

  /** The new value of one field, validated as the import validates a row; or the problem. */
  private async validate(
    current: Record<ProfileField, unknown>,
    field: ProfileField,
    value: string,
  ): Promise<{ ok: true; value: unknown } | { ok: false; problem: string }> {
    const v = value.trim();
    if (field === 'hours' || field === 'description' || field === 'address') {
      if (v.length > (field === 'description' ? 2000 : 300)) return { ok: false, problem: `${field} is too long` };
      const row = validateRow('profile', { name: current.name, [field === 'hours' ? 'description' : field]: v }, null);
      if (Array.isArray(row)) return { ok: false, problem: row.map((p) => p.reason).join('; ') };
      return { ok: true, value: (field === 'hours' ? row.description : row[field]) ?? null };
    }
    if (field === 'location') {
      const m = COORDINATES.exec(v);
      if (!m) return { ok: false, problem: `"${v}" is not "lat, lng"` };
      const row = validateRow('profile', { name: current.name, lat: m[1], lng: m[2] }, null);
      if (Array.isArray(row)) return { ok: false, problem: row.map((p) => p.reason).join('; ') };
      return { ok: true, value: { lat: row.lat!, lng: row.lng! } };
    }
    if (field === 'categories') {
      const row = validateRow('profile', { name: current.name, category: v }, await loadCategoryLookup(this.prisma));
      if (Array.isArray(row)) return { ok: false, problem: row.map((p) => p.reason).join('; ') };
      if (!row.categories.length) return { ok: false, problem: 'no category' };
      return { ok: true, value: [...row.categories].sort() };
    }
    const row = validateRow('profile', { name: field === 'name' ? v : current.name, [field]: v }, null);
    if (Array.isArray(row)) return { ok: false, problem: row.map((p) => p.reason).join('; ') };
    return { ok: true, value: row[field] ?? null };
  }

  async update(actor: Actor, organizationId: number, field: ProfileField, value: string, now: Date): Promise<ProfileUpdateResult> {
    if (!(await this.role(actor, organizationId))) return { ok: false, why: 'not_allowed' };
    const current = await this.snapshot(organizationId);
    const r = await this.validate(current, field, value);
    if (!r.ok) return { ok: false, why: 'invalid', field, problem: r.problem };
    if (JSON.stringify(r.value) === JSON.stringify(current[field] ?? null)) return { ok: false, why: 'unchanged', field };
    const reasons: string[] = [];
    if (field === 'name') reasons.push('name');
    if (field === 'krs') reasons.push('krs');
    const before = current.location as { lat: number; lng: number } | null;
    if (field === 'location' && before && distanceMeters(before, r.value as { lat: number; lng: number }) > this.o.approvalMeters)
      reasons.push('location');
    // A change that waits is written with its approval request in one transaction (never one without the other).
    const { change, request } = await this.prisma.$transaction(async (tx) => {
      const change = await tx.profileChange.create({
        data: {
          organizationId,
          contactId: actor.contactId,
          status: reasons.length ? 'PENDING' : 'APPLIED',
          before: { [field]: current[field] ?? null } as Prisma.InputJsonValue,
          after: { [field]: r.value ?? null } as Prisma.InputJsonValue,
          createdAt: now,
        },
      });
      return {
        change,
        request: reasons.length ? await this.approvals.record(tx, 'profile', change.id, actor.contactId, reasons) : undefined,
      };
    });
    // A new location is shown back on the map: the organisation at its new point, or the point that waits.
    const point = field === 'location' ? (r.value as { lat: number; lng: number }) : undefined;
    if (request) {
      if (request.created) await this.approvals.announce(request.id, actor.contactId, reasons, (l) => this.describe(change.id, l));
      return {
        ok: true,
        status: 'PENDING',
        changeId: change.id,
        approvalId: request.id,
        fields: [field],
        map: point && this.mapLink({ lat: point.lat, lng: point.lng }),
      };
    }
    await this.apply(change.id, now, `contact:${actor.contactId}`);
    return {
      ok: true,
      status: 'APPLIED',
      changeId: change.id,
      fields: [field],
      map: point && this.mapLink({ org: organizationId, lat: point.lat, lng: point.lng }),
    };
  }

  /** Writes a change's "after" to the organisation, stamps the fields, records the audit row. */
  private async apply(changeId: number, now: Date, actor: string): Promise<void> {
    const c = await this.prisma.profileChange.findUniqueOrThrow({
      where: { id: changeId },
      include: { organization: { select: { fieldsSetAt: true } } },
    });
    const after = c.after as Snapshot;
    const data: Prisma.OrganizationUpdateInput = {};
    for (const [f, v] of Object.entries(after) as Array<[ProfileField, unknown]>) {
      if (f === 'location') {
        const p = v as { lat: number; lng: number };
        Object.assign(data, { lat: p.lat, lng: p.lng, coordSource: 'organization', coordPrecision: 'EXACT' });
      } else if (f === 'categories') {
        const cats = await this.prisma.category.findMany({ where: { slug: { in: v as string[] } }, select: { id: true } });
        data.categories = { deleteMany: {}, create: cats.map((x) => ({ categoryId: x.id })) };
      } else if (f === 'krs') Object.assign(data, { krs: v, ...(v ? { dedupeKey: `krs:${v as string}` } : {}) });
      else Object.assign(data, { [f]: v });
    }
    const stamps = { ...((c.organization.fieldsSetAt ?? {}) as Record<string, string>) };
    for (const f of Object.keys(after)) stamps[f] = now.toISOString();
    await this.prisma.$transaction([
      this.prisma.organization.update({ where: { id: c.organizationId }, data: { ...data, fieldsSetAt: stamps, confirmedAt: now } }),
      this.prisma.profileChange.update({ where: { id: changeId }, data: { status: 'APPLIED', appliedAt: now } }),
      this.prisma.auditLog.create({
        data: {
          at: now,
          actor,
          action: 'organization.profile',
          subject: `organization:${c.organizationId}`,
          details: { change: changeId, before: c.before as Prisma.InputJsonValue, after: c.after as Prisma.InputJsonValue },
        },
      }),
    ]);
    this.o.onChange?.();
  }

  async approve(changeId: number, now: Date) {
    await this.apply(changeId, now, 'approval');
  }

  async reject(changeId: number) {
    await this.prisma.profileChange.updateMany({ where: { id: changeId, status: 'PENDING' }, data: { status: 'REJECTED' } });
  }

  async describe(changeId: number, l: Locale) {
    const c = await this.prisma.profileChange.findUniqueOrThrow({
      where: { id: changeId },
      include: { organization: { select: { name: true } } },
    });
    const who = c.contactId
      ? ((await this.prisma.contact.findUnique({ where: { id: c.contactId }, select: { displayName: true } }))?.displayName ??
        `#${c.contactId}`)
      : '-';
    const before = c.before as Snapshot;
    const after = c.after as Snapshot;
    const show = (v: unknown) =>
      v === null || v === undefined
        ? t(l, 'prof.empty')
        : typeof v === 'object' && !Array.isArray(v)
          ? `${(v as { lat: number }).lat}, ${(v as { lng: number }).lng}`
          : String(v);
    const changes = Object.keys(after)
      .map((f) => `${f}: ${show(before[f as ProfileField])} → ${show(after[f as ProfileField])}`)
      .join('\n');
    return t(l, 'prof.describe', { id: changeId, org: c.organization.name, who, changes });
  }

  async confirm(actor: Actor, organizationId: number, now: Date) {
    if (!(await this.role(actor, organizationId))) return false;
    await this.prisma.organization.update({ where: { id: organizationId }, data: { confirmedAt: now } });
    await this.prisma.auditLog.create({
      data: { at: now, actor: `contact:${actor.contactId}`, action: 'organization.confirmed', subject: `organization:${organizationId}` },
    });
    return true;
  }
}
