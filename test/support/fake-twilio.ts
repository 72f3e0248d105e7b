/**
 * A minimal stand-in for Twilio's Messages API at its HTTP boundary (what TWILIO_API_URL points at): accepts
 * POST /2010-04-01/Accounts/{sid}/Messages.json like Twilio, answers 201 with a message SID, records every
 * recipient, and can answer 429 above a rate (as Twilio does) or add latency.
 */
import { createServer, type Server } from 'node:http';

export class FakeTwilio {
  readonly received: Array<{ to: string; body: string; at: number }> = [];
  rejected429 = 0;
  /** Until this time (ms since epoch) every request is answered 500, as in a provider outage. */
  failUntil = 0;
  answered500 = 0;
  /** Messages requests taken so far (answered or not yet). */
  arrivals = 0;
  /** How long each Messages request waits before its answer; settable while running (a provider turning slow). */
  latencyMs: number;
  private server?: Server;
  private n = 0;
  private window: number[] = [];
  url = '';

  constructor(private readonly o: { latencyMs?: number; maxPerSecond?: number } = {}) {
    this.latencyMs = o.latencyMs ?? 0;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const now = Date.now();
        const reply = (status: number, obj: object) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(obj));
        };
        if (!/\/Messages\.json$/.test(req.url ?? '') || req.method !== 'POST')
          return reply(404, { code: 20404, message: 'not found', status: 404 });
        if (now < this.failUntil) {
          this.answered500++;
          return reply(500, { code: 20500, message: 'Internal Server Error', status: 500 });
        }
        if (this.o.maxPerSecond) {
          this.window = this.window.filter((t) => now - t < 1000);
          if (this.window.length >= this.o.maxPerSecond) {
            this.rejected429++;
            return reply(429, { code: 20429, message: 'Too Many Requests', status: 429 });
          }
          this.window.push(now);
        }
        this.arrivals++;
        const p = new URLSearchParams(body);
        const finish = () => {
          this.received.push({ to: p.get('To') ?? '', body: p.get('Body') ?? '', at: Date.now() });
          reply(201, { sid: `SM${String(++this.n).padStart(32, '0')}`, status: 'queued', to: p.get('To'), body: p.get('Body') });
        };
        if (this.latencyMs) setTimeout(finish, this.latencyMs);
        else finish();
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    const a = this.server.address();
    this.url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    return this;
  }

  countsByRecipient(): Map<string, number> {
    const m = new Map<string, number>();
    for (const r of this.received) m.set(r.to, (m.get(r.to) ?? 0) + 1);
    return m;
  }

  async stop() {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }
}
