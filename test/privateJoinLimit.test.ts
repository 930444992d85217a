import assert from "node:assert/strict";
import {
  blockedUntil,
  forgotten,
  joinRefusal,
  limitKeys,
  PRIVATE_JOIN_WINDOW_MS as WINDOW,
  withFailure,
  type FailureTimes,
  type PrivateJoinLimits,
} from "../lobby/privateJoinLimit";

const NOW = 1_000_000_000;
const LIMITS: PrivateJoinLimits = { perPlayer: 10, perAddress: 30 };

/** What the lobby does with one wrong code: refused if over a limit, else counted as a failure on every key. */
function attempt(failures: Map<string, FailureTimes>, playerId: string, address: string | undefined, now: number, limits = LIMITS) {
  const keys = limitKeys(playerId, address, limits);
  const refusal = joinRefusal(failures, keys, now, WINDOW);
  if (refusal) return refusal;
  for (const { key, limit } of keys) failures.set(key, withFailure(failures.get(key) ?? [], limit, now, WINDOW));
  return null;
}

describe("limits on failed private:join attempts (pure)", () => {
  it("counts against the player, and the address when there is one", () => {
    assert.deepEqual(limitKeys("p1", "10.0.0.7", LIMITS), [
      { key: "player:p1", by: "player", limit: 10 },
      { key: "address:10.0.0.7", by: "address", limit: 30 },
    ]);
    assert.deepEqual(limitKeys("p1", undefined, LIMITS), [{ key: "player:p1", by: "player", limit: 10 }], "no address: per player only");
    assert.deepEqual(limitKeys("p1", "", LIMITS), [{ key: "player:p1", by: "player", limit: 10 }]);
  });

  it("a limit of 0 is unlimited", () => {
    assert.deepEqual(limitKeys("p1", "10.0.0.7", { perPlayer: 0, perAddress: 0 }), []);
    assert.equal(blockedUntil([NOW, NOW, NOW], 0, NOW, WINDOW), null);
    assert.deepEqual(withFailure([NOW], 0, NOW, WINDOW), []);
    const failures = new Map<string, FailureTimes>();
    for (let i = 0; i < 1000; i++) assert.equal(attempt(failures, "p1", "10.0.0.7", NOW + i, { perPlayer: 0, perAddress: 0 }), null);
    assert.equal(failures.size, 0, "nothing is kept when nothing is limited");
  });

  it("below the limit nothing is refused; at it, refused until the oldest counted failure is a window old", () => {
    let times: FailureTimes = [];
    for (let i = 0; i < 9; i++) {
      times = withFailure(times, 10, NOW + i * 1000, WINDOW);
      assert.equal(blockedUntil(times, 10, NOW + i * 1000, WINDOW), null);
    }
    times = withFailure(times, 10, NOW + 9000, WINDOW);
    assert.equal(blockedUntil(times, 10, NOW + 9000, WINDOW), NOW + WINDOW);
    assert.equal(blockedUntil(times, 10, NOW + WINDOW - 1, WINDOW), NOW + WINDOW);
    assert.equal(blockedUntil(times, 10, NOW + WINDOW, WINDOW), null, "the window has passed for the oldest");
  });

  it("keeps at most the limit of failure times, and none outside the window", () => {
    let times: FailureTimes = [];
    for (let i = 0; i < 50; i++) times = withFailure(times, 10, NOW + i, WINDOW);
    assert.equal(times.length, 10);
    assert.deepEqual(times, Array.from({ length: 10 }, (_, i) => NOW + 40 + i));
    assert.deepEqual(withFailure([NOW - WINDOW, NOW - WINDOW + 1], 10, NOW, WINDOW), [NOW - WINDOW + 1, NOW]);
  });

  it("forgets a key once its latest failure is a window old", () => {
    assert.equal(forgotten([], NOW, WINDOW), true);
    assert.equal(forgotten([NOW - 5000, NOW - WINDOW + 1], NOW, WINDOW), false);
    assert.equal(forgotten([NOW - 2 * WINDOW, NOW - WINDOW], NOW, WINDOW), true);
  });

  it("says which limit refused: the player's before the address's", () => {
    const failures = new Map<string, FailureTimes>([
      ["player:p1", Array(10).fill(NOW)],
      ["address:10.0.0.7", Array(30).fill(NOW - 1000)],
    ]);
    const keys = limitKeys("p1", "10.0.0.7", LIMITS);
    assert.deepEqual(joinRefusal(failures, keys, NOW, WINDOW), { by: "player", until: NOW + WINDOW });
    assert.deepEqual(joinRefusal(failures, keys.slice(1), NOW, WINDOW), { by: "address", until: NOW - 1000 + WINDOW });
    assert.equal(joinRefusal(new Map(), keys, NOW, WINDOW), null);
  });

  it("one player guessing as fast as messages allow gets 10 failures a minute, no more", () => {
    const failures = new Map<string, FailureTimes>();
    const counted: number[] = [];
    // 20 messages a second for five minutes.
    for (let t = NOW; t < NOW + 5 * WINDOW; t += 50) if (attempt(failures, "p1", undefined, t) === null) counted.push(t);
    assert.equal(counted.length, 50);
    for (const start of counted) {
      const inWindow = counted.filter((t) => t >= start && t < start + WINDOW).length;
      assert.ok(inWindow <= 10, `${inWindow} failures within a minute from ${start - NOW} ms`);
    }
  });

  it("many players from one address share its 30 a minute; another address and its players are not affected", () => {
    const failures = new Map<string, FailureTimes>();
    let counted = 0;
    // 64 guest accounts on one address, each guessing at 20 a second for a minute.
    for (let t = NOW; t < NOW + WINDOW; t += 50) {
      for (let p = 0; p < 64; p++) if (attempt(failures, `guesser${p}`, "203.0.113.9", t) === null) counted++;
    }
    assert.equal(counted, 30);
    const refusal = attempt(failures, "newcomer", "203.0.113.9", NOW + WINDOW - 1);
    assert.equal(refusal?.by, "address", "a fresh player on that address is refused too");
    assert.equal(attempt(failures, "neighbour", "198.51.100.1", NOW + WINDOW - 1), null, "another address is not");
    assert.equal(attempt(failures, "guesser0", "203.0.113.9", NOW + WINDOW), null, "a window after the first failure, one more try");
  });

  it("a player switching addresses is still limited as a player", () => {
    const failures = new Map<string, FailureTimes>();
    for (let i = 0; i < 10; i++) assert.equal(attempt(failures, "p1", `10.0.0.${i}`, NOW + i), null);
    assert.equal(attempt(failures, "p1", "10.0.0.99", NOW + 10)?.by, "player");
  });
});
