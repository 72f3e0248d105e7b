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
import { createUnderstanding } from '../dialogs/understanding/understand.js';

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
  // The engine-alone run never changes a contact: these writes are deliberately no-ops.
  async setLocale() {
    /* not measured */
  }
  async setStatus() {
    /* not measured */
  }
  async linkPhone() {
    return 'linked' as const;
  }
  async erase() {
    /* not measured */
  }
  async erasableFromUnverified() {
    return true;
  }
}

export async function engineAlone(
  bodies: string[],
  turns: number,
  o: { understanding?: boolean } = {},
): Promise<{ turnsPerSecond: number; msPerTurn: number; medianMs: number }> {
  const db = await openDatabase({ dataDir: 'memory://' });
  try {
    await ensureCategories(db.prisma);
    await loadDemoData(db.prisma);
    const { features, geo } = productFeatures(db);
    const understanding = o.understanding ? createUnderstanding({ places: geo.resolver }) : undefined;
    const engine = new DialogEngine({
      contacts: new MemoryContacts(),
      storage: new MemoryStore(),
      clock: { now: () => new Date() },
      features,
      understanding,
    });
    let seq = 0;
    const turn = async () => {
      const n = ++seq;
      const from = `+4869${String(n % 1000).padStart(7, '0')}`;
      const replies = await engine.handle({
        channel: 'sms',
        messageId: `SM${n}`,
        from,
        conversationId: from,
        text: bodies[n % bodies.length]!,
      });
      const xml = twiml(renderSms(replies, { transliterate: true }).body);
      if (!xml.includes('<Message>')) throw new Error('no reply');
    };
    for (let i = 0; i < 2000; i++) await turn(); // first messages and warm-up
    const each: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < turns; i++) {
      const t = performance.now();
      await turn();
      each.push(performance.now() - t);
    }
    const ms = performance.now() - t0;
    each.sort((a, b) => a - b);
    return { turnsPerSecond: (turns / ms) * 1000, msPerTurn: ms / turns, medianMs: each[each.length >> 1]! };
  } finally {
    await db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bodies = ['Rokosowo', '54.1943, 16.1722', 'Zwycięstwa 10', 'na Jamnie'];
  // Without and with the understanding step (issue 13), same messages, same process.
  for (const understanding of [false, true]) {
    const r = await engineAlone(bodies, 5000, { understanding });
    console.log(
      `dialog turn alone${understanding ? ' + understanding' : ''}: ${r.turnsPerSecond.toFixed(0)} turns/s, ${r.msPerTurn.toFixed(3)} ms per turn, median ${r.medianMs.toFixed(3)} ms`,
    );
  }
  // Free-text first messages, with the understanding step.
  const free = [
    'Szukam pomocy dla seniora na Rokosowie',
    'klub seniora os. tysiąclecia',
    'шукаю допомогу для дітей біля вокзалу',
    'any volleyball club near the train station?',
  ];
  const r = await engineAlone(free, 5000, { understanding: true });
  console.log(
    `free-text requests + understanding: ${r.turnsPerSecond.toFixed(0)} turns/s, ${r.msPerTurn.toFixed(3)} ms per turn, median ${r.medianMs.toFixed(3)} ms`,
  );
}
