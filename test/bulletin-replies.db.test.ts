/**
 * Replies to a network bulletin (issue 17) on both databases, as transcripts on the real engine: a member of an
 * addressed organisation replies (a Telegram reply to the bulletin, the REPLY BULLETIN command, the button) in
 * pl/en/uk; the reply is a question thread to the sending organisation, seen by its people only (not by the other
 * recipients); the sender's coordinator answers it like a question and the answer reaches the member, whose reply to
 * it continues the thread. Refused: the sender's own people, members of organisations not addressed, SMS, a number
 * that is not a bulletin. Replies are not residents' questions: no escalation to the city, not in the report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import { FixedClock, makeEngine, RecordingNotifier, runTranscript } from './support/harness.js';
import { ensureCategories } from '../prisma/seed/index.js';
import { grantCoordinator } from '../bot/admin/roles.js';
import type { Database } from '../prisma/database.js';
import { buildFeatures } from '../bot/server.js';
import { createGeo } from '../bot/geo/index.js';
import { EventRepository } from '../bot/repositories/events.js';
import { CoordinationRepository } from '../bot/repositories/coordination.js';
import { BroadcastService } from '../bot/delivery/broadcasts.js';
import { DeliveryWorker } from '../bot/delivery/worker.js';
import { QuestionService } from '../bot/questions/service.js';
import { cooperationReport } from '../bot/network/report.js';
import type { Reply } from '../dialogs/activity.js';
import { renderPlain } from '../dialogs/render-plain.js';

/** Records what would go out, as the channels' outbound ports (Telegram ids shaped like the real adapter's). */
class Outbox {
  sms: Array<{ to: string; body: string }> = [];
  tg: Array<{ chatId: string; replies: Reply[]; messageId: number }> = [];
  private n = 5000;
  ports = {
    sms: {
      send: async (to: string, body: string) => {
        this.sms.push({ to, body });
        return { providerMessageId: `SM${++this.n}` };
      },
    },
    telegram: {
      send: async (chatId: string, replies: Reply[]) => {
        const messageId = ++this.n;
        this.tg.push({ chatId, replies, messageId });
        return { providerMessageId: `tg:${chatId}:${messageId}` };
      },
    },
  };
  to(chatId: string) {
    return this.tg.filter((m) => m.chatId === chatId);
  }
  textsTo(chatId: string) {
    return this.to(chatId).map((m) => m.replies.map(renderPlain).join('\n'));
  }
}

