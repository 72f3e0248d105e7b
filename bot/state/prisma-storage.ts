/**
 * botbuilder `Storage` on the DialogState table, with optimistic concurrency:
 *  - eTag "*": write unconditionally (botbuilder's convention);
 *  - eTag set: write only if the stored eTag still matches, else StorageConflictError;
 *  - no eTag: the item is new; create it, or StorageConflictError if another turn created it first.
 */
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder-core';
import type { PrismaClient } from '../../prisma/database.js';
import { StorageConflictError } from '../../dialogs/storage-errors.js';
import type { StateEraser } from '../../dialogs/ports.js';
import type { ChannelKind } from '../../dialogs/activity.js';

export class PrismaStorage implements Storage, StateEraser {
  constructor(private readonly prisma: PrismaClient) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const rows = await this.prisma.dialogState.findMany({ where: { key: { in: keys } } });
    const out: StoreItems = {};
    for (const r of rows) out[r.key] = { ...(r.data as object), eTag: r.eTag };
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...data } = (item ?? {}) as { eTag?: string };
      const next = randomUUID();
      if (eTag === '*') {
        await this.prisma.dialogState.upsert({ where: { key }, create: { key, data, eTag: next }, update: { data, eTag: next } });
      } else if (eTag) {
        const r = await this.prisma.dialogState.updateMany({ where: { key, eTag }, data: { data, eTag: next } });
        if (r.count === 0) throw new StorageConflictError(key);
      } else {
        const r = await this.prisma.dialogState.createMany({ data: [{ key, data, eTag: next }], skipDuplicates: true });
        if (r.count === 0) throw new StorageConflictError(key);
      }
      (item as { eTag?: string }).eTag = next;
    }
  }

  async delete(keys: string[]): Promise<void> {
    await this.prisma.dialogState.deleteMany({ where: { key: { in: keys } } });
  }

  async eraseConversation(channel: ChannelKind, conversationId: string): Promise<void> {
    await this.delete([`${channel}/conversations/${conversationId}`]);
  }
}
