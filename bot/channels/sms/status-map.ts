/**
 * Twilio message statuses mapped to ours, in one table (as courier's statusMapping). `rank` keeps a late
 * "sent" callback from overwriting an earlier "delivered".
 */
export type DeliveryStatusValue = 'PENDING' | 'SENDING' | 'SENT' | 'DELIVERED' | 'UNDELIVERED' | 'FAILED' | 'SKIPPED';

export const TWILIO_STATUS: Record<string, DeliveryStatusValue> = {
  accepted: 'SENT',
  scheduled: 'SENT',
  queued: 'SENT',
  sending: 'SENT',
  sent: 'SENT',
  delivered: 'DELIVERED',
  read: 'DELIVERED',
  undelivered: 'UNDELIVERED',
  failed: 'FAILED',
  canceled: 'FAILED',
};

export const STATUS_RANK: Record<DeliveryStatusValue, number> = {
  PENDING: 0,
  SENDING: 1,
  SENT: 2,
  DELIVERED: 3,
  UNDELIVERED: 3,
  FAILED: 3,
  SKIPPED: 3,
};

/** Twilio error codes that mean the person cannot or will not receive our SMS: stop sending to them. */
export const TWILIO_STOPPED_CODES = new Set(['21610']); // "Attempt to send to unsubscribed recipient"
/** Codes that will not get better by retrying. */
export const TWILIO_PERMANENT_CODES = new Set(['21211', '21214', '21408', '21610', '21612', '21614', '30003', '30005', '30006', '30007']);
