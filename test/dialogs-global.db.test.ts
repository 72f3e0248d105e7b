import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import { makeEngine, runTranscript } from './support/harness.js';
import type { Database } from '../prisma/database.js';

describe(`global commands on ${testDbKind}`, () => {
  let db: Database;
  let h: ReturnType<typeof makeEngine>;
  beforeAll(async () => {
    db = await openTestDatabase();
    h = makeEngine(db);
  });
  afterAll(async () => db?.close());

  it('pl: first message gets a welcome and the menu; help, menu, cancel', async () => {
    const u = h.user('sms:+48600000001');
    await runTranscript(u.says, [
      ['dzień dobry', /Dzień dobry! To informator.*Co chcesz zrobić\?\n1\. Język\n2\. Pomoc/s],
      ['POMOC', /Napisz adres.*Komendy: MENU.*\nCo chcesz zrobić\?\n1\. Język/s],
      ['2', /^Napisz adres, osiedle/],
      ['anuluj', 'Nic nie było w toku. Napisz MENU.'],
      ['menu', /^Co chcesz zrobić\?\n1\. Język\n2\. Pomoc$/],
      ['Anuluj', 'Przerwano. Napisz MENU, aby zacząć od nowa.'],
      ['pomoc', /^Napisz adres, osiedle lub kod pocztowy/],
    ]);
  });

  it('en: help, menu and cancel in English, case- and punctuation-insensitive', async () => {
    const u = h.user('telegram:1001', { languageCode: 'en-GB' });
    await runTranscript(u.says, [
      ['hi', /^Hello! This is the Koszalin NGO information service\. What would you like to do\?/],
      ['HELP!', /^Send an address, district or postcode/],
      ['Cancel', 'Cancelled. Send MENU to start again.'],
      ['/menu', /^What would you like to do\?\n1\. Language\n2\. Help$/],
      ['/help', /Commands: MENU, HELP/],
    ]);
  });

  it('language: choose by menu, by name, by command; replies follow at once', async () => {
    const u = h.user('sms:+48600000002');
    await runTranscript(u.says, [
      ['menu', 'Co chcesz zrobić?'],
      ['1', /Wybierz język.*\n1\. polski\n2\. English\n3\. українська/s],
      ['2', 'Language set: English.'],
      ['help', /^Send an address/],
      ['українська', 'Мову встановлено: українська.'],
      ['допомога', /^Надішліть адресу/],
      ['JĘZYK', 'Wybierz język'],
      ['Polski', 'Ustawiono język: polski.'],
      ['jezyk', 'Wybierz język'],
      ['english', 'Language set: English.'],
    ]);
    const c = await db.prisma.contactIdentity.findUniqueOrThrow({
      where: { channel_address: { channel: 'SMS', address: '+48600000002' } },
      include: { contact: true },
    });
    expect(c.contact.locale).toBe('en');
  });

  it('a wrong menu answer retries once, then gives up without looping', async () => {
    const u = h.user('sms:+48600000003');
    await runTranscript(u.says, [
      ['menu', 'Co chcesz zrobić?'],
      ['jezyk', 'Wybierz język'],
      ['7', 'Wybierz numer od 1 do 3.'],
      ['9', 'Nie udało się wybrać. Napisz MENU, aby zacząć od nowa.'],
      ['anuluj', 'Nic nie było w toku.'],
    ]);
  });

  it('STOP and START (pl), status and consent recorded', async () => {
    const u = h.user('sms:+48600000004');
    await runTranscript(u.says, [
      ['menu', 'Co chcesz zrobić?'],
      ['STOP', 'Wypisano Cię ze wszystkich wiadomości. Aby wrócić, napisz START.'],
    ]);
    const id = { channel_address: { channel: 'SMS' as const, address: '+48600000004' } };
    expect((await db.prisma.contactIdentity.findUniqueOrThrow({ where: id, include: { contact: true } })).contact.status).toBe('STOPPED');
    await runTranscript(u.says, [['Start', 'Witaj ponownie!']]);
    const c = (await db.prisma.contactIdentity.findUniqueOrThrow({ where: id, include: { contact: true } })).contact;
    expect(c).toMatchObject({ status: 'ACTIVE', consentChannel: 'SMS', consentText: 'Start' });
    await runTranscript(u.says, [['START', 'Twoje wiadomości są włączone.']]);
  });

  it('STOP and START (en)', async () => {
    const u = h.user('sms:+48600000005');
    await runTranscript(u.says, [
      ['language en', 'Language set: English.'],
      ['stop', 'You will get no more messages from us. To come back, send START.'],
      ['unstop', 'Welcome back!'],
    ]);
  });

  it('delete my data (pl): asks, erases the contact, identities and dialog state; NIE keeps everything', async () => {
    const u = h.user('sms:+48600000006');
    await runTranscript(u.says, [
      ['menu', 'Co chcesz zrobić?'],
      ['usuń moje dane', /Usunąć wszystkie Twoje dane.*Odpowiedz TAK lub NIE\.\n1\. Tak\n2\. Nie/s],
      ['nie', 'Nic nie usunięto.'],
      ['USUN MOJE DANE', 'Usunąć wszystkie Twoje dane'],
      ['TAK', 'Twoje dane zostały usunięte. Do widzenia!'],
    ]);
    expect(await db.prisma.contactIdentity.count({ where: { address: '+48600000006' } })).toBe(0);
    expect(await db.prisma.dialogState.count({ where: { key: 'sms/conversations/+48600000006' } })).toBe(0);
    const log = await db.prisma.auditLog.findFirst({ where: { action: 'contact.erased' } });
    expect(JSON.stringify(log)).not.toContain('+48600000006');
    // Writing again starts over as a new person.
    await runTranscript(u.says, [['pomoc', 'Napisz adres']]);
  });

  it('delete my data (en) by button', async () => {
    const u = h.user('telegram:1002', { languageCode: 'en' });
    await runTranscript(u.says, [['delete my data', 'Delete all your data']]);
    const replies = await u.send(undefined, { choice: 'yes' });
    expect(replies).toEqual([{ kind: 'text', text: 'Your data has been deleted. Goodbye!' }]);
    expect(await db.prisma.contactIdentity.count({ where: { address: '1002' } })).toBe(0);
  });

  it('Ukrainian commands work too, with Telegram language_code', async () => {
    const u = h.user('telegram:1003', { languageCode: 'uk' });
    await runTranscript(u.says, [
      ['Привіт', /^Добрий день!/],
      ['ДОПОМОГА', /^Надішліть адресу/],
      ['стоп', 'Ви більше не отримуватимете повідомлень.'],
      ['старт', 'З поверненням!'],
    ]);
  });

  it('empty, emoji-only, control characters and very long texts get a clear answer', async () => {
    const u = h.user('sms:+48600000007');
    expect(await u.says('')).toMatch(/pustą wiadomość/);
    expect(await u.says('   \u0000\u0007  ')).toMatch(/pustą wiadomość/);
    expect(await u.says('😀😀😀')).toMatch(/Co chcesz zrobić\?/);
    expect(await u.says('a'.repeat(2000))).toMatch(/Nie rozumiem/);
    expect(await u.says('/unknowncommand')).toMatch(/Nie rozumiem|Co chcesz/);
    expect(h.errors).toEqual([]);
  });
});
