/**
 * The message-id claim every webhook turn starts with: a provider's retry of an answered message gets the kept
 * replies; a retry while the first turn still runs gets nothing yet (null); a claim whose turn never kept replies
 * (its process died, or the database went away before the turn could be written or released) is taken over by a
 * retry after ABANDONED_CLAIM_MS instead of being answered with nothing forever.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import { ABANDONED_CLAIM_MS, InboundRepository, type ClaimRequest } from '../bot/repositories/inbound.js';
import { DialogStateStorage } from '../bot/state/dialog-state-storage.js';
import type { Database } from '../prisma/database.js';
import { questionFollowUpFeature } from '../dialogs/questions/feature.js';
import type { QuestionsPort } from '../dialogs/questions/ports.js';
import type { InboundActivity } from '../dialogs/activity.js';
import { makeEngine } from './support/harness.js';

describe(`inbound claims on ${testDbKind}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => db?.close());

  const t0 = new Date('2026-11-26T10:00:00Z');
  const at = (ms: number) => new Date(t0.getTime() + ms);
  const req = (externalId: string, now: Date): ClaimRequest => ({
    channel: 'sms',
    externalId,
    sender: '+48600000300',
    now,
    countQuota: true,
    stateKey: 'sms/conversations/+48600000300',
  });

  it('answered: a retry gets the kept replies, even long after', async () => {
    const inbound = new InboundRepository(db);
    expect(await inbound.claim(req('SMclaim1', t0))).toMatchObject({ duplicate: false, count: 1 });
    const replies = [{ kind: 'text' as const, text: 'Najbliższe organizacje' }];
    await new DialogStateStorage(db).write('sms/conversations/+48600000300', {}, { channel: 'sms', messageId: 'SMclaim1', replies });
    expect(await inbound.claim(req('SMclaim1', at(1000)))).toEqual({ duplicate: true, replies });
    expect(await inbound.claim(req('SMclaim1', at(ABANDONED_CLAIM_MS * 10)))).toEqual({ duplicate: true, replies });
  });

  it('in flight: a retry gets nothing yet; abandoned: a retry after ABANDONED_CLAIM_MS takes the claim over, once', async () => {
    const inbound = new InboundRepository(db);
    const first = await inbound.claim(req('SMclaim2', t0));
    expect(first.duplicate).toBe(false);
    expect(await inbound.claim(req('SMclaim2', at(ABANDONED_CLAIM_MS - 1000)))).toEqual({ duplicate: true, replies: null });
    const takeover = await inbound.claim(req('SMclaim2', at(ABANDONED_CLAIM_MS + 1000)));
    expect(takeover.duplicate).toBe(false);
    // The takeover is a fresh claim: a retry right after it waits for it, it is not taken over again.
    expect(await inbound.claim(req('SMclaim2', at(ABANDONED_CLAIM_MS + 2000)))).toEqual({ duplicate: true, replies: null });
    expect(await db.prisma.inboundMessage.count({ where: { externalId: 'SMclaim2' } })).toBe(1);
  });

  it('tells the turn whether the sender has a question open (an SMS follow-up goes to it), in the same statement', async () => {
    const inbound = new InboundRepository(db);
    const sender = '+48600000301';
    const ask = (id: string) => inbound.claim({ ...req(id, t0), sender, stateKey: `sms/conversations/${sender}` });
    const first = await ask('SMq1');
    expect(first).toMatchObject({ duplicate: false, preload: { contact: undefined, openQuestion: false } });
    const contact = await db.prisma.contact.create({ data: { identities: { create: { channel: 'SMS', address: sender } } } });
    const org = await db.prisma.organization.create({ data: { dedupeKey: 'claims-q-org', name: 'Fundacja Pytań' } });
    const thread = await db.prisma.questionThread.create({
      data: { organizationId: org.id, residentId: contact.id, residentChannel: 'SMS', pseudonym: 'Q1' },
    });
    expect(await ask('SMq2')).toMatchObject({ preload: { openQuestion: true } });
    // A member's reply to a bulletin is no resident's question; a closed thread is not open.
    await db.prisma.questionThread.update({ where: { id: thread.id }, data: { status: 'CLOSED' } });
    await db.prisma.questionThread.create({
      data: { organizationId: org.id, residentId: contact.id, residentChannel: 'SMS', pseudonym: 'Q2', bulletinId: 1 },
    });
    expect(await ask('SMq3')).toMatchObject({ preload: { openQuestion: false } });
  });

  it('the question feature asks the database only when the turn does not already know', async () => {
    let asked = 0;
    const port = {
      hasOpenThread: async () => {
        asked++;
        return true;
      },
    } as unknown as QuestionsPort;
    const f = questionFollowUpFeature(port);
    const sms = { channel: 'sms' as const, messageId: 'SMf', from: '+48600000302', conversationId: '+48600000302', text: 'a w sobotę?' };
    expect(await f.recognize!({ ...sms, openQuestion: false }, 'pl')).toBeUndefined();
    expect(await f.recognize!({ ...sms, openQuestion: true }, 'pl')).toEqual({ followUp: 'a w sobotę?' });
    expect(asked).toBe(0);
    expect(await f.recognize!(sms, 'pl')).toEqual({ followUp: 'a w sobotę?' });
    expect(asked).toBe(1);
  });

  it("the engine gives the features the claim's open-question fact, and only on a turn's first attempt", async () => {
    const seen: Array<boolean | undefined> = [];
    const h = makeEngine(db, [{ id: 'probe', dialogs: [], recognize: (a: InboundActivity) => void seen.push(a.openQuestion) }]);
    const sms = { channel: 'sms' as const, messageId: 'SMp1', from: '+48600000303', conversationId: '+48600000303', text: 'a w sobotę?' };
    await h.engine.handle(sms, { state: undefined, openQuestion: true });
    await h.engine.handle({ ...sms, messageId: 'SMp2' });
    expect(seen).toEqual([true, undefined]);
  });
});
