/**
 * What every channel does with an inbound message, in one place: de-duplicate by provider id, apply the sender's
 * reply quota, run the dialog turn. Channel adapters only verify, translate and render.
 */
import type { InboundActivity, Reply } from '../../dialogs/activity.js';
import type { DialogEngine } from '../../dialogs/engine.js';
import type { Clock } from '../../dialogs/ports.js';
import { recognizeGlobalCommand } from '../../dialogs/commands.js';
import { conversationStateKey } from '../../dialogs/state-key.js';
import { DEFAULT_LOCALE, t } from '../../dialogs/i18n/index.js';
import type { InboundRepository } from '../repositories/inbound.js';
import type { Logger } from '../logger.js';

export type InboundOutcome =
  | { kind: 'replies'; replies: Reply[] }
  /** The provider delivered a message again: the replies it got the first time (null: that turn still runs). */
  | { kind: 'duplicate'; replies: Reply[] | null }
  /** Over the sender's quota: one short notice for the first message over it, then silence (no replies). */
  | { kind: 'limited'; replies: Reply[] };

export interface PipelineDeps {
  engine: DialogEngine;
  inbound: InboundRepository;
  clock: Clock;
  logger: Logger;
  /** Turns per sender per hour, by channel; a channel without an entry is not limited. */
  quotas: Partial<Record<InboundActivity['channel'], number>>;
  metrics?: {
    inbound: { inc(l: { channel: string; outcome: string }): void };
    turnSeconds: { observe(l: { channel: string }, seconds: number): void };
  };
}

export class InboundPipeline {
  /**
   * Claims of failed turns that could not be released (the database was down): released when the provider's
   * retry reaches this process, so the retry is processed instead of answered as a duplicate. Claims that reach
   * another process are taken over after ABANDONED_CLAIM_MS (see InboundRepository.claim).
   */
  private readonly unreleased = new Set<string>();

  constructor(private readonly deps: PipelineDeps) {}

  async process(activity: InboundActivity): Promise<InboundOutcome> {
    const { inbound, engine, clock, quotas } = this.deps;
    const limit = quotas[activity.channel];
    const claimKey = `${activity.channel}:${activity.messageId}`;
    if (this.unreleased.has(claimKey)) {
      await inbound.release(activity.channel, activity.messageId);
      this.unreleased.delete(claimKey);
    }
    // One round trip: the message id, the quota, and the contact and dialog state the engine will need.
    const claim = await inbound.claim({
      channel: activity.channel,
      externalId: activity.messageId,
      sender: activity.from,
      now: clock.now(),
      countQuota: limit !== undefined,
      stateKey: conversationStateKey(activity),
    });
    if (claim.duplicate) {
      this.deps.metrics?.inbound.inc({ channel: activity.channel, outcome: 'duplicate' });
      return { kind: 'duplicate', replies: claim.replies };
    }
    try {
      if (limit !== undefined) {
        const count = claim.count ?? 1;
        const cmd = recognizeGlobalCommand(activity.text)?.kind;
        // STOP and START always work: opting out must never be blocked by a quota.
        if (count > limit && cmd !== 'stop' && cmd !== 'start') {
          this.deps.logger.warn({ channel: activity.channel, count, limit }, 'sender over reply quota');
          this.deps.metrics?.inbound.inc({ channel: activity.channel, outcome: 'over_quota' });
          const replies: Reply[] =
            count === limit + 1 ? [{ kind: 'text', text: t(claim.preload.contact?.locale ?? DEFAULT_LOCALE, 'rate_limited') }] : [];
          if (replies.length) await inbound.saveReplies(activity.channel, activity.messageId, replies);
          return { kind: 'limited', replies };
        }
      }
      const started = performance.now();
      const replies = await engine.handle(activity, claim.preload);
      const ms = performance.now() - started;
      this.deps.metrics?.turnSeconds.observe({ channel: activity.channel }, ms / 1000);
      this.deps.logger.info(
        { channel: activity.channel, messageId: activity.messageId, replies: replies.length, ms: Math.round(ms) },
        'turn',
      );
      this.deps.metrics?.inbound.inc({ channel: activity.channel, outcome: 'replied' });
      return { kind: 'replies', replies };
    } catch (err) {
      // Let the provider retry a message we could not process (database down): forget the claim.
      await inbound.release(activity.channel, activity.messageId).catch(() => {
        if (this.unreleased.size < 10_000) this.unreleased.add(claimKey);
      });
      throw err;
    }
  }
}
