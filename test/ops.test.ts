import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { startTestServer } from './support/server.js';
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
