/**
 * Runs the real dialog engine on a real database (PGlite or PostgreSQL) with no channel: transcripts in, neutral
 * replies out. `user('sms:+48600000001')` gives a function that sends one text and returns the replies as text.
 */
import { DialogEngine } from '../../dialogs/engine.js';
import type { Feature } from '../../dialogs/feature.js';
import type { InboundActivity, Reply } from '../../dialogs/activity.js';
import { renderPlain } from '../../dialogs/render-plain.js';
import type { Clock } from '../../dialogs/ports.js';
import { ContactRepository } from '../../bot/repositories/contacts.js';
import { DialogStateStorage } from '../../bot/state/dialog-state-storage.js';
import type { Database } from '../../prisma/database.js';
import { createGeo } from '../../bot/geo/index.js';
import { buildFeatures } from '../../bot/server.js';
import { EventRepository } from '../../bot/repositories/events.js';
import { CoordinationRepository } from '../../bot/repositories/coordination.js';
import { BroadcastService } from '../../bot/delivery/broadcasts.js';
import { offlinePlaces } from '../../bot/geo/offline-places.js';
import { createUnderstanding, type UnderstandingPort } from '../../dialogs/understanding/understand.js';

export class FixedClock implements Clock {
  constructor(public current = new Date('2026-12-01T10:00:00Z')) {}
  now() {
    return new Date(this.current);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

let seq = 0;

/** The product's understanding step (on the shipped geography), as the server wires it. */
export const productUnderstanding = (): UnderstandingPort => createUnderstanding({ places: offlinePlaces() });

export function makeEngine(
  db: Database,
  features: Feature[] = [],
  clock: Clock = new FixedClock(),
  understanding: UnderstandingPort | undefined = productUnderstanding(),
) {
  const storage = new DialogStateStorage(db);
  const contacts = new ContactRepository(db);
  const errors: unknown[] = [];
  const engine = new DialogEngine({
    contacts,
    storage,
    clock,
    features,
    understanding,
    logger: { error: (o) => errors.push(o), warn: () => undefined },
  });
  const user = (id: string, extra: Partial<InboundActivity> = {}) => {
    const [channel, address] = id.split(':') as ['sms' | 'telegram', string];
    const send = async (text: string | undefined, more: Partial<InboundActivity> = {}): Promise<Reply[]> =>
      engine.handle({ channel, messageId: `m${++seq}`, from: address, conversationId: address, text, ...extra, ...more });
    const says = async (text: string | undefined, more: Partial<InboundActivity> = {}) =>
      (await send(text, more)).map(renderPlain).join('\n');
    return { send, says };
  };
  return { engine, storage, contacts, user, errors };
}

/** Runs `[userText, expected]` pairs; expected is a substring or a RegExp the joined replies must match. */
export async function runTranscript(says: (text: string) => Promise<string>, steps: Array<[string, string | RegExp]>): Promise<string[]> {
  const seen: string[] = [];
  for (const [text, expected] of steps) {
    const reply = await says(text);
    seen.push(reply);
    const ok = typeof expected === 'string' ? reply.includes(expected) : expected.test(reply);
    if (!ok)
      throw new Error(`After "${text}" expected ${expected} but the bot said:\n${reply}\n--- transcript so far:\n${seen.join('\n---\n')}`);
  }
  return seen;
}

/** Keeps what would have been sent to people outside their own turn. */
export class RecordingNotifier {
  readonly sent: Array<{ contactId: number; replies: Reply[] }> = [];
  async notify(contactId: number, build: (locale: 'pl' | 'en' | 'uk') => Reply[]): Promise<boolean> {
    this.sent.push({ contactId, replies: build('pl') });
    return true;
  }
}

/** The product's features on this database, with a recording notifier. */
export function productFeatures(db: Database, publicUrl = 'https://bot.example.org') {
  const geo = createGeo(db.prisma, { publicUrl });
  const notifier = new RecordingNotifier();
  const events = new EventRepository(db.prisma);
  return {
    geo,
    notifier,
    events,
    features: buildFeatures(geo, {
      prisma: db.prisma,
      events,
      notifier,
      broadcasts: new BroadcastService(db.prisma, { transliterate: true, pricePerSegment: 0.2 }),
      coordination: new CoordinationRepository(db.prisma),
      botUsername: () => 'KoszalinNgoBot',
    }),
  };
}
