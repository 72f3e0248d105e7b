import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testDbKind } from './support/db.js';
import { makeEngine } from './support/harness.js';
import { DialogStateStorage } from '../bot/state/dialog-state-storage.js';
import { ContactRepository } from '../bot/repositories/contacts.js';
import { conversationStateKey } from '../dialogs/state-key.js';
import { StorageConflictError } from '../dialogs/storage-errors.js';
import type { Database } from '../prisma/database.js';

describe(`dialog state concurrency on ${testDbKind}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => db?.close());

  it('the store rejects a write with a stale eTag and a second create of a new item', async () => {
    const s = new DialogStateStorage(db);
    await s.write('k1', { dialogState: { n: 1 } });
    const first = (await s.read('k1'))!;
    const second = (await s.read('k1'))!;
    expect(first.eTag).toBeTruthy();
    await s.write('k1', { ...first, dialogState: { n: 2 } });
    await expect(s.write('k1', { ...second, dialogState: { n: 3 } })).rejects.toBeInstanceOf(StorageConflictError);
    await expect(s.write('k1', { dialogState: { n: 4 } })).rejects.toBeInstanceOf(StorageConflictError);
    expect(await s.read('k1')).toMatchObject({ dialogState: { n: 2 } });
    expect(await s.read('nothing-here')).toBeUndefined();
  });

  it("a turn's replies are kept exactly when its state write succeeds", async () => {
    const s = new DialogStateStorage(db);
    await db.prisma.inboundMessage.createMany({
      data: [
        { channel: 'SMS', externalId: 'SMkeep1' },
        { channel: 'SMS', externalId: 'SMkeep2' },
      ],
    });
    const replies = [{ kind: 'text' as const, text: 'Najbliższe organizacje' }];
    await s.write('k2', { dialogState: { n: 1 } }, { channel: 'sms', messageId: 'SMkeep1', replies });
    const stale = { dialogState: { n: 0 } };
    await expect(s.write('k2', stale, { channel: 'sms', messageId: 'SMkeep2', replies })).rejects.toBeInstanceOf(StorageConflictError);
    const rows = await db.prisma.inboundMessage.findMany({
      where: { externalId: { in: ['SMkeep1', 'SMkeep2'] } },
      orderBy: { externalId: 'asc' },
    });
    expect(rows.map((r) => r.replies)).toEqual([replies, null]);
  });

  it('the list a turn showed is stored with its state, and only when that write succeeds', async () => {
    const s = new DialogStateStorage(db);
    const contact = await db.prisma.contact.create({ data: { locale: 'pl' } });
    const orgs = await db.prisma.organization.createManyAndReturn({
      data: ['A', 'B', 'C'].map((n) => ({ name: `List ${n}`, dedupeKey: `list-${n}` })),
    });
    const ids = orgs.map((o) => o.id);
    const turn = (listed: number[]) => ({
      channel: 'sms' as const,
      messageId: 'SMnone',
      replies: [],
      listShown: { contactId: contact.id, organizationIds: listed },
    });
    const stored = async () => (await db.prisma.recentOrganizationList.findUnique({ where: { contactId: contact.id } }))?.organizationIds;
    // A new item (create) with a list, then an update with another list.
    await s.write('k-list', { dialogState: { n: 1 } }, turn([ids[2]!, ids[0]!]));
    expect(await stored()).toEqual([ids[2], ids[0]]);
    const item = (await s.read('k-list'))!;
    await s.write('k-list', { ...item, dialogState: { n: 2 } }, turn([ids[1]!]));
    expect(await stored()).toEqual([ids[1]]);
    // Conflicts on update (stale eTag) and on create: the list of the refused turn is not kept.
    await expect(s.write('k-list', { ...item, dialogState: { n: 3 } }, turn([ids[0]!, ids[1]!, ids[2]!]))).rejects.toBeInstanceOf(
      StorageConflictError,
    );
    await expect(s.write('k-list', { dialogState: { n: 4 } }, turn([ids[0]!]))).rejects.toBeInstanceOf(StorageConflictError);
    expect(await stored()).toEqual([ids[1]]);
    // A turn without a list leaves the last one.
    await s.write('k-list', { ...(await s.read('k-list'))!, dialogState: { n: 5 } }, { channel: 'sms', messageId: 'SMnone', replies: [] });
    expect(await stored()).toEqual([ids[1]]);
  });
  it('twenty first messages from one new person at once make one contact, one identity and one audit line', async () => {
    const repos = [new ContactRepository(db), new ContactRepository(db)];
    const got = await Promise.all(
      Array.from({ length: 20 }, (_, i) => repos[i % 2]!.resolve('sms', '+48600000777', { locale: 'uk', displayName: 'Olena' })),
    );
    expect(new Set(got.map((c) => c.id)).size).toBe(1);
    expect(got.filter((c) => c.isNew)).toHaveLength(1);
    expect(got.every((c) => c.locale === 'uk' && c.status === 'ACTIVE' && c.role === 'RESIDENT')).toBe(true);
    const id = got[0]!.id;
    expect(await db.prisma.contactIdentity.findMany({ where: { contactId: id }, select: { channel: true, address: true } })).toEqual([
      { channel: 'SMS', address: '+48600000777' },
    ]);
    expect(await db.prisma.contact.findUnique({ where: { id }, select: { displayName: true, locale: true } })).toEqual({
      displayName: 'Olena',
      locale: 'uk',
    });
    expect(await db.prisma.auditLog.count({ where: { actor: `contact:${id}`, action: 'contact.created' } })).toBe(1);
    expect(await db.prisma.contact.count({ where: { displayName: 'Olena' } })).toBe(1);
  });

  it('two engines (two processes) sharing one database: concurrent turns of one user lose no update', async () => {
    // Each "process" has its own in-memory queue, so only the eTag protects the state. A language switch is a
    // state change visible in the next turn's dialog: we interleave menu/language turns and check the final state.
    const a = makeEngine(db);
    const b = makeEngine(db);
    const ua = a.user('sms:+48600000100');
    const ub = b.user('sms:+48600000100');
    await ua.says('menu');
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? ua : ub).says(i % 3 ? 'menu' : 'pomoc')));
    for (const r of results) expect(r).toMatch(/Co chcesz zrobić|Napisz adres/);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    // The conversation is still consistent: the menu prompt is active and answers "1" with the language choice.
    expect(await ua.says('1')).toMatch(/Wybierz język/);
    expect(await ub.says('2')).toBe('Language set: English.');
  });

  it('a stale preload (the state changed after it was read) is detected by the eTag and the turn redone on fresh state', async () => {
    const h = makeEngine(db);
    const u = h.user('sms:+48600000200');
    await u.says('menu');
    const contact = await h.contacts.resolve('sms', '+48600000200', {});
    const stale = { contact, state: await h.storage.read(conversationStateKey({ channel: 'sms', conversationId: '+48600000200' })) };
    expect(await u.says('1')).toMatch(/Wybierz język/);
    // With the menu state "2" would be another menu entry; with the current state it picks English.
    const replies = await h.engine.handle(
      { channel: 'sms', messageId: 'stale-1', from: '+48600000200', conversationId: '+48600000200', text: '2' },
      stale,
    );
    expect(replies.map((r) => (r.kind === 'text' ? r.text : r.kind))).toEqual(['Language set: English.']);
    expect(h.errors).toEqual([]);
  });

  it('concurrent turns in one process are serialised per conversation', async () => {
    const h = makeEngine(db);
    const u = h.user('telegram:555');
    const replies = await Promise.all([u.says('menu'), u.says('1'), u.says('3')]);
    expect(replies[1]).toMatch(/Wybierz język/);
    expect(replies[2]).toBe('Мову встановлено: українська.');
  });
});
