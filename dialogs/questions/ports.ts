/**
 * What the "ask an organisation" conversation needs. Every call that reads or writes a thread takes the Actor and
 * authorises it itself: residents act only on their own threads; organisation people (members, coordinators) only
 * on their organisation's threads and only from a verified channel (Telegram); administrators on any thread.
 */
import type { Actor } from '../ports.js';
import type { AskableOrganization } from './commands.js';

export type QuestionStatusValue = 'OPEN' | 'TAKEN' | 'ANSWERED' | 'CLOSED' | 'ESCALATED';

export type AskOutcome =
  | { ok: true; ref: number; org: string; escalated: boolean; typicalHours: number }
  | { ok: false; reason: 'too_many_open' | 'daily_cap' | 'blocked' | 'unknown_org'; limit?: number };

export type OrgOutcome =
  | { ok: true; ref: number; org: string; name?: string /** The thread is a member's reply to this network bulletin. */; bulletin?: number }
  | { ok: false; reason: 'unknown' | 'not_allowed' | 'closed' | 'taken_by_other'; ref: number; name?: string };

export interface ThreadLine {
  ref: number;
  org: string;
  status: QuestionStatusValue;
  takenBy?: string;
  createdAt: Date;
  text: string;
}

export interface QuestionsPort {
  /**
   * The organisation at `position` (from 1) of the last list shown to this contact (nearest, details). The list is
   * stored with the state of the turn that showed it (TurnRecord.listShown).
   */
  listed(contactId: number, position: number): Promise<{ id: number; name: string } | undefined>;
  /**
   * Active organisations a resident may ask by button (`id`) or by name (`phrase`, the words after "chcę zapytać"):
   * those of their last list, and those whose name the phrase starts with or contains; in one query.
   */
  askable(contactId: number, by: { id: number } | { phrase: string }): Promise<AskableOrganization[]>;

  /** A resident asks an organisation (the channel they ask on is where answers go). */
  ask(actor: Actor, channel: 'sms' | 'telegram', organizationId: number, text: string): Promise<AskOutcome>;
  /** Whether the person behind this address has a question still open (SMS follow-ups go to it). */
  hasOpenThread(channel: 'sms' | 'telegram', address: string): Promise<boolean>;
  /** The resident adds to one of their open threads (`ref`), or to their most recent open one. */
  followUp(actor: Actor, text: string, ref?: number): Promise<{ ref: number } | undefined>;
  close(actor: Actor): Promise<{ ref: number } | undefined>;
  shareNumber(actor: Actor): Promise<{ ref: number } | undefined>;

  /** Organisation side (and administrators). */
  answer(actor: Actor, ref: number, text: string): Promise<OrgOutcome>;
  /**
   * The thread a Telegram reply-to points at: a question shown to an organisation's person (`asResident` false:
   * an answer), or an answer relayed to the resident (`asResident` true: a follow-up); undefined for other messages.
   */
  threadForReply(chatId: string, messageId: string): Promise<{ ref: number; asResident: boolean } | undefined>;
  take(actor: Actor, ref: number): Promise<OrgOutcome>;
  passToCity(actor: Actor, ref: number): Promise<OrgOutcome>;
  blockSender(actor: Actor, ref: number): Promise<OrgOutcome>;
  /** Administrators only: the thread goes to another organisation. */
  forward(actor: Actor, ref: number, organizationId: number): Promise<OrgOutcome>;
  list(actor: Actor): Promise<ThreadLine[] | undefined>;
}
