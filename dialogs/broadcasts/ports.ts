/** What the broadcast commands need. Privileged calls take an Actor and authorise it themselves. */
import type { Actor } from '../ports.js';

/** A network bulletin's filter (issue 17): categories, districts, or neither (all organisations). */
export interface NetworkFilter {
  categoryIds?: number[];
  districts?: string[];
}
/** NETWORK: a bulletin to other organisations' members and coordinators; `ref` (the sending organisation) is set by the port. */
export type Audience =
  | { kind: 'ORGANIZATION' | 'TOPIC' | 'EVENT'; ref: number }
  | { kind: 'EVERYONE' }
  | { kind: 'NETWORK'; ref?: number; filter: NetworkFilter };
export type ChannelPolicy = 'TELEGRAM_FIRST' | 'SMS_ONLY' | 'TELEGRAM_ONLY';
export interface Repeat {
  recurrence: 'NONE' | 'DAILY' | 'WEEKLY' | 'MONTHLY';
  days: number[];
  time: string;
}

export interface BroadcastDraft {
  audience: Audience;
  policy: ChannelPolicy;
  urgent: boolean;
  firstRun: string; // ISO, kept in dialog state
  repeat?: Repeat;
  text: string;
}

export interface BroadcastPort {
  /** Topic slug → category id. */
  topicId(word: string): Promise<number | undefined>;
  authorize(actor: Actor, draft: Pick<BroadcastDraft, 'audience' | 'urgent'>): Promise<boolean>;
  preview(
    draft: BroadcastDraft,
    actor?: Actor,
  ): Promise<{ telegram: number; sms: number; unreachable: number; encoding: string; segments: number; total: number; cost: number }>;
  create(actor: Actor, draft: BroadcastDraft, progressChatId?: string): Promise<number>;
  /** The approval a new broadcast waits for (a wide send, issue 17), or undefined when it is scheduled. */
  approvalOf?(id: number): Promise<number | undefined>;
  mine(contactId: number): Promise<Array<{ id: number; text: string; status: string; nextRunAt: Date | null }>>;
  cancel(actor: Actor, id: number): Promise<boolean>;
  /** The audiences this person may choose (guided dialog). */
  audiences(contactId: number): Promise<Array<{ audience: Audience; name: string }>>;
  /** The draft of a broadcast of this person that has not started yet, or undefined. */
  editable(actor: Actor, id: number): Promise<BroadcastDraft | undefined>;
  update(actor: Actor, id: number, draft: BroadcastDraft): Promise<boolean>;
}
