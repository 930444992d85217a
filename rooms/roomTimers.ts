import type { Clock } from "./deps";

interface Pending {
  /** When it is due, on the clock. */
  at: number;
  fn: () => void;
  handle: unknown;
}

/**
 * A room's timers by name, on the injected clock. Setting one replaces the pending one of that name, a timer that
 * has fired is no longer pending, and one that throws goes to `onError`: a room timer never takes the process down.
 *
 * Setting a name again for no earlier than it was due (a turn clock restarted by every move) keeps the clock's
 * timer and only moves the deadline: when it fires early, it waits out the rest. A move then sets no timer at all.
 */
export class RoomTimers<Name extends string> {
  private pending = new Map<Name, Pending>();

  constructor(
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Runs `fn` once, `ms` from now, instead of whatever `name` was set to. */
  set(name: Name, ms: number, fn: () => void) {
    const at = this.clock.now() + ms;
    const current = this.pending.get(name);
    if (current && current.at <= at) {
      current.at = at;
      current.fn = fn;
      return;
    }
    this.clear(name);
    const timer: Pending = { at, fn, handle: undefined };
    this.pending.set(name, timer);
    this.arm(name, timer, ms);
  }

  isPending(name: Name): boolean {
    return this.pending.has(name);
  }

  clear(name: Name) {
    const timer = this.pending.get(name);
    if (!timer) return;
    this.clock.clearTimeout(timer.handle);
    this.pending.delete(name);
  }

  clearAll() {
    for (const name of [...this.pending.keys()]) this.clear(name);
  }

  private arm(name: Name, timer: Pending, ms: number) {
    timer.handle = this.clock.setTimeout(() => {
      if (this.pending.get(name) !== timer) return;
      const left = timer.at - this.clock.now();
      if (left > 0) return this.arm(name, timer, left);
      this.pending.delete(name);
      try {
        timer.fn();
      } catch (error) {
        this.onError(error);
      }
    }, ms);
  }
}
