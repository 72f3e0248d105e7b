/** What the events conversations need from the rest of the system. */
import type { Reply } from '../activity.js';

export interface EventSummary {
  id: number;
  title: string;
  startsAt: Date;
  place: string | null;
  organization: { id: number; name: string };
  capacity: number | null;
  confirmed: number;
  status: 'SCHEDULED' | 'CANCELLED';
  isDemo: boolean;
}

export type SignupOutcome =
  | { kind: 'confirmed'; event: EventSummary; already: boolean }
  | { kind: 'waitlisted'; event: EventSummary; position: number; already: boolean }
  | { kind: 'not_found' }
  | { kind: 'closed'; event: EventSummary };

export type CancelOutcome =
  | { kind: 'cancelled'; event: EventSummary; promotedContactId?: number }
  | { kind: 'not_signed_up' }
  | { kind: 'not_found' };

export interface EventPort {
  upcoming(q: { limit: number; offset?: number; categorySlug?: string; organizationId?: number; now: Date }): Promise<EventSummary[]>;
  get(id: number): Promise<EventSummary | undefined>;
  signUp(eventId: number, contactId: number, now: Date): Promise<SignupOutcome>;
  cancel(eventId: number, contactId: number): Promise<CancelOutcome>;
  mine(contactId: number, now: Date): Promise<Array<{ event: EventSummary; status: 'CONFIRMED' | 'WAITLISTED' }>>;
}

/** Notices of one kind to some people of one event, queued by the change that caused them. */
export interface NoticeBatch {
  eventId: number;
  kind: string;
  contactIds: number[];
}

/**
 * Event notices (promotions, changes, cancellations, reminders) are queued with the change that causes them and
 * kept until sent (an outbox, retried): the dialog asks for the queued ones to go now.
 */
export interface NoticePort {
  /** Sends these queued notices now; returns how many of the people have been told (this turn or an earlier try). */
  deliver(batches: NoticeBatch[]): Promise<number>;
}

/** Sends a message to a contact outside of their own turn (waitlist promotion, reminders). */
export interface ContactNotifier {
  notify(contactId: number, build: (locale: 'pl' | 'en' | 'uk') => Reply[]): Promise<boolean>;
}
