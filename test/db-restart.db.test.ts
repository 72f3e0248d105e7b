/**
 * PostgreSQL stopped for 6 s (longer than the pool's 5 s connect timeout) under webhook load, then started again
 * (its own throwaway cluster, so the other tests' cluster is untouched). While it is down the real server process
 * answers 503 quickly (Twilio retries), /healthz says so, nothing crashes; it recovers by itself; replaying the
 * refused webhooks (as Twilio does) processes each message once: nothing lost, no turn run twice.
 */
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { testDbKind } from './support/db.js';
import { startPgCluster, type PgCluster } from './support/pg-cluster.js';
import { postSignedSms } from './support/server.js';
import { spawnServer, type ServerProcess } from './support/server-process.js';
import { Dialog, type DialogContext } from 'botbuilder-dialogs';
import { openDatabase, type Database } from '../prisma/database.js';
import { InboundPipeline } from '../bot/channels/inbound-pipeline.js';
import { InboundRepository } from '../bot/repositories/inbound.js';
import { createLogger } from '../bot/logger.js';
import { makeEngine } from './support/harness.js';
import { say } from '../dialogs/turn.js';
import type { Feature } from '../dialogs/feature.js';

const PUBLIC = 'https://bot.example.org';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * How long PostgreSQL stays down: longer than the pool's connect timeout (5 s), so that a request waiting for a
 * connection instead of failing at once would take that long and be seen (the "quickly" check below).
 */
const DOWN_MS = 6000;

describe.skipIf(testDbKind !== 'postgres')('database restart under load', () => {
  let cluster: PgCluster | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.stop('SIGKILL');
    cluster?.destroy();
  });

  it('503 while PostgreSQL is down, recovers by itself, each message processed once', async () => {
    cluster = await startPgCluster();
    // Phones text every 50 ms here: lift the hourly reply quota, so that every message must get a real answer.
    server = await spawnServer({ DATABASE_URL: cluster.url, PUBLIC_URL: PUBLIC, DEMO_DATA: 'true', SMS_REPLIES_PER_HOUR: '10000' });
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
    await sleep(2000);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { status: string }).status).toBe('database unavailable');
    await sleep(DOWN_MS - 2000);
    cluster.start();
    const upAt = performance.now();
    let recovered = false;
    while (!recovered && performance.now() - upAt < 30_000) {
      recovered = (await fetch(`${server.url}/healthz`)).status === 200;
      if (!recovered) await sleep(100);
    }
    expect(recovered).toBe(true);
    phase = 'after';
    await sleep(1000);
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
    for (let k = 0; k < 4; k++)
      expect(
        outcomes
          .filter((o) => o.phase === 'before' && o.from.endsWith(String(k)))
          .slice(0, -1)
          .every((o) => o.status === 200),
      ).toBe(true);

    // Twilio retries what it did not get an answer for: each phone's messages in their order, the phones at once.
    const replays: Array<{ sid: string; status: number; body: string }> = [];
    await Promise.all(
      [0, 1, 2, 3].map(async (k) => {
        for (const o of outcomes.filter((x) => x.status === 503 && x.from.endsWith(String(k)))) {
          const res = await postSignedSms(server!.url, PUBLIC, o.from, k % 2 ? 'pomoc' : 'Rokosowo', o.sid);
          replays.push({ sid: o.sid, status: res.status, body: await res.text() });
        }
      }),
    );
    expect(replays.length).toBe(outcomes.filter((x) => x.status === 503).length);
    for (const r of replays) {
      expect(r.status, r.sid).toBe(200);
      // A real answer, not an empty one for a "duplicate": a claim the failed turn could not release is not a reply.
      expect(r.body, r.sid).toMatch(/<Message>/);
    }

    const client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    try {
      const sids = outcomes.map((o) => o.sid);
      const rows = (
        await client.query<{ externalId: string; answered: boolean }>(
          `SELECT "externalId", "replies" IS NOT NULL AS "answered" FROM "InboundMessage" WHERE "externalId" = ANY($1)`,
          [sids],
        )
      ).rows;
      // Nothing lost: every message has been taken in exactly once (the id is the primary key) and answered.
      expect(rows.length).toBe(new Set(sids).size);
      expect(rows.filter((r) => !r.answered).map((r) => r.externalId)).toEqual([]);
      const contacts = (
        await client.query<{ n: number }>(
          `SELECT count(DISTINCT "contactId")::int AS n FROM "ContactIdentity" WHERE "address" LIKE '+4860080000%'`,
        )
      ).rows[0]!.n;
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

  it('the database goes away in the middle of a turn: the claim it could not release does not swallow the retry', async () => {
    const own = await startPgCluster();
    let db: Database | undefined;
    try {
      db = await openDatabase({ databaseUrl: own.url });
      // A dialog that waits for the test before answering: the database is stopped while it waits.
      let open: () => void = () => undefined;
      let gate = Promise.resolve();
      class Slow extends Dialog {
        constructor() {
          super('slow');
        }
        override async beginDialog(dc: DialogContext) {
          await gate;
          await say(dc.context, { kind: 'text', text: 'Odpowiedź' });
          return dc.endDialog();
        }
      }
      const feature: Feature = { id: 'slow', dialogs: [new Slow()], recognize: (a) => (a.text === 'wolno' ? {} : undefined) };
      const { engine } = makeEngine(db, [feature]);
      const pipeline = new InboundPipeline({
        engine,
        inbound: new InboundRepository(db),
        clock: { now: () => new Date() },
        logger: createLogger('silent'),
        quotas: { sms: 30 },
      });
      const activity = {
        channel: 'sms' as const,
        messageId: 'SMmidturn',
        from: '+48600800099',
        conversationId: '+48600800099',
        text: 'wolno',
      };

      gate = new Promise<void>((r) => (open = r));
      const first = pipeline.process(activity).then(
        () => 'answered',
        () => 'failed',
      );
      await sleep(300); // claimed, now inside the dialog
      own.stop();
      open();
      expect(await first).toBe('failed'); // the webhook answers 503; the claim stays (the release failed too)
      own.start();

      // Twilio's retry reaches the same process once the database is back: a real turn, not an empty duplicate.
      let outcome: Awaited<ReturnType<InboundPipeline['process']>> | undefined;
      for (let i = 0; i < 50 && !outcome; i++) outcome = await pipeline.process(activity).catch(() => sleep(200) as Promise<undefined>);
      expect(outcome).toEqual({ kind: 'replies', replies: [{ kind: 'text', text: 'Odpowiedź' }] });
      // And again: now it is a duplicate with the kept reply.
      expect(await pipeline.process(activity)).toEqual({ kind: 'duplicate', replies: [{ kind: 'text', text: 'Odpowiedź' }] });
    } finally {
      await db?.close().catch(() => undefined); // the cluster is already gone
      own.destroy();
    }
  }, 60_000);
});
