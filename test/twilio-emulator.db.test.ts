/**
 * End to end with a real Twilio peer: emulate@0.12.2 (Twilio API emulator) sends signed inbound webhooks to our
 * /sms through a recording proxy (PUBLIC_URL is the proxy, as behind a load balancer), and our outbound sender
 * uses the official twilio client against the emulator, whose status callbacks come back signed to /sms/status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from 'emulate';
import twilio from 'twilio';
import { createServer } from 'node:net';
import { testDbKind } from './support/db.js';
import { startTestServer } from './support/server.js';
import { RecordingProxy } from './support/recording-proxy.js';
import { RedirectingRequestClient } from '../bot/channels/sms/twilio-sender.js';
import type { RunningServer } from '../bot/server.js';

const SID = 'AC00000000000000000000000000000000';
const TOKEN = 'twilio_test_auth_token';
const OUR_NUMBER = '+48500000000';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

describe(`SMS end to end with the Twilio emulator on ${testDbKind}`, () => {
  let em: Emulator;
  let proxy: RecordingProxy;
  let server: RunningServer;
  let client: twilio.Twilio;
  const simulate = (path: string, params: Record<string, string>) =>
    fetch(`${em.url}/_twilio/simulate/${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`,
      },
      body: new URLSearchParams(params),
    });

  beforeAll(async () => {
    proxy = await new RecordingProxy(() => server.url).start();
    em = await createEmulator({
      service: 'twilio',
      port: await freePort(),
      seed: {
        twilio: { account: { sid: SID, auth_token: TOKEN }, phone_numbers: [{ phone_number: OUR_NUMBER, sms_url: `${proxy.url}/sms` }] },
      },
    } as never);
    server = await startTestServer({
      PUBLIC_URL: proxy.url,
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_FROM: OUR_NUMBER,
      TWILIO_API_URL: em.url,
    });
    client = twilio(SID, TOKEN, { httpClient: new RedirectingRequestClient(em.url) });
  });
  afterAll(async () => {
    await server?.stop();
    await em?.close();
    await proxy?.stop();
  });

  it('an inbound SMS reaches /sms signed, and our TwiML reply goes back to Twilio', async () => {
    const r = await simulate('inbound-message', { To: OUR_NUMBER, From: '+48600111222', Body: 'pomoc' });
    expect(r.status).toBe(201);
    const { sid } = (await r.json()) as { sid: string };
    const ex = proxy.exchanges.find((e) => e.path === '/sms' && e.requestBody.includes(sid));
    expect(ex?.status).toBe(200);
    expect(ex?.responseBody).toMatch(/<Response><Message>Napisz adres, osiedle lub kod pocztowy/);
    const inbound = await client.messages.list({ from: '+48600111222', limit: 5 });
    expect(inbound.map((m) => m.body)).toContain('pomoc');
  });

  it('the same conversation continues over several texts (state in the database)', async () => {
    await simulate('inbound-message', { To: OUR_NUMBER, From: '+48600111333', Body: 'menu' });
    await simulate('inbound-message', { To: OUR_NUMBER, From: '+48600111333', Body: 'Język' });
    const replies = proxy.exchanges.filter((e) => e.requestBody.includes('%2B48600111333')).map((e) => e.responseBody);
    expect(replies[0]).toContain('Co chcesz zrobic?');
    expect(replies[1]).toContain('Wybierz język / Choose language / Оберіть мову'); // trilingual, so UCS-2 on purpose
  });

  it('outbound: the official client sends through the emulator; the signed status callback updates the delivery', async () => {
    const res = await server.outbound.sms.send('+48600111444', 'Test broadcast');
    const msg = await client.messages(res.providerMessageId).fetch();
    expect(msg).toMatchObject({ to: '+48600111444', from: OUR_NUMBER, body: 'Test broadcast', direction: 'outbound-api' });
    const prisma = server.db.prisma;
    const b = await prisma.broadcast.create({ data: { audience: 'EVERYONE', text: 'Test broadcast' } });
    const run = await prisma.broadcastRun.create({ data: { broadcastId: b.id, plannedAt: new Date() } });
    const contact = await prisma.contact.create({ data: {} });
    await prisma.delivery.create({
      data: { runId: run.id, contactId: contact.id, channel: 'SMS', status: 'SENT', providerMessageId: res.providerMessageId },
    });
    const s = await simulate('message-status', { MessageSid: res.providerMessageId, Status: 'delivered', MessageStatus: 'delivered' });
    expect(s.status).toBeLessThan(300);
    const ex = proxy.exchanges.find((e) => e.path === '/sms/status');
    expect(ex?.status).toBe(204);
    expect((await prisma.delivery.findUniqueOrThrow({ where: { providerMessageId: res.providerMessageId } })).status).toBe('DELIVERED');
  });
});
