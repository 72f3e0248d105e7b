/** What coordinators' event management needs. Authorisation lives in the implementation, checked on every call. */
import type { Actor } from '../ports.js';
import type { EventSummary, NoticeBatch } from './ports.js';

export interface Attendee {
  name: string;
  channel: 'SMS' | 'TELEGRAM' | '';
  address: string;
  status: 'CONFIRMED' | 'WAITLISTED';
  signedUpAt: Date;
}

export interface EventChange {
  startsAt?: Date;
  place?: string;
  capacity?: number | null;
}

export interface CoordinatorPort {
  /** Organisations this contact coordinates (all active ones for an administrator). */
  organizationsOf(contactId: number): Promise<Array<{ id: number; name: string }>>;
  canManage(contactId: number, eventId: number): Promise<boolean>;
  create(
    by: Actor,
    e: { organizationId: number; title: string; startsAt: Date; place: string; capacity: number | null },
  ): Promise<EventSummary>;
  /**
   * Applies a change; returns who to notify (confirmed and waitlisted) and who was promoted by a larger limit, and
   * the notices queued for them with the change (`notices`, sent through NoticePort).
   */
  update(
    by: Actor,
    eventId: number,
    change: EventChange,
  ): Promise<{ event: EventSummary; notify: number[]; promoted: number[]; notices: NoticeBatch[] }>;
  /** Cancels under the event's row lock (a sign-up at the same moment is told too); notices queued with it. */
  cancel(by: Actor, eventId: number): Promise<{ event: EventSummary; notify: number[]; notices: NoticeBatch[] }>;
  /** The attendee list (names and numbers): only for those who manage the event, from a verified channel. */
  attendees(by: Actor, eventId: number): Promise<Attendee[]>;
}
