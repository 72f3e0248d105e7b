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
    expect((await fetch(`${server.url}/sms`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sig }, body: new URLSearchParams(params) })).status).toBe(200);
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
    const server = await startTestServer({ PUBLIC_URL: 'https://bot.example.org' }, { logger: createLogger('info', sink) });
    try {
      const start = lines.length;
      for (const body of ['pomoc', 'Szukam organizacji przy ulicy Zwycięstwa']) expect((await postSignedSms(server.url, 'https://bot.example.org', '+48600555111', body)).status).toBe(200);
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