describe(`replies to network bulletins on ${testDbKind}`, () => {
  let db: Database;
  let h: ReturnType<typeof makeEngine>;
  let out: Outbox;
  let questions: QuestionService;
  let service: BroadcastService;
  const clock = new FixedClock(new Date('2026-12-01T10:00:00Z'));
  const ids: Record<string, number> = {};
  let bulletin = 0;

  beforeAll(async () => {
    db = await openTestDatabase();
    const p = db.prisma;
    await ensureCategories(p);
    const cat = async (slug: string) => (await p.category.findUniqueOrThrow({ where: { slug } })).id;
    const [sport, seniors, culture] = [await cat('sport'), await cat('seniorzy'), await cat('kultura')];
    const org = async (key: string, categories: number[]) =>
      (ids[key] = (
        await p.organization.create({
          data: { dedupeKey: `br:${key}`, name: `Org ${key}`, categories: { create: categories.map((categoryId) => ({ categoryId })) } },
        })
      ).id);
    await org('S', [sport]); // sends the bulletin
    await org('A', [sport]);
    await org('B', [seniors]);
    await org('C', [culture]); // not addressed
    const person = async (
      key: string,
      address: string,
      locale: string,
      memberOf: string,
      extra: { displayName?: string; sms?: boolean } = {},
    ) =>
      (ids[key] = (
        await p.contact.create({
          data: {
            locale,
            displayName: extra.displayName,
            identities: { create: [extra.sms ? { channel: 'SMS', address } : { channel: 'TELEGRAM', address, chatId: address }] },
            memberships: { create: [{ organizationId: ids[memberOf]!, role: 'MEMBER' }] },
          },
        })
      ).id);
    await person('anna', '7311', 'pl', 'A', { displayName: 'Anna' });
    await person('ben', '7312', 'en', 'A');
    await person('olena', '7313', 'uk', 'B', { displayName: 'Olena' });
    await person('carl', '7314', 'pl', 'C');
    await person('sms', '+48600731500', 'pl', 'A', { sms: true });
    await person('own', '7302', 'en', 'S'); // a member of the sending organisation
    ids.coord = await grantCoordinator(p, { telegram: '7301' }, ids.S!);
    await p.contact.update({ where: { id: ids.coord }, data: { locale: 'pl' } });
    out = new Outbox();
    questions = new QuestionService(p, out.ports, { clock: () => clock.now(), transliterate: false });
    service = new BroadcastService(p, { transliterate: true, pricePerSegment: 0.2 });
    const geo = createGeo(p, { publicUrl: 'https://bot.example.org' });
    const notifier = new RecordingNotifier();
    h = makeEngine(
      db,
      buildFeatures(geo, {
        prisma: p,
        events: new EventRepository(p),
        notifier,
        broadcasts: service,
        coordination: new CoordinationRepository(p),
        questions,
      }),
      clock,
    );
    // The coordinator of S sends a bulletin to sport and seniors organisations; the worker sends it.
    const r = await runTranscript(h.user('telegram:7301', { languageCode: 'pl' }).says, [
      ['NADAJ sieć kategorie sport, seniorzy | teraz | Pożyczymy stoły na festyn', /^Podgląd: Telegram 3, SMS 1 /],
      ['tak', /^Zaplanowano wysyłkę nr (\d+)\./],
    ]);
    bulletin = Number(/nr (\d+)/.exec(r[1]!)![1]);
    expect((await service.claimDue(clock.now())).created).toHaveLength(1);
    await new DeliveryWorker(p, out.ports, {
      rates: { smsPerSecond: Infinity, telegramPerSecond: Infinity },
      quietHours: null,
      transliterate: true,
      clock: () => clock.now(),
    }).drain();
  });
  afterAll(async () => db?.close());

  const bulletinMessage = (chatId: string) => out.to(chatId).find((m) => renderPlain(m.replies[0]!).includes('Pożyczymy stoły'))!;

  it('the bulletin on Telegram says its number and how to reply, with a button, in each recipient’s language', async () => {
    expect(bulletinMessage('7311').replies[0]).toMatchObject({
      kind: 'choices',
      text: `[Org S] Pożyczymy stoły na festyn\n\nBiuletyn nr ${bulletin}. Odpowiedz na tę wiadomość albo napisz ODPOWIEDZ BIULETYN ${bulletin} <tekst>: odpowiedź zobaczy tylko organizacja nadawcy.`,
      choices: [{ value: `bulletin:reply:${bulletin}`, label: '↩️ Odpowiedz nadawcy' }],
    });
    expect(renderPlain(bulletinMessage('7312').replies[0]!)).toContain(
      `Bulletin no. ${bulletin}. Reply to this message or send REPLY BULLETIN`,
    );
    expect(renderPlain(bulletinMessage('7313').replies[0]!)).toContain(`Бюлетень № ${bulletin}.`);
    // SMS carries the bulletin alone (no reply over SMS, and every character costs).
    expect(out.sms).toEqual([{ to: '+48600731500', body: '[Org S] Pozyczymy stoly na festyn' }]);
    expect(out.to('7314')).toEqual([]);
  });

  it('a reply goes to the sending organisation only; its answer comes back; the member continues the thread', async () => {
    const before = (chat: string) => out.to(chat).length;
    const others = ['7312', '7313', '7314'].map(before);
    // pl: a Telegram reply to the bulletin message.
    const anna = h.user('telegram:7311', { languageCode: 'pl' });
    const sent = await anna.says('Mamy 10 stołów, możemy pożyczyć', { replyTo: String(bulletinMessage('7311').messageId) });
    const ref = Number(new RegExp(`^Odpowiedź #(\\d+) na biuletyn nr ${bulletin} wysłana do: Org S\\.`).exec(sent)?.[1]);
    expect(ref, sent).toBeGreaterThan(0);
    // The sender's people see it (in their languages) with reply and take buttons; nobody else does.
    const notice = out.to('7301').at(-1)!;
    expect(notice.replies[0]).toMatchObject({
      kind: 'choices',
      text: `↩️ Odpowiedź #${ref} na Wasz biuletyn nr ${bulletin}\nOd: Anna (Org A)\n\nMamy 10 stołów, możemy pożyczyć\n\nOdpowiedz na tę wiadomość albo napisz ODPOWIEDZ #${ref} <tekst>.`,
      choices: [{ value: `q:reply:${ref}` }, { value: `q:take:${ref}` }],
    });
    expect(out.textsTo('7302').at(-1)).toContain(`↩️ Reply #${ref} to your bulletin no. ${bulletin}\nFrom: Anna (Org A)`);
    expect(['7312', '7313', '7314'].map(before)).toEqual(others);
    expect(await db.prisma.questionThread.findUniqueOrThrow({ where: { id: ref } })).toMatchObject({
      organizationId: ids.S,
      residentId: ids.anna,
      residentChannel: 'TELEGRAM',
      bulletinId: bulletin,
      status: 'OPEN',
    });

    // pl again, by command: the same member's second reply continues the same thread.
    expect(await anna.says(`odpowiedz biuletyn ${bulletin} Możemy też przywieźć`)).toMatch(new RegExp(`^Odpowiedź #${ref} na biuletyn`));
    expect(out.textsTo('7301').at(-1)).toBe(`💬 #${ref} (Anna (Org A)) dopisuje:\nMożemy też przywieźć\n\nODPOWIEDZ #${ref} <tekst>`);
    expect(await db.prisma.questionThread.count({ where: { bulletinId: bulletin } })).toBe(1);

    // The coordinator answers with a Telegram reply to the notice; the answer goes to Anna only.
    const coord = h.user('telegram:7301', { languageCode: 'pl' });
    expect(await coord.says('Super, przyjedziemy w piątek', { replyTo: String(notice.messageId) })).toBe(
      `Odpowiedź na #${ref} wysłana do osoby, która odpisała na biuletyn.`,
    );
    const answer = out.to('7311').at(-1)!;
    expect(renderPlain(answer.replies[0]!)).toBe(
      `Org S (#${ref}, biuletyn nr ${bulletin}): Super, przyjedziemy w piątek\nOdpowiedz na tę wiadomość, aby dopisać.`,
    );
    expect(['7312', '7313', '7314'].map(before)).toEqual(others);
    // Anna's reply to the answer continues the thread (seen by the organisation).
    expect(await anna.says('Do zobaczenia!', { replyTo: String(answer.messageId) })).toBe(`Dopisano do pytania #${ref}.`);
    expect(out.textsTo('7301').at(-1)).toContain(`💬 #${ref} (Anna (Org A)) dopisuje:\nDo zobaczenia!`);
    expect(
      (await db.prisma.questionMessage.findMany({ where: { threadId: ref }, orderBy: { id: 'asc' } })).map((m) => [m.author, m.text]),
    ).toEqual([
      ['RESIDENT', 'Mamy 10 stołów, możemy pożyczyć'],
      ['RESIDENT', 'Możemy też przywieźć'],
      ['ORGANIZATION', 'Super, przyjedziemy w piątek'],
      ['RESIDENT', 'Do zobaczenia!'],
    ]);
  });

  it('en by command, uk by the button: each member gets their own thread; a Telegram retry of the turn adds nothing', async () => {
    const ben = h.user('telegram:7312', { languageCode: 'en' });
    const r = await ben.says(`REPLY BULLETIN ${bulletin} We can lend chairs too`);
    expect(r).toMatch(new RegExp(`^Reply #(\\d+) to bulletin no. ${bulletin} sent to: Org S\\. Their answer will come here`));
    const benRef = Number(/#(\d+)/.exec(r)![1]);
    // The provider delivers the same message twice: one message, one notice.
    const threads = await db.prisma.questionThread.count({ where: { bulletinId: bulletin } });
    await h.engine.handle({
      channel: 'telegram',
      messageId: 'dup-1',
      from: '7312',
      conversationId: '7312',
      text: `REPLY BULLETIN ${bulletin} Once`,
    });
    await h.engine.handle({
      channel: 'telegram',
      messageId: 'dup-1',
      from: '7312',
      conversationId: '7312',
      text: `REPLY BULLETIN ${bulletin} Once`,
    });
    expect(await db.prisma.questionMessage.count({ where: { threadId: benRef, text: 'Once' } })).toBe(1);
    expect(await db.prisma.questionThread.count({ where: { bulletinId: bulletin } })).toBe(threads);

    const olena = h.user('telegram:7313', { languageCode: 'uk' });
    expect(await olena.says(undefined as unknown as string, { choice: `bulletin:reply:${bulletin}` })).toBe(
      `Напишіть відповідь на бюлетень № ${bulletin}; її побачить лише: Org S.`,
    );
    const u = await olena.says('Маємо намет');
    expect(u).toMatch(new RegExp(`^Відповідь #(\\d+) на бюлетень № ${bulletin} надіслано до: Org S\\.`));
    expect(out.textsTo('7301').at(-1)).toContain('Od: Olena (Org B)\n\nМаємо намет');
    expect(new Set((await db.prisma.questionThread.findMany({ where: { bulletinId: bulletin } })).map((t) => t.residentId))).toEqual(
      new Set([ids.anna, ids.ben, ids.olena]),
    );
  });

  it('refused: the sender’s own people, organisations not addressed, SMS, numbers that are not bulletins', async () => {
    await runTranscript(h.user('telegram:7302', { languageCode: 'en' }).says, [
      [`REPLY BULLETIN ${bulletin} hello`, `Bulletin no. ${bulletin} was sent by your organisation; replies come to you.`],
    ]);
    await runTranscript(h.user('telegram:7314', { languageCode: 'pl' }).says, [
      [`ODPOWIEDZ BIULETYN ${bulletin} cześć`, `Nie ma biuletynu nr ${bulletin}, na który możesz odpowiedzieć.`],
    ]);
    await runTranscript(h.user('sms:+48600731500').says, [
      [`ODPOWIEDZ BIULETYN ${bulletin} cześć`, 'Na biuletyny odpowiada się w Telegramie'],
    ]);
    const plain = await db.prisma.broadcast.create({
      data: { organizationId: ids.A, audience: 'ORGANIZATION', audienceRef: ids.A, text: 'x', status: 'COMPLETED' },
    });
    await db.prisma.broadcastRun.create({ data: { broadcastId: plain.id, plannedAt: clock.now(), status: 'COMPLETED' } });
    await runTranscript(h.user('telegram:7313', { languageCode: 'uk' }).says, [
      [`ВІДПОВІСТИ БЮЛЕТЕНЬ ${plain.id} привіт`, `Немає бюлетеня № ${plain.id}, на який ви можете відповісти.`],
      [`ВІДПОВІСТИ БЮЛЕТЕНЬ 999999 привіт`, 'Немає бюлетеня № 999999'],
    ]);
    // "ODPOWIEDZ #n" stays the answer to a question (the organisation's side), not a bulletin reply.
    expect(await h.user('telegram:7314', { languageCode: 'pl' }).says(`ODPOWIEDZ #${bulletin} tekst`)).toMatch(/^Nie ma pytania #/);
    expect(
      await db.prisma.questionThread.count({ where: { bulletinId: { not: null }, residentId: { in: [ids.own!, ids.carl!, ids.sms!] } } }),
    ).toBe(0);
    expect(h.errors).toEqual([]);
  });

  it('replies are not residents’ questions: never escalated to the city, not in the report, no SMS follow-up', async () => {
    const later = new Date(clock.now().getTime() + 72 * 3_600_000);
    const r = await questions.tick(later);
    const replyThreads = (await db.prisma.questionThread.findMany({ where: { bulletinId: bulletin } })).map((t) => t.id);
    expect(replyThreads.length).toBe(3);
    expect(r.escalated.filter((id) => replyThreads.includes(id))).toEqual([]);
    const report = await cooperationReport(db.prisma, new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'));
    expect(report.find((x) => x.organizationId === ids.S)).toMatchObject({ bulletins: 1, questionsReceived: 0 });
    // Anna gets an SMS identity: her SMS messages are not read as follow-ups of her reply thread.
    await db.prisma.contactIdentity.create({ data: { contactId: ids.anna!, channel: 'SMS', address: '+48600731100' } });
    expect(await questions.hasOpenThread('sms', '+48600731100')).toBe(false);
  });
});
