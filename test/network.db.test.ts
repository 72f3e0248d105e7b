/**
 * The NGO network (issue 17) on both databases: network bulletins reach exactly the addressed organisations'
 * members once each (not residents, not the sender's own people, not those who switched bulletins off); a wide
 * send waits for a second administrator, who approves it (then it goes out) or rejects it (never sent); a time
 * that passes while waiting is reported, not moved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import { FixedClock, makeEngine, RecordingNotifier, runTranscript } from './support/harness.js';
import { ensureCategories } from '../prisma/seed/index.js';
import { grantAdmin, grantCoordinator } from '../bot/admin/roles.js';
import type { Database } from '../prisma/database.js';
import { buildFeatures } from '../bot/server.js';
import { createGeo } from '../bot/geo/index.js';
import { EventRepository } from '../bot/repositories/events.js';
import { CoordinationRepository } from '../bot/repositories/coordination.js';
import { BroadcastService } from '../bot/delivery/broadcasts.js';
import { Approvals } from '../bot/network/approvals.js';
import { renderPlain } from '../dialogs/render-plain.js';
import { loadConfig } from '../bot/config.js';

describe(`the NGO network on ${testDbKind}`, () => {
  let db: Database;
  let h: ReturnType<typeof makeEngine>;
  let notifier: RecordingNotifier;
  let service: BroadcastService;
  let approvals: Approvals;
  const clock = new FixedClock(new Date('2026-12-01T10:00:00Z'));
  const ids: Record<string, number> = {};
  const sentTo = (contactId: number) =>
    notifier.sent.filter((s) => s.contactId === contactId).map((s) => s.replies.map(renderPlain).join('\n'));

  beforeAll(async () => {
    db = await openTestDatabase();
    const p = db.prisma;
    await ensureCategories(p);
    const cat = async (slug: string) => (await p.category.findUniqueOrThrow({ where: { slug } })).id;
    const [sport, seniors, culture] = [await cat('sport'), await cat('seniorzy'), await cat('kultura')];
    const org = async (key: string, categories: number[]) =>
      (ids[key] = (
        await p.organization.create({
          data: { dedupeKey: `net:${key}`, name: `Org ${key}`, categories: { create: categories.map((categoryId) => ({ categoryId })) } },
        })
      ).id);
    await org('S', [sport]); // the sender's organisation
    await org('A', [sport]);
    await org('B', [seniors]);
    await org('C', [culture]);
    await org('D', [sport, seniors]);
    const person = async (key: string, identities: Array<{ channel: 'SMS' | 'TELEGRAM'; address: string }>, memberOf: string[]) => {
      const c = await p.contact.create({
        data: {
          identities: { create: identities.map((i) => ({ ...i, chatId: i.channel === 'TELEGRAM' ? i.address : undefined })) },
          memberships: { create: memberOf.map((o) => ({ organizationId: ids[o]!, role: 'MEMBER' as const })) },
        },
      });
      return (ids[key] = c.id);
    };
    await person(
      'm1',
      [
        { channel: 'TELEGRAM', address: '7201' },
        { channel: 'SMS', address: '+48600720100' },
      ],
      ['A', 'D'],
    ); // in two addressed organisations
    await person('m2', [{ channel: 'SMS', address: '+48600720200' }], ['A']); // no Telegram: SMS
    await person('m3', [{ channel: 'TELEGRAM', address: '7203' }], ['B']);
    await person('m4', [{ channel: 'TELEGRAM', address: '7204' }], ['C']); // culture: not addressed
    await person('m5', [{ channel: 'TELEGRAM', address: '7205' }], ['S']); // the sender's own organisation
    await person('m6', [{ channel: 'TELEGRAM', address: '7206' }], ['B']); // switches bulletins off
    ids.resident = (
      await p.contact.create({
        data: {
          identities: { create: [{ channel: 'TELEGRAM', address: '7207', chatId: '7207' }] },
          subscriptions: { create: [{ target: `organization:${ids.A}`, organizationId: ids.A, channel: 'TELEGRAM' }] },
        },
      })
    ).id;
    ids.coord = await grantCoordinator(p, { telegram: '7001' }, ids.S!);
    ids.coordB = await grantCoordinator(p, { telegram: '7002' }, ids.B!); // a coordinator of an addressed organisation receives it too
    ids.admin1 = await grantAdmin(p, { telegram: '7101' });
    ids.admin2 = await grantAdmin(p, { telegram: '7102' });
    await p.contact.update({ where: { id: ids.admin2 }, data: { locale: 'en' } });
    ids.adminSms = await grantAdmin(p, { phone: '+48600729999' }); // an administrator with no Telegram
    const geo = createGeo(p, { publicUrl: 'https://bot.example.org' });
    notifier = new RecordingNotifier();
    service = new BroadcastService(p, { transliterate: true, pricePerSegment: 0.2 });
    approvals = new Approvals(p, notifier, { recipients: 500, cost: 100 });
    h = makeEngine(
      db,
      buildFeatures(geo, {
        prisma: p,
        events: new EventRepository(p),
        notifier,
        broadcasts: service,
        coordination: new CoordinationRepository(p),
        approvals,
      }),
      clock,
    );
  });
  afterAll(async () => db?.close());

  it('SIEĆ / NETWORK: members choose what they receive, kept as consent; residents are told it is not for them', async () => {
    await runTranscript(h.user('telegram:7206', { languageCode: 'pl' }).says, [
      ['SIEĆ', 'Biuletyny sieci organizacji: wszystkie.'],
      ['SIEĆ wyłącz', 'Zapisano. Biuletyny sieci: wyłączone.'],
    ]);
    await runTranscript(h.user('telegram:7204', { languageCode: 'en' }).says, [
      ['NETWORK CATEGORIES culture, nonsense', 'Unknown categories: nonsense.'],
      ['NETWORK CATEGORIES culture', 'Saved. Network bulletins: only categories: Kultura i sztuka.'],
    ]);
    await runTranscript(h.user('telegram:7207', { languageCode: 'uk' }).says, [
      ['МЕРЕЖА', 'Бюлетені мережі — для членів і координаторів організацій.'],
    ]);
    expect(await db.prisma.networkPreference.findUniqueOrThrow({ where: { contactId: ids.m6! } })).toMatchObject({
      mode: 'OFF',
      channel: 'TELEGRAM',
      consentText: 'SIEĆ wyłącz',
    });
    expect(await db.prisma.auditLog.count({ where: { action: 'network.preference' } })).toBe(2);
  });

  it('a bulletin to two categories reaches exactly those organisations’ members and coordinators, once each', async () => {
    const r = await runTranscript(h.user('telegram:7001', { languageCode: 'pl' }).says, [
      ['NADAJ sieć kategorie sport, seniorzy | teraz | Pożyczymy stoły na festyn', /^Podgląd: Telegram 3, SMS 1 /],
      ['tak', /^Zaplanowano wysyłkę nr (\d+)\./],
    ]);
    const id = Number(/nr (\d+)/.exec(r[1]!)![1]);
    const b = await db.prisma.broadcast.findUniqueOrThrow({ where: { id } });
    expect(b).toMatchObject({
      audience: 'NETWORK',
      audienceRef: ids.S,
      organizationId: ids.S,
      status: 'SCHEDULED',
      text: '[Org S] Pożyczymy stoły na festyn',
    });
    const due = await service.claimDue(clock.now());
    expect(due.created).toHaveLength(1);
    const deliveries = await db.prisma.delivery.findMany({ where: { runId: due.created[0] }, orderBy: { contactId: 'asc' } });
    expect(deliveries.map((d) => [d.contactId, d.channel])).toEqual([
      [ids.m1, 'TELEGRAM'],
      [ids.m2, 'SMS'],
      [ids.m3, 'TELEGRAM'],
      [ids.coordB, 'TELEGRAM'],
    ]);
    // A coordinator of no organisation cannot send bulletins; nor can anyone over SMS.
    await runTranscript(h.user('telegram:7207', { languageCode: 'pl' }).says, [
      ['NADAJ sieć wszystkie | teraz | x', 'Nie możesz wysyłać do tych odbiorców'],
    ]);
    await runTranscript(h.user('sms:+48600720200').says, [['NADAJ sieć wszystkie | teraz | x', 'działa tylko w Telegramie']]);
  });

  it('an everyone-broadcast waits; the sender cannot approve it; a second administrator approves it and it goes out', async () => {
    const a1 = h.user('telegram:7101', { languageCode: 'pl' });
    const r = await runTranscript(a1.says, [
      ['NADAJ wszyscy | jutro 18:00 | Komunikat miasta', /^Podgląd: /],
      ['tak', /^Wysyłka nr (\d+) czeka na zatwierdzenie przez administratora \(wniosek nr (\d+)\)\./],
    ]);
    const [, bid, aid] = /nr (\d+) czeka.*wniosek nr (\d+)/.exec(r[1]!)!.map(Number);
    expect((await db.prisma.broadcast.findUniqueOrThrow({ where: { id: bid } })).status).toBe('PENDING_APPROVAL');
    // The other administrator got the preview with its number and the buttons; the sender did not.
    const request = notifier.sent.find(
      (s) => s.contactId === ids.admin2 && s.replies.some((x) => x.kind === 'choices' && x.text.includes(`Wniosek nr ${aid}`)),
    );
    expect(request?.replies[0]).toMatchObject({
      kind: 'choices',
      choices: [{ value: `approval:yes:${aid}` }, { value: `approval:no:${aid}` }],
    });
    expect(renderPlain(request!.replies[0]!)).toContain('Komunikat miasta');
    expect(sentTo(ids.admin1!).some((t) => t.includes(`Wniosek nr ${aid}`))).toBe(false);
    // An administrator without Telegram is told where to decide, with no buttons and no SMS command to approve.
    expect(sentTo(ids.adminSms!)).toContain(
      `Wniosek nr ${aid} czeka na zatwierdzenie. Zatwierdzić lub odrzucić można tylko na Telegramie (SMS można podrobić): połącz konto Telegram z tym numerem.`,
    );
    // Nothing waiting is sent, even when its time comes.
    expect((await service.claimDue(new Date('2026-12-02T17:30:00Z'))).created).toEqual([]);
    await runTranscript(a1.says, [[`ZATWIERDŹ ${aid}`, `Nie możesz zatwierdzić ani odrzucić własnego wniosku nr ${aid}`]]);
    await runTranscript(h.user('telegram:7001', { languageCode: 'pl' }).says, [
      [`ZATWIERDŹ ${aid}`, 'Wnioski zatwierdza administrator, w Telegramie.'],
    ]);
    await runTranscript(h.user('sms:+48600720200').says, [[`ZATWIERDŹ ${aid}`, 'Wnioski zatwierdza administrator, w Telegramie.']]);
    await runTranscript(h.user('telegram:7102', { languageCode: 'en' }).says, [
      [`APPROVE ${aid}`, `Request no. ${aid} is approved. The sender has been told.`],
      [`APPROVE ${aid}`, `Request no. ${aid} has already been decided or withdrawn.`],
    ]);
    expect(await db.prisma.approval.findUniqueOrThrow({ where: { id: aid } })).toMatchObject({
      kind: 'broadcast',
      subjectId: bid,
      requestedById: ids.admin1,
      decidedById: ids.admin2,
      status: 'APPROVED',
      reasons: ['everyone'],
      decidedAt: clock.now(),
    });
    expect(sentTo(ids.admin1!)).toContain(`Administrator zatwierdził wysyłkę nr ${bid}; pójdzie w zaplanowanym terminie.`);
    // What was approved is what goes out: the sender cannot change the text or add a repeat afterwards.
    const edit = await a1.says(`ZMIEŃ WYSYŁKĘ ${bid} | codziennie 9:00 | Zupełnie inny, niezatwierdzony tekst`);
    await a1.says('tak');
    expect(edit).not.toMatch(/^Podgląd/);
    expect(await db.prisma.broadcast.findUniqueOrThrow({ where: { id: bid } })).toMatchObject({
      text: 'Komunikat miasta',
      recurrence: 'NONE',
    });
    const due = await service.claimDue(new Date('2026-12-02T17:00:00Z'));
    expect(due.created).toHaveLength(1);
    expect(await db.prisma.delivery.count({ where: { runId: due.created[0] } })).toBe(
      await db.prisma.contact.count({ where: { status: 'ACTIVE' } }),
    );
  });

  it('rejected with the button and a reason: the sender is told and it is never sent', async () => {
    const r = await runTranscript(h.user('telegram:7101', { languageCode: 'pl' }).says, [
      ['NADAJ wszyscy | jutro 12:00 | Drugi komunikat', /^Podgląd: /],
      ['tak', /wniosek nr (\d+)/],
    ]);
    const [, bid, aid] = /nr (\d+) czeka.*wniosek nr (\d+)/.exec(r[1]!)!.map(Number);
    await db.prisma.contact.update({ where: { id: ids.admin2! }, data: { locale: 'uk' } });
    const a2 = h.user('telegram:7102', { languageCode: 'uk' });
    expect((await a2.send(undefined, { choice: `approval:no:${aid}` })).map(renderPlain).join('\n')).toBe(
      'Вкажіть причину відхилення (її отримає відправник).',
    );
    expect(await a2.says('Задовгий текст')).toBe(`Запит № ${aid} відхилено. Відправник отримав причину.`);
    expect(await db.prisma.approval.findUniqueOrThrow({ where: { id: aid } })).toMatchObject({
      status: 'REJECTED',
      decidedById: ids.admin2,
      reason: 'Задовгий текст',
    });
    expect(await db.prisma.broadcast.findUniqueOrThrow({ where: { id: bid } })).toMatchObject({ status: 'REJECTED', nextRunAt: null });
    expect(sentTo(ids.admin1!)).toContain(`Administrator odrzucił wysyłkę nr ${bid}: Задовгий текст. Nic nie zostało wysłane.`);
    expect((await service.claimDue(new Date('2026-12-03T12:00:00Z'))).created).toEqual([]);
    expect(await db.prisma.broadcastRun.count({ where: { broadcastId: bid } })).toBe(0);
  });

  it('more recipients than the limit also waits; a time that passes while waiting is reported once and cannot be approved', async () => {
    const strict = new Approvals(db.prisma, notifier, { recipients: 2, cost: 1000 });
    expect(strict.reasonsForSend('ORGANIZATION', { telegram: 2, sms: 1, cost: 0.2 })).toEqual(['recipients']);
    expect(strict.reasonsForSend('ORGANIZATION', { telegram: 1, sms: 1, cost: 0.2 })).toEqual([]);
    expect(
      new Approvals(db.prisma, notifier, { recipients: 1000, cost: 0.1 }).reasonsForSend('NETWORK', { telegram: 0, sms: 1, cost: 0.2 }),
    ).toEqual(['cost']);
    const r = await runTranscript(h.user('telegram:7101', { languageCode: 'pl' }).says, [
      ['NADAJ wszyscy | jutro 9:00 | Trzeci', /^Podgląd: /],
      ['tak', /wniosek nr (\d+)/],
    ]);
    const [, bid, aid] = /nr (\d+) czeka.*wniosek nr (\d+)/.exec(r[1]!)!.map(Number);
    const late = new Date('2026-12-02T09:00:00Z');
    expect(await approvals.reportOverdue(late)).toEqual([aid]);
    expect(await approvals.reportOverdue(late)).toEqual([]);
    expect(sentTo(ids.admin1!).filter((t) => t.includes(`Termin wysyłki nr ${bid}`))).toHaveLength(1);
    expect(sentTo(ids.admin2!).filter((t) => t.includes(`Termin wysyłki nr ${bid}`))).toHaveLength(1);
    clock.current = new Date('2026-12-02T09:30:00Z');
    await db.prisma.contact.update({ where: { id: ids.admin2! }, data: { locale: 'pl' } });
    await runTranscript(h.user('telegram:7102', { languageCode: 'pl' }).says, [
      [`ZATWIERDŹ ${aid}`, `Termin z wniosku nr ${aid} już minął; nic nie wysłano.`],
    ]);
    expect(await db.prisma.broadcast.findUniqueOrThrow({ where: { id: bid } })).toMatchObject({
      status: 'PENDING_APPROVAL',
      nextRunAt: new Date('2026-12-02T08:00:00Z'),
    });
    expect((await service.claimDue(clock.now())).created).toEqual([]);
    await runTranscript(h.user('telegram:7101', { languageCode: 'pl' }).says, [[`anuluj wysyłkę ${bid}`, `Anulowano wysyłkę nr ${bid}.`]]);
    expect(h.errors).toEqual([]);
  });

  it('the limits come from the validated configuration (BROADCAST_APPROVAL_RECIPIENTS, _COST, PROFILE_APPROVAL_METERS)', async () => {
    expect(loadConfig({}).approvals).toEqual({ recipients: 500, cost: 100, profileMeters: 500 });
    expect(() => loadConfig({ BROADCAST_APPROVAL_RECIPIENTS: 'many' })).toThrow(/BROADCAST_APPROVAL_RECIPIENTS="many"/);
    expect(() => loadConfig({ BROADCAST_APPROVAL_COST: '-1' })).toThrow(/BROADCAST_APPROVAL_COST="-1"/);
    expect(() => loadConfig({ PROFILE_APPROVAL_METERS: '1.5km' })).toThrow(/PROFILE_APPROVAL_METERS/);
    const limits = loadConfig({
      BROADCAST_APPROVAL_RECIPIENTS: '2',
      BROADCAST_APPROVAL_COST: '0.5',
      PROFILE_APPROVAL_METERS: '10',
    }).approvals;
    expect(limits).toEqual({ recipients: 2, cost: 0.5, profileMeters: 10 });
    // The chat as the server builds it from the configuration (no Approvals object handed in).
    const p = db.prisma;
    const strict = makeEngine(
      db,
      buildFeatures(createGeo(p, { publicUrl: 'https://bot.example.org' }), {
        prisma: p,
        events: new EventRepository(p),
        notifier,
        broadcasts: service,
        coordination: new CoordinationRepository(p),
        approvalLimits: limits,
      }),
      clock,
    );
    const coord = strict.user('telegram:7001', { languageCode: 'pl' });
    // 4 recipients (2 allowed), 1 SMS of 0.20 PLN (0.50 allowed): waits for the number of recipients only.
    const r = await runTranscript(coord.says, [
      ['NADAJ sieć kategorie sport, seniorzy | jutro 9:00 | Limity z konfiguracji', /^Podgląd: Telegram 3, SMS 1 /],
      ['tak', /czeka na zatwierdzenie przez administratora \(wniosek nr (\d+)\)/],
    ]);
    const aid = Number(/wniosek nr (\d+)/.exec(r[1]!)![1]);
    expect((await p.approval.findUniqueOrThrow({ where: { id: aid } })).reasons).toEqual(['recipients']);
    // A 50 m move: over 10 m.
    await p.organization.update({ where: { id: ids.S! }, data: { lat: 54.19, lng: 16.18 } });
    expect(await coord.says('PROFIL lokalizacja 54.1904, 16.18')).toMatch(/^Zmiana \(location\) czeka na zatwierdzenie/);
    expect(await p.organization.findUniqueOrThrow({ where: { id: ids.S! } })).toMatchObject({ lat: 54.19, lng: 16.18 });
  });

  it('a held broadcast and its approval request are one write: when the request fails, nothing is left; the retry asks once', async () => {
    const p = db.prisma;
    // The database refuses approval requests (a real failure of the second write, not a mock).
    await p.$executeRawUnsafe(
      `CREATE FUNCTION test_refuse_approval() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'approval refused by test'; END $$`,
    );
    await p.$executeRawUnsafe(
      `CREATE TRIGGER test_refuse_approval BEFORE INSERT ON "Approval" FOR EACH ROW EXECUTE FUNCTION test_refuse_approval()`,
    );
    const counts = async () => ({
      broadcasts: await p.broadcast.count({ where: { text: 'Komunikat bez wniosku' } }),
      approvals: await p.approval.count(),
      audit: await p.auditLog.count({ where: { action: { in: ['broadcast.created', 'approval.requested'] } } }),
      changes: await p.profileChange.count(),
      toAdmins: notifier.sent.length,
    });
    const before = await counts();
    const a1 = h.user('telegram:7101', { languageCode: 'pl' });
    expect(await a1.says('NADAJ wszyscy | jutro 10:00 | Komunikat bez wniosku')).toMatch(/^Podgląd: /);
    const errors = h.errors.length;
    const failed = await h.engine.handle({ channel: 'telegram', messageId: 'held-1', from: '7101', conversationId: '7101', text: 'tak' });
    expect(failed.map(renderPlain).join('\n')).not.toMatch(/czeka na zatwierdzenie/);
    expect(h.errors.length).toBeGreaterThan(errors);
    // A name change held for approval, the same way.
    expect(await h.user('telegram:7001', { languageCode: 'pl' }).says('PROFIL nazwa Zupełnie Nowa Nazwa')).not.toMatch(/wniosek nr/);
    expect(await counts()).toEqual(before);

    // The provider retries the turn once the database accepts it again: one broadcast, one request, told once.
    await p.$executeRawUnsafe('DROP TRIGGER test_refuse_approval ON "Approval"');
    await p.$executeRawUnsafe('DROP FUNCTION test_refuse_approval()');
    await a1.says('NADAJ wszyscy | jutro 10:00 | Komunikat bez wniosku');
    const ok = await h.engine.handle({ channel: 'telegram', messageId: 'held-2', from: '7101', conversationId: '7101', text: 'tak' });
    expect(ok.map(renderPlain).join('\n')).toMatch(/czeka na zatwierdzenie przez administratora \(wniosek nr \d+\)/);
    await h.engine.handle({ channel: 'telegram', messageId: 'held-2', from: '7101', conversationId: '7101', text: 'tak' });
    const b = await p.broadcast.findFirstOrThrow({ where: { text: 'Komunikat bez wniosku' } });
    expect(b.status).toBe('PENDING_APPROVAL');
    expect(await p.approval.count({ where: { kind: 'broadcast', subjectId: b.id } })).toBe(1);
    expect(await counts()).toMatchObject({ broadcasts: 1, approvals: before.approvals + 1, audit: before.audit + 2 });
    expect(
      notifier.sent.filter((s) => s.replies.some((r) => r.kind === 'choices' && r.text.includes('Komunikat bez wniosku'))),
    ).toHaveLength(1);
  });
});
