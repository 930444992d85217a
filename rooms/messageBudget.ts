/** What a client's next message may do: be handled, be answered RATE_LIMITED (once a window), be dropped, or close the client. */
export type BudgetVerdict = "handle" | "warn" | "drop" | "close";

/**
 * One client's message budget: `perSecond` messages in each one-second window; past that, one warning a window;
 * past three times that, the client is closed. Synchronous, so a move never waits on it.
 * One budget per connection (not per session): a client that reconnects starts afresh.
 */
export class MessageBudget {
  private windowStart = -Infinity;
  private used = 0;
  private warned = false;

  constructor(private readonly perSecond: number) {}

  spend(now: number): BudgetVerdict {
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.used = 0;
      this.warned = false;
    }
    this.used++;
    if (this.used <= this.perSecond) return "handle";
    if (this.used > this.perSecond * 3) return "close";
    if (this.warned) return "drop";
    this.warned = true;
    return "warn";
  }
}
