/**
 * Inbound de-duplication and per-sender quotas (plain SQL: on every turn).
 * `claim` records a provider message id; a second delivery of the same id is told so, with the replies we gave
 * the first time (Twilio retries a webhook whose answer it did not get; the person must get the reply once).
 */
import { sqlTimestamp, type Database } from '../../prisma/database.js';
import type { ChannelKind, Reply } from '../../dialogs/activity.js';
import type { TurnPreload } from '../../dialogs/ports.js';
import { CONTACT_SUMMARY_COLUMNS, channelEnum, contactSummary } from './contacts.js';
import { storedItem } from '../state/dialog-state-storage.js';
import { OPEN_QUESTION_STATUSES } from '../questions/statuses.js';

export type ClaimResult =
  /** `count`: the sender's turns in the current hour, this one included (when counted); `preload`: see TurnPreload. */
  | { duplicate: false; count?: number; preload: TurnPreload }
  /** `replies`: what the first delivery was answered with (null while that turn is still running). */
  | { duplicate: true; replies: Reply[] | null };

export interface ClaimRequest {
  channel: ChannelKind;
  externalId: string;
  sender: string;
  now: Date;
  /** Count this turn in the sender's hourly quota. */
  countQuota: boolean;
  /** The conversation's dialog-state key: its state is read in the same round trip. */
  stateKey: string;
}

/**
 * A claim whose turn has kept no replies after this long was abandoned (its process died, or the database went
 * away before the turn could be written or released): the provider's next retry takes it over. Twilio gives up on a
 * webhook after 15 s, so no turn still worth answering runs this long.
 */
export const ABANDONED_CLAIM_MS = 60_000;

/**
 * Every webhook turn starts with this one statement: claim the message id (or take over an abandoned claim);
 * when it is new and the quota counts,
 * count the turn in the sender's fixed one-hour window (atomic, safe across processes; `limit + 1` is the first
 * turn over the limit); read the replies kept for a duplicate; and read the sender's contact (the same join as
 * ContactRepository.resolve), the conversation's dialog state for the engine, and whether the sender has a question
 * open (an SMS follow-up goes to it; asked here instead of in a statement of its own on every SMS turn).
 */
// A duplicate gets the kept replies only when it comes from the same sender: a reused (or forged) message id from
// another number must not read someone else's answers.
const CLAIM = `WITH claim AS (
    INSERT INTO "InboundMessage" ("channel", "externalId", "sender", "receivedAt") VALUES ($1::"Channel", $2, $3, $4::timestamp)
    ON CONFLICT ("channel", "externalId") DO UPDATE SET "receivedAt" = EXCLUDED."receivedAt"
      WHERE "InboundMessage"."replies" IS NULL AND "InboundMessage"."receivedAt" <= $8::timestamp
    RETURNING 1 AS ok
  ), quota AS (
    INSERT INTO "SenderQuota" ("channel", "address", "windowStart", "count")
    SELECT $1::"Channel", $3, $4::timestamp, 1 WHERE $6::boolean AND EXISTS (SELECT 1 FROM claim)
    ON CONFLICT ("channel", "address") DO UPDATE SET
      "count" = CASE WHEN "SenderQuota"."windowStart" <= $5::timestamp THEN 1 ELSE "SenderQuota"."count" + 1 END,
      "windowStart" = CASE WHEN "SenderQuota"."windowStart" <= $5::timestamp THEN $4::timestamp ELSE "SenderQuota"."windowStart" END
    RETURNING "count"
  )
  SELECT (SELECT count(*) FROM claim)::int AS "claimed", (SELECT "count" FROM quota) AS "count",
         (SELECT "replies" FROM "InboundMessage" WHERE "channel" = $1::"Channel" AND "externalId" = $2 AND "sender" = $3) AS "replies",
         ${CONTACT_SUMMARY_COLUMNS}, s."data" AS "stateData", s."eTag" AS "stateETag",
         EXISTS (SELECT 1 FROM "QuestionThread" t WHERE t."residentId" = c."id" AND t."bulletinId" IS NULL
                   AND t."status"::text = ANY($9::text[])) AS "openQuestion"
  FROM (SELECT 1) AS one
  LEFT JOIN ("ContactIdentity" i JOIN "Contact" c ON c."id" = i."contactId") ON i."channel" = $1::"Channel" AND i."address" = $3
  LEFT JOIN "DialogState" s ON s."key" = $7`;

interface ClaimRow {
  claimed: number;
  count: number | null;
  replies: Reply[] | string | null;
  id: number | null;
  locale: string;
  localeChosen: boolean | null;
  status: string;
  role: string;
  stateData: object | string | null;
  stateETag: string | null;
  openQuestion: boolean;
}

export class InboundRepository {
  constructor(private readonly db: Pick<Database, 'sql'>) {}

  async claim(q: ClaimRequest): Promise<ClaimResult> {
    const [r] = await this.db.sql<ClaimRow>(CLAIM, [
      channelEnum(q.channel),
      q.externalId,
      q.sender,
      sqlTimestamp(q.now),
      sqlTimestamp(new Date(q.now.getTime() - 3600_000)),
      q.countQuota,
      q.stateKey,
      sqlTimestamp(new Date(q.now.getTime() - ABANDONED_CLAIM_MS)),
      [...OPEN_QUESTION_STATUSES],
    ]);
    if (r!.claimed === 0)
      return { duplicate: true, replies: typeof r!.replies === 'string' ? (JSON.parse(r!.replies) as Reply[]) : r!.replies };
    return {
      duplicate: false,
      count: r!.count === null ? undefined : Number(r!.count),
      preload: {
        contact:
          r!.id === null
            ? undefined
            : contactSummary({ id: r!.id, locale: r!.locale, status: r!.status, role: r!.role, localeChosen: r!.localeChosen }, false),
        state: r!.stateData === null ? undefined : storedItem(r!.stateData, r!.stateETag!),
        openQuestion: r!.openQuestion === true,
      },
    };
  }

  /** Keeps replies given outside a dialog turn (the quota notice), for the provider's retry. */
  async saveReplies(channel: ChannelKind, externalId: string, replies: Reply[]): Promise<void> {
    // No error when the row is gone (erased meanwhile).
    await this.db.sql(`UPDATE "InboundMessage" SET "replies" = $3::jsonb WHERE "channel" = $1::"Channel" AND "externalId" = $2`, [
      channelEnum(channel),
      externalId,
      JSON.stringify(replies),
    ]);
  }

  /** Forgets a claim whose turn failed, so that the provider's retry is processed. */
  async release(channel: ChannelKind, externalId: string): Promise<void> {
    await this.db.sql(`DELETE FROM "InboundMessage" WHERE "channel" = $1::"Channel" AND "externalId" = $2`, [
      channelEnum(channel),
      externalId,
    ]);
  }
}
