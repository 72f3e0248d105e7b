/** A token bucket: at most `perSecond` acquisitions per second on average, bursts up to `burst`. */
export class RateLimiter {
  private tokens: number;
  private last = Date.now();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly burst = Math.max(1, Math.floor(perSecond)),
  ) {
    this.tokens = 1; // start nearly empty: a fresh process must not burst over the provider's limit
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
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - this.tokens) / this.perSecond) * 1000)));
    }
  }
}
