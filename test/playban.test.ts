import assert from "node:assert/strict";
import { DEFAULT_PLAYBAN, queueCooldown } from "../lobby/playban";

const MIN = 60_000;
const NOW = 10 * 24 * 60 * MIN;

describe("queue cooldowns for abandoning (pure)", () => {
  it("no abandons, no cooldown", () => {
    assert.equal(queueCooldown([], NOW), null);
  });

  it("the first abandon in the window is free", () => {
    assert.equal(queueCooldown([NOW - MIN], NOW), null);
  });

  it("then 2, 4, 8 minutes from the latest abandon", () => {
    assert.deepEqual(queueCooldown([NOW - 10 * MIN, NOW], NOW), { until: NOW + 2 * MIN });
    assert.deepEqual(queueCooldown([NOW - 10 * MIN, NOW - 5 * MIN, NOW], NOW), { until: NOW + 4 * MIN });
    assert.deepEqual(queueCooldown([NOW - 3, NOW - 2, NOW - 1, NOW], NOW), { until: NOW + 8 * MIN });
  });

  it("is capped at 60 minutes", () => {
    const many = Array.from({ length: 20 }, (_, i) => NOW - i);
    assert.deepEqual(queueCooldown(many, NOW), { until: NOW + DEFAULT_PLAYBAN.maxCooldownMs });
  });

  it("abandons older than 24 hours are forgiven", () => {
    const day = DEFAULT_PLAYBAN.windowMs;
    assert.equal(queueCooldown([NOW - day - 1, NOW], NOW), null);
    assert.notEqual(queueCooldown([NOW - day, NOW], NOW), null);
  });

  it("counts abandons in any order, ignoring any after now", () => {
    assert.deepEqual(queueCooldown([NOW, NOW - 10 * MIN, NOW - 5 * MIN], NOW), { until: NOW + 4 * MIN });
    assert.deepEqual(queueCooldown([NOW - 10 * MIN, NOW - MIN, NOW + MIN], NOW), { until: NOW + MIN });
  });

  it("follows a custom policy", () => {
    const strict = { windowMs: 60 * MIN, freeAbandons: 0, baseCooldownMs: MIN, factor: 3, maxCooldownMs: 30 * MIN };
    assert.deepEqual(queueCooldown([NOW], NOW, strict), { until: NOW + MIN });
    assert.deepEqual(queueCooldown([NOW - 1, NOW], NOW, strict), { until: NOW + 3 * MIN });
    assert.deepEqual(queueCooldown([NOW - 2, NOW - 1, NOW], NOW, strict), { until: NOW + 9 * MIN });
    assert.deepEqual(queueCooldown([NOW - 3, NOW - 2, NOW - 1, NOW], NOW, strict), { until: NOW + 27 * MIN });
    assert.deepEqual(queueCooldown([NOW - 4, NOW - 3, NOW - 2, NOW - 1, NOW], NOW, strict), { until: NOW + 30 * MIN });
    assert.equal(queueCooldown([NOW - 61 * MIN], NOW, strict), null);
  });

  it("a cooldown that has run out is no cooldown", () => {
    assert.deepEqual(queueCooldown([NOW - 10 * MIN, NOW - 3 * MIN], NOW - 2 * MIN), { until: NOW - MIN });
    assert.equal(queueCooldown([NOW - 10 * MIN, NOW - 3 * MIN], NOW - MIN), null);
    assert.equal(queueCooldown([NOW - 10 * MIN, NOW - 3 * MIN], NOW), null);
  });
});
