import type { Clock } from "./deps";

/**
 * A room's timers by name, on the injected clock. Setting one replaces the pending one of that name, a timer that
 * has fired is no longer pending, and one that throws goes to `onError`: a room timer never takes the process down.
 */
export class RoomTimers<Name extends string> {
  private pending = new Map<Name, unknown>();

  constructor(
    private readonly clock: Clock,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Runs `fn` once, `ms` from now, instead of whatever `name` was set to. */
  set(name: Name, ms: number, fn: () => void) {
    this.clear(name);
    const handle = this.clock.setTimeout(() => {
      if (this.pending.get(name) === handle) this.pending.delete(name);
      try {
        fn();
      } catch (error) {
        this.onError(error);
      }
    }, ms);
    this.pending.set(name, handle);
  }

  isPending(name: Name): boolean {
    return this.pending.has(name);
  }

  clear(name: Name) {
    if (!this.pending.has(name)) return;
    this.clock.clearTimeout(this.pending.get(name));
    this.pending.delete(name);
  }

  clearAll() {
    for (const name of [...this.pending.keys()]) this.clear(name);
  }
}
