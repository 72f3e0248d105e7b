/**
 * The dialog turn alone, in this process: the same four nearest-organisations messages as bench/turns.ts from 1,000
 * senders through the product's dialog engine and features, then SMS rendering and TwiML — but no HTTP, no
 * signature check and no database round trip (dialog state and contacts in memory; organisations come from the
 * in-memory index as in production). It tells what share of a webhook turn is the conversation itself, i.e. the
 * floor under any database or transport work.
 */
import { DialogEngine } from '../dialogs/engine.js';
import type { ContactPort, ContactSummary, ConversationItem, ConversationStore } from '../dialogs/ports.js';
import { StorageConflictError } from '../dialogs/storage-errors.js';
import { openDatabase } from '../prisma/database.js';
import { ensureCategories, loadDemoData } from '../prisma/seed/index.js';
import { renderSms } from '../bot/channels/sms/render.js';
import { twiml } from '../bot/channels/sms/twilio-webhook.js';
import { productFeatures } from '../test/support/harness.js';

class MemoryStore implements ConversationStore {
  private readonly items = new Map<string, { json: string; eTag: string }>();
  private n = 0;
  async read(key: string): Promise<ConversationItem | undefined> {
    const it = this.items.get(key);
    return it ? { ...(JSON.parse(it.json) as object), eTag: it.eTag } : undefined;
  }
  async write(key: string, item: ConversationItem): Promise<void> {
    const { eTag, ...data } = item;
    if ((this.items.get(key)?.eTag ?? undefined) !== eTag) throw new StorageConflictError(key);
    item.eTag = String(++this.n);
    // Serialised like the database copy, so the cost of (de)serialising the dialog stack is included.
    this.items.set(key, { json: JSON.stringify(data), eTag: item.eTag });
  }
}

class MemoryContacts implements ContactPort {
  private readonly ids = new Map<string, number>();
  async resolve(channel: string, address: string): Promise<ContactSummary> {
    const key = `${channel}:${address}`;
    const known = this.ids.get(key);
    if (known) return { id: known, locale: 'pl', status: 'ACTIVE', role: 'RESIDENT', isNew: false };
    this.ids.set(key, this.ids.size + 1);
    return { id: this.ids.size, locale: 'pl', status: 'ACTIVE', role: 'RESIDENT', isNew: true };
  }
  async setLocale() {}
  async setStatus() {}
  async linkPhone() {}
  async erase() {}
  async erasableFromUnverified() {
    return true;
  }
}

export async function engineAlone(bodies: string[], turns: number): Promise<{ turnsPerSecond: number; msPerTurn: number }> {
  const db = await openDatabase({ dataDir: 'memory://' });
  try {
    await ensureCategories(db.prisma);
    await loadDemoData(db.prisma);
    const { features } = productFeatures(db);
    const engine = new DialogEngine({ contacts: new MemoryContacts(), storage: new MemoryStore(), clock: { now: () => new Date() }, features });
    let seq = 0;
    const turn = async () => {
      const n = ++seq;
      const from = `+4869${String(n % 1000).padStart(7, '0')}`;
      const replies = await engine.handle({ channel: 'sms', messageId: `SM${n}`, from, conversationId: from, text: bodies[n % bodies.length]! });
      const xml = twiml(renderSms(replies, { transliterate: true }).body);
      if (!xml.includes('<Message>')) throw new Error('no reply');
    };
    for (let i = 0; i < 2000; i++) await turn(); // first messages and warm-up
    const t0 = performance.now();
    for (let i = 0; i < turns; i++) await turn();
    const ms = performance.now() - t0;
    return { turnsPerSecond: (turns / ms) * 1000, msPerTurn: ms / turns };
  } finally {
    await db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await engineAlone(['Rokosowo', '54.1943, 16.1722', 'Zwycięstwa 10', 'na Jamnie'], 5000);
  console.log(`dialog turn alone: ${r.turnsPerSecond.toFixed(0)} turns/s, ${r.msPerTurn.toFixed(3)} ms per turn`);
}
