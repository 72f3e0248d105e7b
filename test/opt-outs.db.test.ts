/**
 * STOP is never undone by anything but the person's own START: not by merging their SMS contact into their
 * Telegram one, and not by a Telegram "blocked" that a later message lifts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import { makeEngine } from './support/harness.js';
import type { Database } from '../prisma/database.js';

describe(`opt-outs on ${testDbKind}`, () => {
  let db: Database;
  let h: ReturnType<typeof makeEngine>;
  beforeAll(async () => {
    db = await openTestDatabase();
    h = makeEngine(db);
  });
  afterAll(async () => db?.close());
  const status = async (channel: 'SMS' | 'TELEGRAM', address: string) =>
    (await db.prisma.contactIdentity.findUniqueOrThrow({ where: { channel_address: { channel, address } }, include: { contact: true } }))
      .contact.status;

  it('an SMS contact that said STOP stays stopped when its number is linked from Telegram', async () => {
    await h.user('sms:+48600770001').says('STOP');
    expect(await status('SMS', '+48600770001')).toBe('STOPPED');
    await h.user('telegram:8800001').says('pomoc');
    const tg = (
      await db.prisma.contactIdentity.findUniqueOrThrow({ where: { channel_address: { channel: 'TELEGRAM', address: '8800001' } } })
    ).contactId;
    await h.contacts.linkPhone(tg, '+48600770001');
    expect(await status('TELEGRAM', '8800001')).toBe('STOPPED');
    expect(await status('SMS', '+48600770001')).toBe('STOPPED');
  });

  it('a Telegram "blocked" does not replace STOPPED, so the next message cannot turn the contact back on', async () => {
    await h.user('telegram:8800002').says('STOP');
    await h.contacts.setStatusByAddress('telegram', '8800002', 'BLOCKED', 'bot was blocked by the user');
    await h.user('telegram:8800002').says('pomoc');
    expect(await status('TELEGRAM', '8800002')).toBe('STOPPED');
    // A contact that was only blocked is unblocked by writing again.
    await h.user('telegram:8800003').says('pomoc');
    await h.contacts.setStatusByAddress('telegram', '8800003', 'BLOCKED', 'bot was blocked by the user');
    expect(await status('TELEGRAM', '8800003')).toBe('BLOCKED');
    await h.user('telegram:8800003').says('pomoc');
    expect(await status('TELEGRAM', '8800003')).toBe('ACTIVE');
  });
});
