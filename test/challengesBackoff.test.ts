import assert from "node:assert/strict";
import { BACKOFF_WINDOW_MS, backoffUntil, forgotten, withDecline, type BackoffPolicy, type DeclineTimes } from "../lobby/challengeBackoff";

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = 10 * 24 * HOUR;
const policy: BackoffPolicy = { baseMs: MIN, maxMs: HOUR, windowMs: BACKOFF_WINDOW_MS };

/** The decline times after declining at each of `times`, in order. */
function declined(times: number[], p: BackoffPolicy = policy): DeclineTimes {
  return times.reduce<DeclineTimes>((list, t) => withDecline(list, t, p), []);
}

describe("challenge backoff after declines (pure)", () => {
  it("no declines, no wait", () => {
    assert.equal(backoffUntil([], NOW, policy), null);
  });

  it("waits 1 min after one decline, doubling per decline in 24 h, at most 1 h", () => {
    const expected = [1, 2, 4, 8, 16, 32, 60, 60, 60, 60];
    for (let n = 1; n <= expected.length; n++) {
      // n declines a second apart, the latest at NOW.
      const times = Array.from({ length: n }, (_, i) => NOW - (n - 1 - i) * 1000);
      const list = declined(times);
      assert.equal(backoffUntil(list, NOW, policy), NOW + expected[n - 1] * MIN, `after ${n} declines`);
      assert.equal(backoffUntil(list, NOW + expected[n - 1] * MIN - 1, policy), NOW + expected[n - 1] * MIN, "still refused a millisecond before");
      assert.equal(backoffUntil(list, NOW + expected[n - 1] * MIN, policy), null, `free again after ${expected[n - 1]} min`);
    }
  });

  it("counts from the latest decline", () => {
    const list = declined([NOW - 30 * MIN, NOW]);
    assert.equal(backoffUntil(list, NOW + MIN, policy), NOW + 2 * MIN);
  });

  it("declines older than 24 h no longer count", () => {
    const old = NOW - BACKOFF_WINDOW_MS;
    const list = declined([old - 2 * HOUR, old - HOUR, old, NOW]);
    assert.equal(backoffUntil(list, NOW, policy), NOW + MIN, "only the decline inside the window counts");
    const justInside = declined([NOW - BACKOFF_WINDOW_MS + 1, NOW]);
    assert.equal(backoffUntil(justInside, NOW, policy), NOW + 2 * MIN);
  });

  it("keeps only the declines that can still change the wait", () => {
    const many = declined(Array.from({ length: 50 }, (_, i) => NOW - (49 - i) * MIN));
    assert.equal(many.length, 7, "1, 2, 4, … 64 min: seven declines reach the hour");
    assert.equal(backoffUntil(many, NOW, policy), NOW + HOUR);
    assert.deepEqual(withDecline([NOW - BACKOFF_WINDOW_MS - 1], NOW, policy), [NOW], "one outside the window is dropped");
  });

  it("a base of 0 is no backoff; a max below the base caps the first wait", () => {
    const off = { ...policy, baseMs: 0 };
    assert.equal(backoffUntil(declined([NOW, NOW], off), NOW, off), null);
    const capped = { ...policy, baseMs: 10 * MIN, maxMs: 5 * MIN };
    assert.equal(backoffUntil(declined([NOW], capped), NOW, capped), NOW + 5 * MIN);
    assert.equal(declined([NOW - 2, NOW - 1, NOW], capped).length, 1);
  });

  it("a pair is forgotten once its latest decline is 24 h old", () => {
    assert.equal(forgotten([], NOW, policy), true);
    const list = declined([NOW]);
    assert.equal(forgotten(list, NOW + BACKOFF_WINDOW_MS - 1, policy), false);
    assert.equal(forgotten(list, NOW + BACKOFF_WINDOW_MS, policy), true);
    assert.equal(backoffUntil(list, NOW + BACKOFF_WINDOW_MS, policy), null, "a forgotten pair has no wait");
  });
});
