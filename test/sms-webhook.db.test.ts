import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { readFileSync } from 'node:fs';
import { testDbKind } from './support/db.js';
import { startTestServer } from './support/server.js';
import type { RunningServer } from '../bot/server.js';

const PUBLIC = 'https://bot.example.org';
const TOKEN = 'test-auth-token';
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/twilio/${name}`, import.meta.url), 'utf8'));
const strip = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).filter(([k]) => !k.startsWith('_')));

describe(`SMS webhook on ${testDbKind}`, () => {
  let server: RunningServer;
  let sid = 0;
  beforeAll(async () => {
    server = await startTestServer({
      PUBLIC_URL: PUBLIC,
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_FROM: '+48500000000',
      TWILIO_API_URL: 'http://127.0.0.1:9',
      SMS_REPLIES_PER_HOUR: '4',
    });
  });
  afterAll(async () => server?.stop());

  const post = (
    path: string,
    params: Record<string, string>,
    opts: { sign?: boolean | string; contentType?: string; body?: string } = {},
  ) => {
    const signature =
      opts.sign === false
        ? undefined
        : typeof opts.sign === 'string'
          ? opts.sign
          : twilio.getExpectedTwilioSignature(TOKEN, PUBLIC + path, params);
    return fetch(server.url + path, {
      method: 'POST',
      headers: {
        'content-type': opts.contentType ?? 'application/x-www-form-urlencoded',
        ...(signature ? { 'x-twilio-signature': signature } : {}),
      },
      body: opts.body ?? new URLSearchParams(params).toString(),
    });
  };
  const inbound = (from: string, body: string, extra: Record<string, string> = {}) => ({
    ...strip(fixture('inbound.json')),
    From: from,
    Body: body,
    MessageSid: `SM${String(++sid).padStart(32, '0')}`,
    ...extra,
  });

  it('answers a recorded Twilio payload with TwiML, transliterated to GSM-7', async () => {
    const res = await post('/sms', strip(fixture('inbound.json')));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/xml/);
    const xml = await res.text();
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message>Napisz adres, osiedle lub kod pocztowy, a podam najblizsze organizacje\./,
    );
    expect(xml).not.toMatch(/[ąęłńóśźż]/);
  });

  it('answers the payload recorded from the emulator', async () => {
    const res = await post('/sms', strip(fixture('emulate-inbound.json')));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<Message>Napisz adres');
  });

  it('a webhook delivered twice has its effects once and gets the same reply', async () => {
    const p = inbound('+48600222001', 'STOP');
    const first = await (await post('/sms', p)).text();
    await server.db.prisma.contact.updateMany({ data: { status: 'ACTIVE' } }); // if STOP ran again, it would flip this back
    const second = await post('/sms', p);
    expect(second.status).toBe(200);
    expect(await second.text()).toBe(first);
    const c = await server.db.prisma.contactIdentity.findUniqueOrThrow({
      where: { channel_address: { channel: 'SMS', address: '+48600222001' } },
      include: { contact: true },
    });
    expect(c.contact.status).toBe('ACTIVE');
    expect(await server.db.prisma.inboundMessage.count({ where: { externalId: p.MessageSid } })).toBe(1);
  });

  it.each([
    ['no signature', {}, { sign: false }, 403],
    ['a forged signature', {}, { sign: 'bm90IGEgc2lnbmF0dXJl' }, 403],
    ['a signature for other parameters', { Body: 'changed' }, { sign: 'other' }, 403],
    ['a JSON body', {}, { contentType: 'application/json', body: '{"Body":"hi"}' }, 400],
  ] as const)('rejects %s', async (_name, change, opts, status) => {
    const p = inbound('+48600222002', 'pomoc');
    const given = (opts as { sign?: string | boolean }).sign;
    const sign = given === 'other' ? twilio.getExpectedTwilioSignature(TOKEN, PUBLIC + '/sms', p) : given;
    const res = await post('/sms', { ...p, ...change }, { ...opts, sign });
    expect(res.status).toBe(status);
    expect(await server.db.prisma.inboundMessage.count({ where: { externalId: p.MessageSid } })).toBe(0);
  });

  it.each([
    ['From', 400, /Missing field\(s\): From/],
    ['MessageSid', 400, /Missing field\(s\): MessageSid/],
  ])('missing %s → %i', async (field, status, msg) => {
    const p: Record<string, string> = inbound('+48600222003', 'pomoc');
    delete p[field];
    const res = await post('/sms', p);
    expect(res.status).toBe(status);
    expect(await res.text()).toMatch(msg);
  });

  it('a sender over the hourly quota gets one notice, then silence; STOP still works', async () => {
    const from = '+48600222004';
    for (let i = 0; i < 4; i++) expect(await (await post('/sms', inbound(from, 'pomoc'))).text()).toContain('<Message>');
    expect(await (await post('/sms', inbound(from, 'pomoc'))).text()).toContain('Wyslano zbyt wiele wiadomosci');
    expect(await (await post('/sms', inbound(from, 'pomoc'))).text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(await (await post('/sms', inbound(from, 'STOP'))).text()).toContain('Wypisano Cie');
  });

  it('status callbacks move deliveries forward through the status table, never back; 21610 stops the contact', async () => {
    const prisma = server.db.prisma;
    const contact = await prisma.contact.create({ data: { identities: { create: [{ channel: 'SMS', address: '+48600111555' }] } } });
    const b = await prisma.broadcast.create({ data: { audience: 'EVERYONE', text: 'x' } });
    const run = await prisma.broadcastRun.create({ data: { broadcastId: b.id, plannedAt: new Date() } });
    for (const [pid, cid] of [
      ['SMaaaa', null],
      ['SMbbbb', null],
      ['SMcccc', contact.id],
    ] as const) {
      await prisma.delivery.create({
        data: {
          runId: run.id,
          contactId: cid ?? (await prisma.contact.create({ data: {} })).id,
          channel: 'SMS',
          status: 'SENT',
          providerMessageId: pid,
        },
      });
    }
    const cases = fixture('status-callbacks.json') as Array<Record<string, string>>;
    for (const c of cases) expect((await post('/sms/status', strip(c))).status).toBe(204);
    // A late "sent" after "delivered" does not move it back.
    expect((await post('/sms/status', strip(cases[0]!))).status).toBe(204);
    const d = Object.fromEntries((await prisma.delivery.findMany()).map((x) => [x.providerMessageId, x]));
    expect(d.SMaaaa).toMatchObject({ status: 'DELIVERED' });
    expect(d.SMaaaa!.deliveredAt).toBeInstanceOf(Date);
    expect(d.SMbbbb).toMatchObject({ status: 'UNDELIVERED', errorCode: '30003' });
    expect(d.SMcccc).toMatchObject({ status: 'FAILED', errorCode: '21610' });
    expect((await prisma.contact.findUniqueOrThrow({ where: { id: contact.id } })).status).toBe('STOPPED');
    expect((await post('/sms/status', { MessageSid: 'SMzz', MessageStatus: 'teleported' })).status).toBe(400);
    expect((await post('/sms/status', { MessageSid: 'SMzz', MessageStatus: 'delivered' }, { sign: false })).status).toBe(403);
  });
});
