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
});
