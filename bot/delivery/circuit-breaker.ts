/**
 * Tells a provider outage from a bad message. Transient failures (5xx, network) of `threshold` different
 * deliveries in a row, with no success in between, mean the provider is down: the channel pauses (1 s, doubling
 * to `maxPauseMs`), then one probe goes out; a success closes the breaker. Failures while the breaker is open
 * are the provider's, not the message's, so they do not use up the delivery's attempts: a long outage delays
 * messages but loses none. One delivery failing again and again while others go through still fails on its own.
 */
export class CircuitBreaker {
  private streak = new Set<number>();
  private pauseMs = 0;
  private openUntil = 0;

  constructor(
    private readonly threshold = 3,
    private readonly maxPauseMs = 60_000,
  ) {}

  /** Paused: claim nothing on this channel before `resumeAt()`. */
  isOpen(now: number): boolean {
    return now < this.openUntil;
  }

  /** After a pause, before a success: send one delivery at a time. */
  isProbing(now: number): boolean {
    return this.pauseMs > 0 && now >= this.openUntil;
  }

  resumeAt(): Date {
    return new Date(this.openUntil);
  }

  success(): void {
    this.streak.clear();
    this.pauseMs = 0;
    this.openUntil = 0;
  }

  /** Records a transient failure; true when it is taken as an outage (the breaker is now open). */
  failure(deliveryId: number, now: number): boolean {
    this.streak.add(deliveryId);
    if (this.pauseMs === 0 && this.streak.size < this.threshold) return false;
    this.pauseMs = Math.min(this.maxPauseMs, Math.max(1000, this.pauseMs * 2));
    this.openUntil = now + this.pauseMs;
    return true;
  }

  get pausedForMs(): number {
    return this.pauseMs;
  }
}
