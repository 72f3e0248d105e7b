/**
 * What a failed send means for its delivery, decided in one place (as courier's status tables): a provider outage
 * (the attempt does not count; the channel pauses), a retry later (429 with its retry-after, 5xx, network, with
 * exponential backoff), or a final failure (a permanent error, the contact opted out or blocked the bot, or no
 * attempts left).
 */
import { ProviderError } from '../channels/outbound.js';

export type FailureDecision =
  | { kind: 'outage'; code: string; message: string }
  | { kind: 'retry'; code: string; message: string; backoffMs: number }
  | { kind: 'fail'; code: string; message: string; contactStopped: boolean };

/** Any error from a send as a ProviderError (an unknown error counts as a network failure: worth retrying). */
export function asProviderError(err: unknown, provider: string): ProviderError {
  return err instanceof ProviderError
    ? err
    : new ProviderError(err instanceof Error ? err.message : String(err), { provider, permanent: false, network: true });
}

/**
 * Classifies a failed send. `outageSuspected` is the channel's circuit breaker saying this failure (a transient
 * one) is part of a run of failures across deliveries, i.e. the provider is down rather than this message bad.
 */
export function classifyFailure(
  e: ProviderError,
  attempts: number,
  maxAttempts: number,
  outageSuspected: (e: ProviderError) => boolean,
): FailureDecision {
  const code = e.code ?? (e.network ? 'network' : String(e.status ?? 'unknown'));
  const message = e.message.slice(0, 500);
  const transient = !e.permanent && !e.contactStopped && !e.retryAfterSeconds && e.status !== 429;
  if (transient && outageSuspected(e)) return { kind: 'outage', code, message };
  if (e.permanent || e.contactStopped || attempts >= maxAttempts)
    return { kind: 'fail', code, message, contactStopped: Boolean(e.contactStopped) };
  const backoffMs = e.retryAfterSeconds ? e.retryAfterSeconds * 1000 : Math.min(300_000, 1000 * 2 ** (attempts - 1));
  return { kind: 'retry', code, message, backoffMs };
}
