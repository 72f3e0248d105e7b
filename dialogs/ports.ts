/**
 * Narrow ports the dialogs depend on. The composition root passes implementations (Prisma repositories, the
 * system clock); tests pass the same repositories on PGlite, or a fixed clock.
 */
import type { ChannelKind, Reply } from './activity.js';
import type { Locale } from './i18n/index.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export type ContactStatusValue = 'ACTIVE' | 'STOPPED' | 'BLOCKED';

export interface ContactSummary {
  id: number;
  locale: Locale;
  status: ContactStatusValue;
  role: 'RESIDENT' | 'ADMIN';
  /** true when this turn created the contact. */
  isNew: boolean;
  /** The person chose `locale` explicitly (JĘZYK / LANGUAGE / МОВА): replies stay in it until they change it. */
  localeChosen?: boolean;
}

/**
 * Who asks a port for a privileged write: the contact and whether the channel vouches for them (Telegram signs
 * the sender into the update; an SMS number can be forged). Ports authorise the actor themselves, on every call,
 * so a dialog that forgets a check cannot open a way in.
 */
export interface Actor {
  contactId: number;
  verifiedChannel: boolean;
  /**
   * The inbound message this action answers ("<channel>:<message id>"). Ports that create something keep it, so
   * the provider's retry of a turn that failed after the write finds the first result instead of making a twin.
   */
  message?: string;
}

/** Thrown by a port when the actor may not do what was asked (no role, or an unverified channel). */
export class NotAllowedError extends Error {
  constructor(readonly reason = 'not allowed') {
    super(reason);
    this.name = 'NotAllowedError';
  }
}

/**
 * `linked`: the number is now this contact's; `merged`: it belonged to an SMS-only contact, now one with this one;
 * `other_account`: it belongs to a contact with its own Telegram account, which is never merged automatically (a
 * recycled number or a second account must not take over another person and their roles).
 */
export type LinkPhoneResult = 'linked' | 'merged' | 'other_account';

export interface ContactPort {
  /** Finds the contact behind a channel identity, creating it on first contact. */
  resolve(
    channel: ChannelKind,
    address: string,
    hints: { chatId?: string; locale?: Locale; displayName?: string },
  ): Promise<ContactSummary>;
  /** `chosen`: the person asked for this language explicitly (it then sticks); otherwise it was read from their messages. */
  setLocale(contactId: number, locale: Locale, chosen?: boolean): Promise<void>;
  /** STOP / START. `words` is what the person wrote, kept as the consent record. */
  setStatus(contactId: number, status: 'ACTIVE' | 'STOPPED', channel: ChannelKind, words: string): Promise<void>;
  /**
   * Links a phone number the person shared from Telegram (Telegram vouches it is theirs). If that number already
   * belongs to an SMS contact, the two become one contact (subscriptions, sign-ups and roles merged).
   */
  linkPhone(contactId: number, phone: string): Promise<LinkPhoneResult>;
  /**
   * Erases the contact and their personal data everywhere, including the dialog state of every conversation
   * they have (the engine then stores nothing more for this turn).
   */
  erase(contactId: number, via: { verifiedChannel: boolean }): Promise<void>;
  /**
   * Whether this contact may be erased from a channel that does not vouch for the sender: not when it holds a
   * role (administrator, organisation member) or a Telegram identity, because a forged SMS could erase it.
   */
  erasableFromUnverified(contactId: number): Promise<boolean>;
}

/** A conversation's stored dialog state. `eTag` is the version it was read at; absent when nothing is stored yet. */
export interface ConversationItem {
  dialogState?: object;
  eTag?: string;
}

/** What a finished turn keeps beside the dialog state: its replies, replayed if the provider delivers the message again. */
export interface TurnRecord {
  channel: ChannelKind;
  messageId: string;
  replies: Reply[];
  /**
   * The organisations a list of this turn showed, in order, kept with the state in the same write (so that "ZAPYTAJ
   * 2 …" in a later turn names one: dialogs/questions). A store without a list table may ignore it.
   */
  listShown?: { contactId: number; organizationIds: number[] };
}

/** Where the engine keeps dialog state, with optimistic concurrency (the engine's own port, not botbuilder's Storage). */
export interface ConversationStore {
  read(key: string): Promise<ConversationItem | undefined>;
  /**
   * Saves `item` if the stored version is still `item.eTag` (a new item: if none exists yet), else throws
   * StorageConflictError; keeps `turn` in the same atomic write. Sets `item.eTag` to the new version.
   */
  write(key: string, item: ConversationItem, turn?: TurnRecord): Promise<void>;
}

/**
 * What a caller already read for a turn in its own first round trip (the webhook pipeline reads the contact and
 * the state together with the message id). `contact` absent: not known yet, the engine resolves (creates) it.
 */
export interface TurnPreload {
  contact?: ContactSummary;
  state: ConversationItem | undefined;
  /** The sender has a question thread open (read with the claim; see InboundActivity.openQuestion). */
  openQuestion?: boolean;
}
