/**
 * Ask an organisation (issue 16), as transcripts on the real engine and database: a resident asks the second
 * organisation of a nearest list (SMS and Telegram, pl/en/uk); the organisation's coordinator on Telegram gets the
 * question with its reference and buttons and never the resident's number; answers (ODPOWIEDZ #n, a Telegram
 * reply-to, the ✍️ button) reach the resident on their own channel with the organisation's name, once; SMS
 * follow-ups go to the open thread; limits; escalation after the timeout (injected clock) reaches an administrator.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import { FixedClock, makeEngine, runTranscript } from './support/harness.js';
import { ensureCategories, loadDemoData } from '../prisma/seed/index.js';
import { grantAdmin, grantCoordinator } from '../bot/admin/roles.js';
import { buildFeatures } from '../bot/server.js';
import { createGeo } from '../bot/geo/index.js';
import { EventRepository } from '../bot/repositories/events.js';
import { CoordinationRepository } from '../bot/repositories/coordination.js';
import { BroadcastService } from '../bot/delivery/broadcasts.js';
import { QuestionService } from '../bot/questions/service.js';
import { questionMetrics } from '../bot/questions/metrics.js';
import { runAdminCommand } from '../bot/admin/commands.js';
import { retainQuestions } from '../bot/questions/retention.js';
import type { Reply } from '../dialogs/activity.js';
import { renderPlain } from '../dialogs/render-plain.js';
import type { Database } from '../prisma/database.js';
import { Metrics } from '../bot/http/metrics.js';

/** Records what would go out, as the channels' outbound ports (Telegram ids shaped like the real adapter's). */
class Outbox {
  sms: Array<{ to: string; body: string }> = [];
  tg: Array<{ chatId: string; replies: Reply[]; messageId: number }> = [];
  private n = 1000;
  failSmsOnce = false;
  ports = {
    sms: {
      send: async (to: string, body: string) => {
        if (this.failSmsOnce) {
          this.failSmsOnce = false;
          throw new Error('provider down');
        }
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
  textsTo(chatId: string) {
    return this.tg.filter((m) => m.chatId === chatId).map((m) => m.replies.map(renderPlain).join('\n'));
  }
}

describe(`questions to organisations on ${testDbKind}`, () => {
  let db: Database;
  let h: ReturnType<typeof makeEngine>;
  let out: Outbox;
  let questions: QuestionService;
  const clock = new FixedClock(new Date('2026-12-01T10:00:00Z'));
  let n = 0;

  beforeAll(async () => {
    db = await openTestDatabase();
    await ensureCategories(db.prisma);
    await loadDemoData(db.prisma);
    out = new Outbox();
    questions = new QuestionService(db.prisma, out.ports, { clock: () => clock.now(), transliterate: false });
    const geo = createGeo(db.prisma, { publicUrl: 'https://bot.example.org' });
    const features = buildFeatures(geo, {
      prisma: db.prisma,
      events: new EventRepository(db.prisma),
      notifier: { notify: async () => true },
      broadcasts: new BroadcastService(db.prisma, { transliterate: true, pricePerSegment: 0.2 }),
      coordination: new CoordinationRepository(db.prisma),
      questions,
    });
    h = makeEngine(db, features, clock);
  });
  afterAll(async () => db?.close());
  // Each test grants its own people; questions left open would count against the next test's limits.
  afterEach(async () => {
    await db.prisma.organizationMember.deleteMany({});
    await db.prisma.questionThread.updateMany({ data: { status: 'CLOSED' } });
  });

  /** The second organisation of the list this contact saw last. */
  const secondListed = async (channel: 'SMS' | 'TELEGRAM', address: string) => {
    const id = await db.prisma.contactIdentity.findUniqueOrThrow({ where: { channel_address: { channel, address } } });
    const list = await db.prisma.recentOrganizationList.findUniqueOrThrow({ where: { contactId: id.contactId } });
    return db.prisma.organization.findUniqueOrThrow({ where: { id: list.organizationIds[1]! } });
  };

  const scenarios = [
    {
      lang: 'pl',
      place: 'na Rokosowie',
      ask: 'ZAPYTAJ 2 Czy w sobotę jest dyżur?',
      answerCmd: 'ODPOWIEDZ',
      reply: 'Tak, dyżur jest od 10 do 14.',
      sent: /Pytanie #(\d+) wysłane do: (.+?)\. Odpowiedź zwykle w ciągu 48 h/,
      answered: /Odpowiedź na #(\d+) wysłana/,
      close: 'ZAMKNIJ',
      closed: 'zamknięte',
    },
    {
      lang: 'en',
      place: 'Rokosowo',
      ask: 'ASK 2 Is there a duty on Saturday?',
      answerCmd: 'REPLY',
      reply: 'Yes, we are open from 10 to 14.',
      sent: /Question #(\d+) sent to: (.+?)\. Answers usually come within 48 h/,
      answered: /Answer to #(\d+) sent/,
      close: 'CLOSE',
      closed: 'closed',
    },
    {
      lang: 'uk',
      place: 'Rokosowo',
      ask: 'ЗАПИТАТИ 2 Чи є чергування в суботу?',
      answerCmd: 'ВІДПОВІСТИ',
      reply: 'Так, чергування з 10 до 14.',
      sent: /Питання #(\d+) надіслано до: (.+?)\. Відповідь зазвичай протягом 48 год/,
      answered: /Відповідь на #(\d+) надіслано/,
      close: 'ЗАКРИТИ',
      closed: 'закрито',
    },
  ] as const;

  for (const s of scenarios) {
    it(`${s.lang}: SMS resident asks the 2nd organisation; its coordinator on Telegram answers by command and by reply-to; the answers come back by SMS`, async () => {
      const phone = `+4860070${String(++n).padStart(4, '0')}`;
      const coordTg = String(7_000_000 + n);
      const resident = h.user(`sms:${phone}`);
      if (s.lang !== 'pl') await resident.says(s.lang === 'en' ? 'english' : 'українська');
      await resident.says(s.place);
      const org = await secondListed('SMS', phone);
      await grantCoordinator(db.prisma, { telegram: coordTg }, org.id);
      await db.prisma.contact.update({
        where: {
          id: (await db.prisma.contactIdentity.findUniqueOrThrow({ where: { channel_address: { channel: 'TELEGRAM', address: coordTg } } }))
            .contactId,
        },
        data: { locale: s.lang, displayName: `Coord ${s.lang}` },
      });

      const [confirmation] = await runTranscript(resident.says, [[s.ask, s.sent]]);
      const [, refText, orgName] = s.sent.exec(confirmation!)!;
      const ref = Number(refText);
      expect(orgName).toBe(org.name);

      // The coordinator got the question at once, with the reference and the buttons, and without the number.
      const shown = out.tg.filter((m) => m.chatId === coordTg);
      expect(shown).toHaveLength(1);
      const q = shown[0]!.replies[0]!;
      expect(q.kind).toBe('choices');
      expect(renderPlain(q)).toContain(`#${ref}`);
      expect(renderPlain(q)).toContain(s.ask.split(' ').slice(2).join(' '));
      expect((q as { choices: Array<{ value: string }> }).choices.map((c) => c.value)).toEqual([
        `q:reply:${ref}`,
        `q:take:${ref}`,
        `q:city:${ref}`,
        `q:block:${ref}`,
      ]);
      const everything = JSON.stringify(out.tg.filter((m) => m.chatId === coordTg));
      expect(everything).not.toContain(phone);
      expect(everything).not.toContain(phone.slice(3));

      // ODPOWIEDZ #n …: the resident gets it by SMS with the organisation's name and the reference, once.
      const coord = h.user(`telegram:${coordTg}`);
      const [ack] = await runTranscript(coord.says, [[`${s.answerCmd} #${ref} ${s.reply}`, s.answered]]);
      expect(s.answered.exec(ack!)![1]).toBe(String(ref));
      const toResident = () => out.sms.filter((m) => m.to === phone).map((m) => m.body);
      expect(toResident()).toEqual([expect.stringContaining(`${org.name} (#${ref}): ${s.reply}`)]);

      // The resident's next SMS goes to the open thread; the coordinator sees it.
      await runTranscript(resident.says, [['A w niedzielę?', `#${ref}`]]);
      expect(out.textsTo(coordTg).at(-1)).toContain('A w niedzielę?');

      // A Telegram reply to the question message answers it too.
      const replies = await coord.send('Nie, w niedzielę zamknięte.', { replyTo: String(shown[0]!.messageId) });
      expect(replies.map(renderPlain).join('\n')).toContain(`#${ref}`);
      expect(toResident()).toHaveLength(2);
      expect(toResident()[1]).toContain(`${org.name} (#${ref}): Nie, w niedzielę zamknięte.`);

      // The provider retries the coordinator's turn: no second answer.
      await h.engine.handle({
        channel: 'telegram',
        messageId: `retry-${s.lang}`,
        from: coordTg,
        conversationId: coordTg,
        text: `${s.answerCmd} #${ref} Raz.`,
      });
      await h.engine.handle({
        channel: 'telegram',
        messageId: `retry-${s.lang}`,
        from: coordTg,
        conversationId: coordTg,
        text: `${s.answerCmd} #${ref} Raz.`,
      });
      expect(toResident().filter((b) => b.includes('Raz.'))).toHaveLength(1);

      await runTranscript(resident.says, [[s.close, s.closed]]);
      await db.prisma.organizationMember.deleteMany({ where: { organizationId: org.id } });
    });
  }

  it('Telegram resident (uk): asks without the text, is asked for it; the answer comes on Telegram; a member sees who took it', async () => {
    const residentTg = '7100001';
    const resident = h.user(`telegram:${residentTg}`, { languageCode: 'uk' });
    await resident.says('Rokosowo');
    const org = await secondListed('TELEGRAM', residentTg);
    await grantCoordinator(db.prisma, { telegram: '7100002' }, org.id);
    await grantCoordinator(db.prisma, { telegram: '7100003' }, org.id);
    await runTranscript(resident.says, [
      ['ЗАПИТАТИ 2', `Напишіть своє питання до: ${org.name}`],
      ['Де ви знаходитесь?', /Питання #\d+ надіслано/],
    ]);
    const ref = (await db.prisma.questionThread.findFirstOrThrow({ orderBy: { id: 'desc' } })).id;
    // One takes it with the button; the other sees who.
    const a = h.user('telegram:7100002');
    await db.prisma.contact.updateMany({ where: { identities: { some: { address: '7100002' } } }, data: { displayName: 'Kasia' } });
    expect(await a.says(undefined as never, { choice: `q:take:${ref}` })).toContain(`#${ref}`);
    expect(out.textsTo('7100003').at(-1)).toContain(`Kasia bierze pytanie #${ref}`);
    // The other tries to take it too.
    expect(await h.user('telegram:7100003').says(undefined as never, { choice: `q:take:${ref}` })).toContain('Kasia');
    // ✍️ then the text.
    await runTranscript(
      (t) => (t === '' ? a.says(undefined as never, { choice: `q:reply:${ref}` }) : a.says(t)),
      [
        ['', `#${ref}`],
        ['ul. Zwycięstwa 1', `#${ref}`],
      ],
    );
    expect(out.textsTo(residentTg).at(-1)).toContain(`${org.name} (#${ref}): ul. Zwycięstwa 1`);
    // The resident answers the answer with a Telegram reply: it goes to the same thread, to both members.
    const answerMsg = out.tg.filter((m) => m.chatId === residentTg).at(-1)!;
    expect(await resident.says('Дякую, а парковка є?', { replyTo: String(answerMsg.messageId) })).toContain(`#${ref}`);
    expect(out.textsTo('7100002').at(-1)).toContain('Дякую, а парковка є?');
    // A reply to the answer by someone else's chat does not reach the thread.
    expect(await h.user('telegram:7199999').says('Hej', { replyTo: String(answerMsg.messageId) })).not.toContain(`#${ref}`);
    expect(out.textsTo('7100003').some((x) => x.includes(`Kasia`) && x.includes('ul. Zwycięstwa 1'))).toBe(true);
    // PYTANIA lists the open threads with their age.
    clock.advance(3 * 3_600_000);
    expect(await h.user('telegram:7100003').says('ПИТАННЯ')).toMatch(
      new RegExp(`#${ref} .*: (відповіли|answered|odpowiedziane), 3 (h|год)`),
    );
    await db.prisma.organizationMember.deleteMany({ where: { organizationId: org.id } });
  });

  it('SMS never acts for an organisation; strangers cannot answer; limits hold', async () => {
    const phone = '+48600799001';
    const resident = h.user(`sms:${phone}`);
    await resident.says('na Rokosowie');
    const org = await secondListed('SMS', phone);
    await grantCoordinator(db.prisma, { phone: '+48600799002' }, org.id);
    await grantCoordinator(db.prisma, { telegram: '7200001' }, org.id);
    await resident.says('ZAPYTAJ 2 Pierwsze');
    const ref = (await db.prisma.questionThread.findFirstOrThrow({ orderBy: { id: 'desc' } })).id;
    // A coordinator's number on SMS (forgeable) cannot answer; a Telegram user of no organisation cannot either.
    expect(await h.user('sms:+48600799002').says(`ODPOWIEDZ #${ref} fałszywa`)).toContain('Tylko osoby z organizacji');
    expect(await h.user('telegram:7299999').says(`ODPOWIEDZ #${ref} obca`)).toMatch(/Nie ma pytania|no question|Питання/);
    expect(out.sms.filter((m) => m.to === phone)).toHaveLength(0);
    // A few open threads at most.
    await resident.says('na Rokosowie');
    await resident.says('ZAPYTAJ 1 Drugie');
    await resident.says('na Rokosowie');
    await resident.says('ZAPYTAJ 3 Trzecie');
    await resident.says('na Rokosowie');
    expect(await resident.says('ZAPYTAJ 2 Czwarte')).toContain('Masz już 3 otwarte pytania');
    // Without a number after a list of several, nothing is sent: the bot asks which one.
    await resident.says('CLOSE');
    await resident.says('na Rokosowie');
    expect(await resident.says('ZAPYTAJ o pomoc z jedzeniem')).toContain('Którą organizację zapytać?');
    // A question that names a category is a question, not a new search in that category.
    await resident.says('CLOSE');
    await resident.says('na Rokosowie');
    expect(await resident.says('ZAPYTAJ 2 Czy macie paczki żywnościowe dla seniorów?')).toMatch(/Pytanie #\d+ wysłane/);
    // ZAPYTAJ with no list seen.
    expect(await h.user('sms:+48600799003').says('ZAPYTAJ 2 Coś')).toContain('Najpierw znajdź organizację');
    await db.prisma.questionThread.updateMany({ where: { residentId: { not: null } }, data: { status: 'CLOSED' } });
    await db.prisma.organizationMember.deleteMany({ where: { organizationId: org.id } });
  });

  it('STOP does not block an answer to a question the resident asked; a failed send is retried by the tick, once', async () => {
    const phone = '+48600799101';
    const resident = h.user(`sms:${phone}`);
    await resident.says('na Rokosowie');
    const org = await secondListed('SMS', phone);
    await grantCoordinator(db.prisma, { telegram: '7300001' }, org.id);
    await resident.says('ZAPYTAJ 2 Jakie są godziny otwarcia?');
    await resident.says('STOP');
    const ref = (await db.prisma.questionThread.findFirstOrThrow({ orderBy: { id: 'desc' } })).id;
    out.failSmsOnce = true;
    await h.user('telegram:7300001').says(`ODPOWIEDZ #${ref} Od 9 do 17.`);
    expect(out.sms.filter((m) => m.to === phone)).toHaveLength(0);
    await questions.tick(clock.now());
    await questions.tick(clock.now());
    expect(out.sms.filter((m) => m.to === phone).map((m) => m.body)).toEqual([expect.stringContaining('Od 9 do 17.')]);
    // An answer that says "stop" in its text is an answer, not the coordinator opting out of everything.
    const coordinator = await db.prisma.contactIdentity.findUniqueOrThrow({
      where: { channel_address: { channel: 'TELEGRAM', address: '7300001' } },
    });
    await h.user('telegram:7300001').says(`ODPOWIEDZ #${ref} Nie chcę więcej SMS-ów? Proszę napisać STOP.`);
    expect((await db.prisma.contact.findUniqueOrThrow({ where: { id: coordinator.contactId } })).status).toBe('ACTIVE');
    await questions.tick(clock.now());
    expect(out.sms.filter((m) => m.to === phone).map((m) => m.body)).toEqual([
      expect.stringContaining('Od 9 do 17.'),
      expect.stringContaining('Proszę napisać STOP'),
    ]);
    await db.prisma.organizationMember.deleteMany({ where: { organizationId: org.id } });
  });

  it('escalation: nobody on Telegram goes to the administrators at once; unanswered after 48 h too, and the resident is told; the admin answers in the city name', async () => {
    await db.prisma.contact.update({ where: { id: await grantAdmin(db.prisma, { telegram: '7400001' }) }, data: { locale: 'en' } });
    const phone = '+48600799201';
    const resident = h.user(`sms:${phone}`);
    await resident.says('english');
    await resident.says('Rokosowo');
    const org = await secondListed('SMS', phone);
    // Nobody of this organisation is on Telegram.
    expect(await resident.says('ASK 2 Anyone there?')).toMatch(/passed it to the city NGO support centre/);
    const first = (await db.prisma.questionThread.findFirstOrThrow({ orderBy: { id: 'desc' } })).id;
    expect(out.textsTo('7400001').at(-1)).toMatch(new RegExp(`#${first} .*nobody of the organisation is on Telegram`, 's'));
    expect(out.textsTo('7400001').at(-1)).not.toContain(phone.slice(3));
    await resident.says('CLOSE');

    // An organisation with a coordinator who does not answer in time.
    await grantCoordinator(db.prisma, { telegram: '7400002' }, org.id);
    await resident.says('Rokosowo');
    await resident.says('ASK 2 Still there?');
    const ref = (await db.prisma.questionThread.findFirstOrThrow({ orderBy: { id: 'desc' } })).id;
    clock.advance(47 * 3_600_000);
    expect((await questions.tick(clock.now())).escalated).toEqual([]);
    clock.advance(2 * 3_600_000);
    expect((await questions.tick(clock.now())).escalated).toEqual([ref]);
    expect((await questions.tick(clock.now())).escalated).toEqual([]);
    expect(out.textsTo('7400001').at(-1)).toMatch(new RegExp(`#${ref} .*no answer within 48 h`, 's'));
    expect(out.sms.filter((m) => m.to === phone).at(-1)?.body).toContain(`Question #${ref}: ${org.name} has not answered yet`);
    // The administrator answers: the resident reads it in the city's name.
    await runTranscript(h.user('telegram:7400001').says, [[`REPLY #${ref} We will call them.`, `#${ref}`]]);
    expect(out.sms.filter((m) => m.to === phone).at(-1)?.body).toContain(
      `NGO Support Centre (City of Koszalin) (#${ref}): We will call them.`,
    );

    const m = await questionMetrics(db.prisma, { since: new Date('2026-01-01') });
    const row = m.find((r) => r.organizationId === org.id)!;
    expect(row.questions).toBeGreaterThanOrEqual(2);
    expect(row.answeredWithin48h).toBeLessThan(1);
    // The same numbers as an admin command line (npm run admin -- question-stats).
    expect(await runAdminCommand(db.prisma, ['question-stats', '--days', '3650'])).toMatch(
      new RegExp(`${org.name.replace(/[()]/g, '.')} \\(${org.id}\\): \\d+ asked, \\d+ answered, median [\\d.]+ h, \\d+% within 48 h`),
    );
  });

  it('retention closes and anonymises threads without activity for QUESTION_RETENTION_DAYS; counts stay', async () => {
    const org = await db.prisma.organization.findFirstOrThrow();
    const contact = await db.prisma.contact.create({ data: {} });
    const old = await db.prisma.questionThread.create({
      data: {
        organizationId: org.id,
        residentId: contact.id,
        residentChannel: 'SMS',
        pseudonym: 'OLD1',
        sharesNumber: true,
        createdAt: new Date('2025-01-01'),
        firstAnsweredAt: new Date('2025-01-02'),
        updatedAt: new Date('2025-01-02'),
        messages: {
          create: [
            { author: 'RESIDENT', authorId: contact.id, text: 'Nazywam się Jan Kowalski' },
            { author: 'ORGANIZATION', text: 'Dzień dobry Panie Janie' },
          ],
        },
        notices: { create: [{ contactId: contact.id, kind: 'question', chatId: '123456', messageId: '9' }] },
      },
    });
    const fresh = await db.prisma.questionThread.create({
      data: {
        organizationId: org.id,
        residentId: contact.id,
        residentChannel: 'SMS',
        pseudonym: 'NEW1',
        messages: { create: [{ author: 'RESIDENT', text: 'Świeże' }] },
      },
    });
    const before = await questionMetrics(db.prisma);
    expect(await retainQuestions(db.prisma, new Date('2026-12-01'), 365)).toBe(1);
    expect(await retainQuestions(db.prisma, new Date('2026-12-01'), 365)).toBe(0);
    expect(await db.prisma.questionThread.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({
      residentId: null,
      sharesNumber: false,
      status: 'CLOSED',
      firstAnsweredAt: new Date('2025-01-02'),
    });
    expect((await db.prisma.questionMessage.findMany({ where: { threadId: old.id } })).map((m) => m.text)).toEqual(['', '']);
    expect(await db.prisma.questionNotice.count({ where: { threadId: old.id } })).toBe(0);
    expect((await db.prisma.questionThread.findUniqueOrThrow({ where: { id: fresh.id } })).residentId).toBe(contact.id);
    expect(await questionMetrics(db.prisma)).toEqual(before);
  });

  it('a Telegram user who links the phone they asked from keeps their questions', async () => {
    const phone = '+48600799301';
    const resident = h.user(`sms:${phone}`);
    await resident.says('na Rokosowie');
    const org = await secondListed('SMS', phone);
    await grantCoordinator(db.prisma, { telegram: '7500001' }, org.id);
    await resident.says('ZAPYTAJ 2 Pytanie z SMS');
    const ref = (await db.prisma.questionThread.findFirstOrThrow({ orderBy: { id: 'desc' } })).id;
    await h.user('telegram:7500002').says('menu');
    const tgContact = (
      await db.prisma.contactIdentity.findUniqueOrThrow({ where: { channel_address: { channel: 'TELEGRAM', address: '7500002' } } })
    ).contactId;
    await h.contacts.linkPhone(tgContact, phone);
    expect((await db.prisma.questionThread.findUniqueOrThrow({ where: { id: ref } })).residentId).toBe(tgContact);
    await h.user('telegram:7500001').says(`ODPOWIEDZ #${ref} Odpowiedź po połączeniu`);
    // Asked by SMS, answered by SMS (the channel the question came from).
    expect(out.sms.filter((m) => m.to === phone).at(-1)?.body).toContain('Odpowiedź po połączeniu');
  });

  it('Telegram offers an Ask button after a list and after details (pl/en/uk); pressing it asks for the text; SMS replies stay as they were', async () => {
    const labels = { pl: '❓ Zadaj pytanie', en: '❓ Ask', uk: '❓ Поставити питання' } as const;
    const sent = { pl: /Pytanie #\d+ (wysłane )?do/, en: /Question #\d+ (sent )?to/, uk: /Питання #\d+ (надіслано )?до/ } as const;
    let tgId = 7600001;
    for (const lang of ['pl', 'en', 'uk'] as const) {
      const tg = String(tgId++);
      const resident = h.user(`telegram:${tg}`, { languageCode: lang });
      const list = await resident.says('Rokosowo');
      const org = await secondListed('TELEGRAM', tg);
      expect(list).toContain(`${labels[lang]}: ${org.name}`);
      const ask = await resident.says(undefined as never, { choice: `q:ask:${org.id}` });
      expect(ask).toContain(org.name);
      expect(await resident.says({ pl: 'Czy jest parking?', en: 'Is there a car park?', uk: 'Чи є парковка?' }[lang])).toMatch(sent[lang]);
      const thread = await db.prisma.questionThread.findFirstOrThrow({ orderBy: { id: 'desc' } });
      expect(thread.organizationId).toBe(org.id);
      // An organisation's details: one button for it.
      const other = h.user(`telegram:${tgId++}`, { languageCode: lang });
      await other.says('Rokosowo');
      const details = await other.says(undefined as never, { choice: `org:${org.id}` });
      expect(details).toContain(labels[lang]);
      expect(details).not.toContain(`${labels[lang]}: `);
    }
    // SMS: the list is as before, with no button text (ZAPYTAJ 2 is how to ask there).
    const sms = await h.user('sms:+48600799401').says('na Rokosowie');
    expect(sms).not.toMatch(/Zadaj pytanie|❓/);
    expect(sms).toContain(`1.`);
  });

  it('natural phrasing names the organisation (pl/en/uk, any case, without diacritics, from the list or by name)', async () => {
    const cases = [
      {
        phone: '+48600799501',
        place: 'na Rokosowie',
        say: (n: string) => `Chcę zapytać ${n} czy macie dyżur w sobotę?`,
        text: 'macie dyżur w sobotę?',
        sent: /(Pytanie|Question|Питання) #\d+/,
      },
      {
        phone: '+48600799502',
        place: 'Rokosowo',
        say: (n: string) => `I want to ask ${n.toLowerCase()} whether you are open on Sunday`,
        text: 'you are open on Sunday',
        sent: /(Pytanie|Question|Питання) #\d+/,
      },
      {
        phone: '+48600799503',
        place: 'Rokosowo',
        say: (n: string) => `хочу запитати ${n} чи є парковка?`,
        text: 'є парковка?',
        sent: /(Pytanie|Question|Питання) #\d+/,
      },
      {
        phone: '+48600799504',
        place: 'na Rokosowie',
        say: (n: string) => `chce zapytac ${normalize(n)}: gdzie jesteście?`,
        text: 'gdzie jesteście?',
        sent: /(Pytanie|Question|Питання) #\d+/,
      },
    ];
    function normalize(s: string) {
      return s
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/ł/g, 'l')
        .replace(/Ł/g, 'L');
    }
    for (const c of cases) {
      const resident = h.user(`sms:${c.phone}`);
      await resident.says(c.place);
      const org = await secondListed('SMS', c.phone);
      expect(await resident.says(c.say(org.name))).toMatch(c.sent);
      const thread = await db.prisma.questionThread.findFirstOrThrow({ orderBy: { id: 'desc' }, include: { messages: true } });
      expect(thread.organizationId).toBe(org.id);
      expect(thread.messages[0]?.text).toBe(c.text);
      await resident.says('ZAMKNIJ');
    }
    // An organisation not on the resident's list, by its name; the bot asks for the text when none follows.
    const listed = (await db.prisma.recentOrganizationList.findMany()).flatMap((l) => l.organizationIds);
    const other = await db.prisma.organization.findFirstOrThrow({ where: { active: true, id: { notIn: listed } }, orderBy: { id: 'asc' } });
    const tg = h.user('telegram:7600101', { languageCode: 'pl' });
    expect(await tg.says(`chcę zapytać ${other.name}`)).toContain(`Napisz swoje pytanie do: ${other.name}`);
    expect(await tg.says('Kiedy jesteście otwarci?')).toMatch(/Pytanie #\d+ (wysłane )?do/);
    expect((await db.prisma.questionThread.findFirstOrThrow({ orderBy: { id: 'desc' } })).organizationId).toBe(other.id);
    // A name nobody has.
    expect(await h.user('sms:+48600799505').says('chcę zapytać Klub Xyzzy czy działa?')).toContain('Nie znam organizacji „Klub Xyzzy”');
    expect(await h.user('sms:+48600799506').says('I want to ask Xyzzy Club whether it is open')).toContain(
      'I do not know the organisation',
    );
    expect(await h.user('sms:+48600799507').says('хочу запитати Ксюзі чи працює?')).toContain('Я не знаю організації');
  });

  it('/metrics shows questions asked and answered per organisation id', async () => {
    const phone = '+48600799601';
    const resident = h.user(`sms:${phone}`);
    await resident.says('na Rokosowie');
    const org = await secondListed('SMS', phone);
    await grantCoordinator(db.prisma, { telegram: '7600201' }, org.id);
    await resident.says('ZAPYTAJ 2 Metryki?');
    const ref = (await db.prisma.questionThread.findFirstOrThrow({ orderBy: { id: 'desc' } })).id;
    await h.user('telegram:7600201').says(`ODPOWIEDZ #${ref} Tak.`);
    const asked = await db.prisma.questionThread.count({ where: { organizationId: org.id } });
    const answered = await db.prisma.questionThread.count({ where: { organizationId: org.id, firstAnsweredAt: { not: null } } });
    expect(answered).toBeGreaterThan(0);
    const text = await new Metrics(db.prisma).registry.metrics();
    expect(text).toContain(`questions_asked{organization_id="${org.id}"} ${asked}`);
    expect(text).toContain(`questions_answered{organization_id="${org.id}"} ${answered}`);
  });
});
