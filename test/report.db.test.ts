/**
 * The city's cooperation report (issue 17) on both databases: its figures equal counts taken directly from the
 * tables with SQL (events, confirmed sign-ups, broadcast and bulletin runs and their deliveries, questions and the
 * median time to the first answer, confirmed profiles); the CSV has one row per organisation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import type { Database } from '../prisma/database.js';
import { cooperationReport, reportCsv, reportSummary, REPORT_COLUMNS } from '../bot/network/report.js';
import { parseCsv } from '../bot/import/csv.js';
import { makeEngine, productFeatures } from './support/harness.js';
import { grantAdmin } from '../bot/admin/roles.js';

describe(`cooperation report on ${testDbKind}`, () => {
  let db: Database;
  const from = new Date('2026-01-01T00:00:00Z');
  const to = new Date('2026-07-01T00:00:00Z');
  const orgIds: number[] = [];

  beforeAll(async () => {
    db = await openTestDatabase();
    const p = db.prisma;
    const contacts = [];
    for (let i = 0; i < 6; i++)
      contacts.push((await p.contact.create({ data: { identities: { create: [{ channel: 'SMS', address: `+4860074000${i}` }] } } })).id);
    for (let i = 0; i < 3; i++)
      orgIds.push(
        (
          await p.organization.create({
            data: {
              dedupeKey: `rep:${i}`,
              name: `Org ${i}`,
              krs: `000000100${i}`,
              // Org 2 confirmed again after the period: the report reads its confirmation in the period from the history.
              confirmedAt:
                i === 0 ? new Date('2026-03-01T00:00:00Z') : i === 1 ? new Date('2024-01-01T00:00:00Z') : new Date('2026-09-01T00:00:00Z'),
            },
          })
        ).id,
      );
    let k = 0;
    const at = (d: string) => new Date(`${d}T12:00:00Z`);
    for (const [o, d, status] of [
      [0, '2026-02-01', 'SCHEDULED'],
      [0, '2026-06-30', 'SCHEDULED'],
      [0, '2026-07-01', 'SCHEDULED'],
      [1, '2026-03-01', 'CANCELLED'],
      [1, '2026-04-01', 'SCHEDULED'],
      [2, '2025-12-31', 'SCHEDULED'],
    ] as const) {
      const e = await p.event.create({ data: { organizationId: orgIds[o]!, title: `E${k++}`, startsAt: at(d), status } });
      for (let j = 0; j < contacts.length; j++)
        await p.signup.create({
          data: { eventId: e.id, contactId: contacts[j]!, status: j % 3 === 0 ? 'CANCELLED' : j % 3 === 1 ? 'WAITLISTED' : 'CONFIRMED' },
        });
    }
    const statuses = ['SENT', 'DELIVERED', 'DELIVERED', 'UNDELIVERED', 'FAILED', 'SKIPPED'] as const;
    for (const [o, audience, d] of [
      [0, 'ORGANIZATION', '2026-02-02'],
      [0, 'NETWORK', '2026-05-05'],
      [1, 'NETWORK', '2026-05-06'],
      [1, 'ORGANIZATION', '2026-08-01'],
      [2, 'EVENT', '2026-01-15'],
    ] as const) {
      const b = await p.broadcast.create({
        data: { organizationId: orgIds[o]!, audience, audienceRef: orgIds[o]!, text: 'x', status: 'COMPLETED' },
      });
      const run = await p.broadcastRun.create({ data: { broadcastId: b.id, plannedAt: at(d), status: 'COMPLETED' } });
      for (let j = 0; j < contacts.length; j++)
        await p.delivery.create({
          data: { runId: run.id, contactId: contacts[j]!, channel: 'SMS', status: statuses[(j + o) % statuses.length]! },
        });
    }
    for (const [o, created, answeredAfterMin] of [
      [0, '2026-02-01', 30],
      [0, '2026-02-02', 90],
      [0, '2026-02-03', null],
      [1, '2026-03-01', 10],
      [1, '2025-12-01', 5],
      [2, '2026-05-01', null],
    ] as const) {
      const createdAt = at(created);
      await p.questionThread.create({
        data: {
          organizationId: orgIds[o]!,
          residentChannel: 'SMS',
          pseudonym: `R${k++}`,
          createdAt,
          status: answeredAfterMin === null ? 'OPEN' : 'ANSWERED',
          firstAnsweredAt: answeredAfterMin === null ? null : new Date(createdAt.getTime() + answeredAfterMin * 60_000),
        },
      });
    }
    await p.auditLog.create({
      data: {
        at: new Date('2026-04-01T08:00:00Z'),
        actor: 'contact:1',
        action: 'organization.confirmed',
        subject: `organization:${orgIds[2]}`,
      },
    });
    await p.auditLog.create({
      data: {
        at: new Date('2024-01-01T00:00:00Z'),
        actor: 'contact:1',
        action: 'organization.confirmed',
        subject: `organization:${orgIds[1]}`,
      },
    });
    // A member's reply to Org 0's bulletin is a thread too, but not a resident's question: the report leaves it out.
    await p.questionThread.create({
      data: {
        organizationId: orgIds[0]!,
        residentChannel: 'TELEGRAM',
        pseudonym: 'B1',
        bulletinId: 1,
        createdAt: at('2026-02-04'),
        status: 'ANSWERED',
        firstAnsweredAt: at('2026-02-05'),
      },
    });
  });
  afterAll(async () => db?.close());

  it('equals direct counts from the tables', async () => {
    const rows = await cooperationReport(db.prisma, from, to);
    const q = <T>(sql: string) => db.withSession((s) => s.query<T>(sql, [from.toISOString(), to.toISOString()]));
    const byOrg = <T extends { org: number }>(list: T[]) => new Map(list.map((r) => [Number(r.org), r]));
    const events = byOrg(
      await q<{ org: number; n: string }>(
        `SELECT "organizationId" AS org, count(*) AS n FROM "Event" WHERE "startsAt" >= $1::timestamp AND "startsAt" < $2::timestamp AND status = 'SCHEDULED' GROUP BY 1`,
      ),
    );
    const signups = byOrg(
      await q<{ org: number; n: string }>(
        `SELECT e."organizationId" AS org, count(*) AS n FROM "Signup" s JOIN "Event" e ON e.id = s."eventId" WHERE e."startsAt" >= $1::timestamp AND e."startsAt" < $2::timestamp AND e.status = 'SCHEDULED' AND s.status = 'CONFIRMED' GROUP BY 1`,
      ),
    );
    const sends = await q<{ org: number; network: boolean; runs: string; sent: string; delivered: string }>(
      `SELECT b."organizationId" AS org, b.audience = 'NETWORK' AS network, count(DISTINCT r.id) AS runs,
              count(d.id) FILTER (WHERE d.status IN ('SENT', 'DELIVERED', 'UNDELIVERED')) AS sent, count(d.id) FILTER (WHERE d.status = 'DELIVERED') AS delivered
       FROM "BroadcastRun" r JOIN "Broadcast" b ON b.id = r."broadcastId" LEFT JOIN "Delivery" d ON d."runId" = r.id
       WHERE r."plannedAt" >= $1::timestamp AND r."plannedAt" < $2::timestamp GROUP BY 1, 2`,
    );
    const questions = byOrg(
      await q<{ org: number; n: string; answered: string; median: number | null }>(
        `SELECT "organizationId" AS org, count(*) AS n, count("firstAnsweredAt") AS answered,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM ("firstAnsweredAt" - "createdAt")) / 60) AS median
       FROM "QuestionThread" WHERE "createdAt" >= $1::timestamp AND "createdAt" < $2::timestamp AND "bulletinId" IS NULL GROUP BY 1`,
      ),
    );
    const confirmations = byOrg(
      await q<{ org: number; last: string | null }>(
        `SELECT o.id AS org, to_char(COALESCE(
           CASE WHEN o."confirmedAt" < $2::timestamp THEN o."confirmedAt" END,
           (SELECT max(a.at) FROM "AuditLog" a WHERE a.subject = 'organization:' || o.id
              AND a.action IN ('organization.confirmed', 'organization.profile') AND a.at < $2::timestamp)),
           'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last
         FROM "Organization" o WHERE $1::timestamp IS NOT NULL`,
      ),
    );
    expect(rows.map((r) => r.organizationId)).toEqual(orgIds);
    for (const r of rows) {
      const send = (network: boolean) => sends.find((s) => Number(s.org) === r.organizationId && s.network === network);
      const qq = questions.get(r.organizationId);
      expect({
        events: r.events,
        signups: r.signups,
        broadcasts: r.broadcasts,
        bs: r.broadcastMessagesSent,
        bd: r.broadcastMessagesDelivered,
        bulletins: r.bulletins,
        ns: r.bulletinMessagesSent,
        nd: r.bulletinMessagesDelivered,
        qr: r.questionsReceived,
        qa: r.questionsAnswered,
        qm: r.medianAnswerMinutes,
        pc: r.profileConfirmed,
        pca: r.profileConfirmedAt,
      }).toEqual({
        events: Number(events.get(r.organizationId)?.n ?? 0),
        signups: Number(signups.get(r.organizationId)?.n ?? 0),
        broadcasts: Number(send(false)?.runs ?? 0),
        bs: Number(send(false)?.sent ?? 0),
        bd: Number(send(false)?.delivered ?? 0),
        bulletins: Number(send(true)?.runs ?? 0),
        ns: Number(send(true)?.sent ?? 0),
        nd: Number(send(true)?.delivered ?? 0),
        qr: Number(qq?.n ?? 0),
        qa: Number(qq?.answered ?? 0),
        qm: qq?.median === null || qq?.median === undefined ? null : Number(qq.median),
        pc: new Date(confirmations.get(r.organizationId)?.last ?? 0) > new Date(to.getTime() - 365 * 86_400_000),
        pca: confirmations.get(r.organizationId)?.last?.slice(0, 10) ?? '',
      });
    }
    // And the fixture is not trivial: the figures themselves.
    expect(
      rows.map((r) => [
        r.events,
        r.signups,
        r.broadcasts,
        r.bulletins,
        r.questionsReceived,
        r.questionsAnswered,
        r.medianAnswerMinutes,
        r.profileConfirmed,
      ]),
    ).toEqual([
      [2, 4, 1, 1, 3, 2, 60, true],
      [1, 2, 0, 1, 1, 1, 10, false],
      [0, 0, 1, 0, 1, 0, null, true],
    ]);
    expect(rows.map((r) => r.profileConfirmedAt)).toEqual(['2026-03-01', '2024-01-01', '2026-04-01']);
  });

  it('writes one CSV row per organisation and a summary', async () => {
    const rows = await cooperationReport(db.prisma, from, to);
    const csv = parseCsv(reportCsv(rows));
    expect(csv[0]!.fields).toEqual(REPORT_COLUMNS);
    expect(csv.slice(1).map((r) => r.fields[1])).toEqual(['Org 0', 'Org 1', 'Org 2']);
    expect(reportSummary(rows, '2026-01-01', '2026-06-30')).toContain('Events: 3 with 6 sign-ups.');
  });

  it('RAPORT / REPORT / ЗВІТ in the chat: the CSV file for an administrator on Telegram, refused otherwise', async () => {
    await grantAdmin(db.prisma, { telegram: '7401' });
    await grantAdmin(db.prisma, { phone: '+48600740100' }); // an administrator's number: SMS still authorises nothing
    const h = makeEngine(db, productFeatures(db).features);
    const replies = await h.user('telegram:7401').send('REPORT 2026-01-01 2026-06-30');
    expect(replies).toHaveLength(1);
    const doc = replies[0] as { kind: string; filename: string; content: string; caption: string };
    expect(doc).toMatchObject({ kind: 'document', filename: 'report-2026-01-01-2026-06-30.csv', mime: 'text/csv' });
    expect(doc.content).toBe(reportCsv(await cooperationReport(db.prisma, from, to)));
    expect(doc.caption).toContain('Events: 3 with 6 sign-ups.');
    expect(await h.user('sms:+48600740100').says('RAPORT 2026-01-01 2026-06-30')).toContain('dla administratorów, w Telegramie');
    expect(await h.user('telegram:7499', { languageCode: 'uk' }).says('ЗВІТ 2026-01-01 2026-06-30')).toContain('для адміністраторів');
  });
});
