import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { postSignedSms, startTestServer } from './support/server.js';
import { createLogger } from '../bot/logger.js';
import type { RunningServer } from '../bot/server.js';

describe('HTTP hardening and metrics', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ API_REQUESTS_PER_MINUTE: '3', PUBLIC_URL: 'https://bot.example.org' });
  });
  afterAll(async () => server?.stop());

  it('security headers on the site; the map stays embeddable in an iframe', async () => {
    const res = await fetch(`${server.url}/map`);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors \*/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('the public API is rate limited per client, with a clear 429', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${server.url}/api/organizations`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const res = await fetch(`${server.url}/api/events`);
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ error: 'too many requests, slow down' });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200); // not the API: not limited
  });

  it('GET /metrics: inbound messages, turn latency, deliveries and queue depth in Prometheus format', async () => {
    const params = { MessageSid: 'SMmetrics000000000000000000000001', From: '+48600990001', Body: 'pomoc' };
    const sig = twilio.getExpectedTwilioSignature('local-development-token', 'https://bot.example.org/sms', params);
    expect(
      (
        await fetch(`${server.url}/sms`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sig },
          body: new URLSearchParams(params),
        })
      ).status,
    ).toBe(200);
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toContain('inbound_messages_total{channel="sms",outcome="replied"} 1');
    expect(text).toMatch(/dialog_turn_seconds_count\{channel="sms"\} 1/);
    expect(text).toContain('delivery_queue_depth 0');
    expect(text).toContain('# TYPE provider_errors_total counter');
  });
});

describe('structured logs', () => {
  it('every line of a turn carries the same turn id; phone numbers masked, message texts absent', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) };
    const server = await startTestServer({ PUBLIC_URL: 'https://bot.example.org' }, { logger: createLogger('debug', sink) });
    try {
      const start = lines.length;
      for (const body of ['pomoc', 'Szukam organizacji przy ulicy Zwycięstwa'])
        expect((await postSignedSms(server.url, 'https://bot.example.org', '+48600555111', body)).status).toBe(200);
      const turnLines = lines.slice(start).filter((l) => l.msg === 'turn' || l.msg === 'sms reply');
      expect(turnLines.map((l) => l.msg)).toEqual(['turn', 'sms reply', 'turn', 'sms reply']);
      const ids = turnLines.map((l) => l.turn);
      expect(ids.every((id) => typeof id === 'string' && /^[0-9a-f]{16}$/.test(id))).toBe(true);
      expect(ids[0]).toBe(ids[1]);
      expect(ids[2]).toBe(ids[3]);
      expect(ids[0]).not.toBe(ids[2]);
      const all = JSON.stringify(lines);
      expect(all).not.toContain('+48600555111');
      expect(all).toContain('+48600***111');
      expect(all).not.toContain('Zwycięstwa');
      // Lines outside a turn carry no turn id.
      expect(lines.find((l) => String(l.msg).startsWith('listening on'))?.turn).toBeUndefined();
    } finally {
      await server.stop();
    }
  });
});

describe('admin endpoint refusals', () => {
  const TOKEN = 'a'.repeat(20) + 'b'.repeat(20);
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ ADMIN_TOKEN: TOKEN });
  });
  afterAll(async () => server?.stop());
  const call = (path: string, headers: Record<string, string> = {}, body: unknown = {}) =>
    fetch(`${server.url}/admin${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('refuses without the bearer token, with a wrong one, in the query string or as Basic auth', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Bearer ${TOKEN.slice(1)}` },
      { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` },
      { authorization: TOKEN },
    ]) {
      const res = await call('/command', headers, { args: ['grant-admin', '--phone', '+48600777000'] });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await res.json()).toEqual({ error: 'unauthorized' });
    }
    expect((await fetch(`${server.url}/admin/backup?token=${TOKEN}`, { method: 'POST' })).status).toBe(401);
    expect(await server.db.prisma.contact.count({ where: { role: 'ADMIN' } })).toBe(0);
  });

  it('runs the admin commands with the token; bad commands get a 400 with the reason', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const ok = await call('/command', auth, { args: ['grant-admin', '--phone', '+48600777000'] });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { output: string }).output).toMatch(/is now an administrator/);
    expect(await server.db.prisma.contact.count({ where: { role: 'ADMIN' } })).toBe(1);
    const bad = await call('/command', auth, { args: ['grant-admin', '--phone', '600777000'] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/E\.164/);
    expect((await call('/command', auth, { args: 'roles' })).status).toBe(400);
    expect((await call('/command', auth, { args: ['drop-everything'] })).status).toBe(400);
    const backup = await call('/backup', auth);
    expect(backup.status).toBe(200);
    expect(backup.headers.get('content-type')).toBe('application/gzip');
    expect([...new Uint8Array(await backup.arrayBuffer()).slice(0, 2)]).toEqual([0x1f, 0x8b]);
  });

  it('too many failed attempts are rate limited; without ADMIN_TOKEN the endpoints do not exist', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await call('/command', { authorization: 'Bearer nope' }, { args: ['roles'] })).status);
    // 10 refused tokens per minute per client (6 were used by the first test), then 429 for everyone from there.
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429, 429, 429, 429, 429, 429]);
    const plain = await startTestServer();
    try {
      expect((await fetch(`${plain.url}/admin/command`, { method: 'POST' })).status).toBe(404);
      expect((await fetch(`${plain.url}/admin/backup`, { method: 'POST', headers: { authorization: 'Bearer x' } })).status).toBe(404);
    } finally {
      await plain.stop();
    }
  });
});
