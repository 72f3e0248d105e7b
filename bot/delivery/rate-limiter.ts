/**
 * A token bucket: at most `perSecond` acquisitions per second. By default no bursts and a 1.5% margin, because
 * providers count in sliding windows and network jitter bunches requests: the goal is zero 429s.
 */
export class RateLimiter {
  private tokens: number;
  private last = Date.now();
  private queue: Promise<void> = Promise.resolve();
  private readonly perSecond: number;

  constructor(
    perSecond: number,
    private readonly burst = 1,
    margin = 0.015,
  ) {
    this.perSecond = perSecond * (1 - margin);
    this.tokens = 1;
  }

  acquire(): Promise<void> {
    if (!Number.isFinite(this.perSecond)) return Promise.resolve();
    const next = this.queue.then(() => this.take());
    this.queue = next;
    return next;
  }

  private async take(): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.max(1, ((1 - this.tokens) / this.perSecond) * 1000)));
    }
  }
}
