import assert from "node:assert/strict";
import type { Clock } from "../rooms/deps";
import { RoomTimers } from "../rooms/roomTimers";

/** A clock that moves only when the test says so. */
class TestClock implements Clock {
  private time = 0;
  private queue: { at: number; fn: () => void; handle: number }[] = [];
  private handles = 0;
  now = () => this.time;
  setTimeout = (fn: () => void, ms: number) => {
    const handle = ++this.handles;
    this.queue.push({ at: this.time + ms, fn, handle });
    return handle;
  };
  clearTimeout = (handle: unknown) => {
    this.queue = this.queue.filter((t) => t.handle !== handle);
  };
  get waiting() {
    return this.queue.length;
  }
  advance(ms: number) {
    const until = this.time + ms;
    for (;;) {
      const due = this.queue.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.handle - b.handle)[0];
      if (!due) break;
      this.queue.splice(this.queue.indexOf(due), 1);
      this.time = due.at;
      due.fn();
    }
    this.time = until;
  }
}

describe("room timers on the injected clock", () => {
  let clock: TestClock;
  let errors: unknown[];
  let timers: RoomTimers<"turn" | "bot" | "close">;
  beforeEach(() => {
    clock = new TestClock();
    errors = [];
    timers = new RoomTimers(clock, (error) => errors.push(error));
  });

  it("runs a timer once, when it is due, and then it is no longer pending", () => {
    const fired: number[] = [];
    timers.set("turn", 1000, () => fired.push(clock.now()));
    assert.equal(timers.isPending("turn"), true);
    clock.advance(999);
    assert.deepEqual(fired, []);
    clock.advance(1);
    assert.deepEqual(fired, [1000]);
    assert.equal(timers.isPending("turn"), false);
    clock.advance(10_000);
    assert.deepEqual(fired, [1000]);
  });

  it("setting a name again replaces its timer: a turn clock restarts", () => {
    const fired: string[] = [];
    timers.set("turn", 1000, () => fired.push("first"));
    clock.advance(600);
    timers.set("turn", 1000, () => fired.push("second"));
    assert.equal(clock.waiting, 1, "the first was cleared from the clock");
    clock.advance(600);
    assert.deepEqual(fired, []);
    clock.advance(400);
    assert.deepEqual(fired, ["second"]);
  });

  it("names are independent; clear and clearAll stop them", () => {
    const fired: string[] = [];
    timers.set("turn", 100, () => fired.push("turn"));
    timers.set("bot", 100, () => fired.push("bot"));
    timers.set("close", 100, () => fired.push("close"));
    timers.clear("bot");
    timers.clear("bot");
    assert.equal(timers.isPending("bot"), false);
    clock.advance(100);
    assert.deepEqual(fired, ["turn", "close"]);
    timers.set("turn", 100, () => fired.push("turn"));
    timers.set("bot", 100, () => fired.push("bot"));
    timers.clearAll();
    assert.equal(clock.waiting, 0);
    clock.advance(1000);
    assert.deepEqual(fired, ["turn", "close"]);
  });

  it("a timer may set its own name again (a bot thinking about its next move)", () => {
    const fired: number[] = [];
    const think = () =>
      timers.set("bot", 50, () => {
        fired.push(clock.now());
        if (fired.length < 3) think();
      });
    think();
    clock.advance(1000);
    assert.deepEqual(fired, [50, 100, 150]);
    assert.equal(timers.isPending("bot"), false);
  });

  it("a timer that throws is reported and the others still run", () => {
    const fired: string[] = [];
    timers.set("turn", 10, () => {
      throw new Error("boom");
    });
    timers.set("close", 20, () => fired.push("close"));
    clock.advance(20);
    assert.equal(errors.length, 1);
    assert.equal((errors[0] as Error).message, "boom");
    assert.deepEqual(fired, ["close"]);
    assert.equal(timers.isPending("turn"), false);
  });

  it("a timer set again for later keeps one clock timer and fires only at the new time; set for earlier, it fires earlier", () => {
    const fired: string[] = [];
    const push = (name: string) => () => void fired.push(name);
    timers.set("turn", 1000, push("first"));
    for (let i = 1; i <= 5; i++) {
      clock.advance(100);
      timers.set("turn", 1000, push(`move ${i}`));
    }
    assert.equal(clock.waiting, 1, "one timer on the clock however often it is set");
    clock.advance(999);
    assert.deepEqual(fired, [], "not at the first deadline (1000), nor before the last (1500)");
    clock.advance(1);
    assert.deepEqual(fired, ["move 5"]);
    assert.equal(timers.isPending("turn"), false);

    timers.set("turn", 1000, push("late"));
    clock.advance(100);
    timers.set("turn", 50, push("early"));
    clock.advance(50);
    assert.deepEqual(fired, ["move 5", "early"]);
    clock.advance(2000);
    assert.deepEqual(fired, ["move 5", "early"], "the replaced timer never runs");
  });
});
