/**
 * What the network commands need: deciding approvals (four eyes), the members' choice of bulletins (SIEĆ /
 * NETWORK) and the organisation's own profile (PROFIL / PROFILE). Privileged calls take an Actor and authorise it
 * themselves (an administrator on a verified channel; a coordinator of the organisation).
 */
import type { Actor } from '../ports.js';

/** What came of an approval decision; the dialog turns it into a message. */
export type DecisionResult =
  | { ok: true; kind: 'broadcast' | 'profile'; subjectId: number; decision: 'approved' | 'rejected' }
  | { ok: false; why: 'not_allowed' | 'not_found' | 'not_pending' | 'own' | 'overdue' };

export interface ApprovalPort {
  /** Approves or rejects approval `id`: only an administrator on a verified channel who did not ask for it. */
  decide(actor: Actor, id: number, decision: 'approve' | 'reject', reason: string | undefined, now: Date): Promise<DecisionResult>;
}

export type NetworkMode = 'ALL' | 'CATEGORIES' | 'OFF';

export interface NetworkSettingsPort {
  /** Whether this person receives bulletins at all (a member or coordinator of some organisation). */
  isMember(contactId: number): Promise<boolean>;
  current(contactId: number): Promise<{ mode: NetworkMode; categories: string[] }>;
  /** Category words → ids (unknown words are returned in `unknown`). */
  categoryIds(words: string[]): Promise<{ ids: number[]; names: string[]; unknown: string[] }>;
  /** Records the choice as consent: the person's words, the channel, when. */
  set(contactId: number, choice: { mode: NetworkMode; categoryIds: number[] }, channel: 'SMS' | 'TELEGRAM', words: string): Promise<void>;
}

/** The fields of an organisation's entry its coordinators keep (PROFIL / PROFILE). */
export const PROFILE_FIELDS = [
  'name',
  'krs',
  'description',
  'categories',
  'phone',
  'email',
  'website',
  'hours',
  'address',
  'location',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** The button under the yearly "is your entry current?" reminder. */
export const confirmButton = (organizationId: number) => `profile:confirm:${organizationId}`;

/** A location typed as coordinates ("54.19, 16.17", "54,19 16,17"); anything else is an address to look up. */
export const COORDINATES = /^\s*([+-]?\d{1,2}(?:[.,]\d+)?)\s*[,; ]\s*([+-]?\d{1,3}(?:[.,]\d+)?)\s*$/;

export type ProfileUpdateResult =
  /** `map`: for a location, the map page showing it (the organisation at its new point, or the proposed point). */
  | { ok: true; status: 'APPLIED' | 'PENDING'; changeId: number; approvalId?: number; fields: ProfileField[]; map?: string }
  | { ok: false; why: 'not_allowed' | 'invalid' | 'unchanged'; field?: ProfileField; problem?: string };

export interface ProfilePort {
  /** The organisations this person coordinates (id and name). */
  coordinated(actor: Actor): Promise<Array<{ id: number; name: string }>>;
  /** The entry as the map shows it, one "field: value" line each. */
  show(organizationId: number): Promise<Record<ProfileField, string>>;
  /** Validates and applies one field change (or holds it for approval); audit row either way. */
  update(actor: Actor, organizationId: number, field: ProfileField, value: string, now: Date): Promise<ProfileUpdateResult>;
  /** "TAK, aktualne": the organisation confirms its entry as it stands. */
  confirm(actor: Actor, organizationId: number, now: Date): Promise<boolean>;
  /** The organisations this coordinator was reminded to confirm that have not confirmed since (the reply answers those). */
  reminded(actor: Actor): Promise<number[]>;
  /**
   * An address typed for the location (`PROFIL lokalizacja Zwycięstwa 117`), read like residents' places: a point
   * precise enough for an organisation's seat (an address, a landmark) with the map page showing it; `vague` when
   * it names only a street or a district; `unknown` otherwise.
   */
  locate(
    text: string,
  ): Promise<
    { kind: 'found'; lat: number; lng: number; label: string; map: string } | { kind: 'vague'; label: string } | { kind: 'unknown' }
  >;
}

export interface ReportPort {
  /** The cooperation report as a CSV file and its summary; undefined unless an administrator on a verified channel. */
  report(actor: Actor, from: string, to: string): Promise<{ filename: string; content: string; summary: string } | undefined>;
}

/** The value of the reply button under a bulletin on Telegram (bulletin-reply-dialog.ts reads it). */
export const bulletinReplyButton = (bulletinId: number) => `bulletin:reply:${bulletinId}`;

/** What came of a member's reply to a network bulletin. */
export type BulletinReplyResult =
  | { ok: true; ref: number; org: string; shown: boolean }
  | { ok: false; why: 'not_allowed' | 'unknown' | 'own' };

/**
 * Replies to network bulletins: a member of an addressed organisation writes to the sending organisation (a question
 * thread that only the sender's people see). Both calls authorise the actor (a verified channel; a member of an
 * addressed organisation, not of the sender's own).
 */
export interface BulletinReplyPort {
  /** The bulletin a Telegram message in this chat was (a reply-to on it), or undefined. */
  bulletinForReply(chatId: string, messageId: string): Promise<number | undefined>;
  /** Who would get a reply from this actor (the sending organisation's name), or why the actor cannot reply. */
  target(actor: Actor, bulletinId: number): Promise<{ ok: true; org: string } | { ok: false; why: 'not_allowed' | 'unknown' | 'own' }>;
  reply(actor: Actor, bulletinId: number, text: string): Promise<BulletinReplyResult>;
}
