/**
 * PostgreSQL stopped for 10 s under webhook load, then started again (its own throwaway cluster, so the other
 * tests' cluster is untouched). While it is down the real server process answers 503 quickly (Twilio retries),
 * /healthz says so, nothing crashes; it recovers by itself; replaying the refused webhooks (as Twilio does)
 * processes each message once: nothing lost, no turn run twice.
 */
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { testDbKind } from './support/db.js';
import { startPgCluster, type PgCluster } from './support/pg-cluster.js';
import { postSignedSms } from './support/server.js';
import { spawnServer, type ServerProcess } from './support/server-process.js';

const PUBLIC = 'https://bot.example.org';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(testDbKind !== 'postgres')('database restart under load', () => {
  let cluster: PgCluster | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop('SIGKILL');
    cluster?.destroy();
  });

  it('503 while PostgreSQL is down, recovers by itself, each message processed once', async () => {
    cluster = await startPgCluster();
    server = await spawnServer({ DATABASE_URL: cluster.url, PUBLIC_URL: PUBLIC, DEMO_DATA: 'true' });
    type Outcome = { sid: string; from: string; phase: 'before' | 'down' | 'after'; status: number | 'error'; ms: number };
    const outcomes: Outcome[] = [];
    let phase: Outcome['phase'] = 'before';
    let running = true;
    let n = 0;
    const texter = async (k: number) => {
      while (running) {
        const sid = `SMrestart${String(++n).padStart(25, '0')}`;
        const from = `+4860080000${k}`;
        const at = phase;
        const t0 = performance.now();
        try {
          const res = await postSignedSms(server!.url, PUBLIC, from, k % 2 ? 'pomoc' : 'Rokosowo', sid);
          await res.arrayBuffer();
          outcomes.push({ sid, from, phase: at, status: res.status, ms: performance.now() - t0 });
        } catch {
          outcomes.push({ sid, from, phase: at, status: 'error', ms: performance.now() - t0 });
        }
        await sleep(50);
      }
    };
    const texters = [0, 1, 2, 3].map(texter);
    await sleep(1500);
    phase = 'down';
    cluster.stop();
    await sleep(3000);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { status: string }).status).toBe('database unavailable');
    await sleep(7000);
    cluster.start();
    const upAt = performance.now();
    let recovered = false;
    while (!recovered && performance.now() - upAt < 30_000) {
      recovered = (await fetch(`${server.url}/healthz`)).status === 200;
      if (!recovered) await sleep(100);
    }
    expect(recovered).toBe(true);
    phase = 'after';
    await sleep(2000);
    running = false;
    await Promise.all(texters);

    expect(server.proc.exitCode).toBeNull(); // still the same process
    expect(outcomes.filter((o) => o.status === 'error')).toEqual([]);
    const down = outcomes.filter((o) => o.phase === 'down');
    expect(down.filter((o) => o.status === 503).length).toBeGreaterThan(20);
    expect(down.every((o) => o.status === 503 || o.status === 200)).toBe(true);
    // Quickly: no request hung waiting for the database (the pool's connect timeout is 5 s).
    expect(Math.max(...down.map((o) => o.ms))).toBeLessThan(5000);
    expect(outcomes.filter((o) => o.phase === 'after').every((o) => o.status === 200)).toBe(true);
    // Before the stop everything was answered, except perhaps the one message per phone in flight at the stop.
    for (let k = 0; k < 4; k++) expect(outcomes.filter((o) => o.phase === 'before' && o.from.endsWith(String(k))).slice(0, -1).every((o) => o.status === 200)).toBe(true);

    // Twilio retries what it did not get an answer for.
    for (const o of outcomes.filter((x) => x.status === 503)) {
      const res = await postSignedSms(server.url, PUBLIC, o.from, o.from.endsWith('1') || o.from.endsWith('3') ? 'pomoc' : 'Rokosowo', o.sid);
      expect(res.status, o.sid).toBe(200);
    }

    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      const sids = outcomes.map((o) => o.sid);
      const rows = (await client.query<{ externalId: string }>(`SELECT "externalId" FROM "InboundMessage" WHERE "externalId" = ANY($1)`, [sids])).rows;
      // Nothing lost: every message has been taken in exactly once (the id is the primary key).
      expect(rows.length).toBe(new Set(sids).size);
      const contacts = (await client.query<{ n: number }>(`SELECT count(DISTINCT "contactId")::int AS n FROM "ContactIdentity" WHERE "address" LIKE '+4860080000%'`)).rows[0]!.n;
      expect(contacts).toBe(4);
    } finally {
      await client.end();
    }
    // No turn ran twice.
    const turns = new Map<string, number>();
    for (const l of server.logs) if (l.msg === 'turn') turns.set(String(l.messageId), (turns.get(String(l.messageId)) ?? 0) + 1);
    expect([...turns.values()].every((c) => c === 1)).toBe(true);
    expect(server.logs.some((l) => l.msg === 'sms turn failed')).toBe(true);
  }, 120_000);
});
