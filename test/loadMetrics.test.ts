import assert from "node:assert/strict";
import client from "prom-client";
import { bucketDelta, bucketQuantile, countAbove, histogramBuckets, parsePromText, sumOf } from "../loadtest/promText";
import { checkTargets, serverFigures } from "../loadtest/run";

/** A real prom-client histogram's exposition, so the parser reads what the server writes. */
async function exposition(observe: (h: client.Histogram, c: client.Counter) => void, buckets = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05]) {
  const registry = new client.Registry();
  const h = new client.Histogram({ name: "t_seconds", help: "h", labelNames: ["game"], buckets, registers: [registry] });
  const c = new client.Counter({ name: "t_total", help: "c", labelNames: ["game"], registers: [registry] });
  observe(h, c);
  return parsePromText(await registry.metrics());
}

describe("load runner: reading /metrics over a window", () => {
  it("parses samples with labels, sums over label sets, and skips comments", async () => {
    const samples = await exposition((h, c) => {
      c.inc({ game: "a" }, 2);
      c.inc({ game: 'b"\\x' }, 3);
      h.observe({ game: "a" }, 0.003);
    });
    assert.equal(sumOf(samples, "t_total"), 5);
    assert.equal(sumOf(samples, "t_total", { game: 'b"\\x' }), 3);
    assert.equal(sumOf(samples, "t_seconds_count"), 1);
    assert.equal(sumOf(samples, "absent_total"), null);
    assert.ok(samples.every((s) => !s.name.startsWith("#")));
  });

  it("histogram buckets are summed over the other labels, cumulative, +Inf last", async () => {
    const samples = await exposition((h) => {
      h.observe({ game: "a" }, 0.0015);
      h.observe({ game: "b" }, 0.0015);
      h.observe({ game: "b" }, 0.03);
      h.observe({ game: "b" }, 7);
    });
    const b = histogramBuckets(samples, "t_seconds")!;
    assert.deepEqual(b.le, [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, Infinity]);
    assert.deepEqual(b.counts, [0, 2, 2, 2, 2, 3, 4]);
    assert.equal(histogramBuckets(samples, "nothing"), null);
  });

  it("the quantile of a window comes from the difference of two scrapes, not from the totals", async () => {
    // Before the window: 1,000 slow observations. In it: 100 fast ones. The window's p99 must be fast.
    const registry = new client.Registry();
    const h = new client.Histogram({ name: "w_seconds", help: "h", buckets: [0.001, 0.002, 0.005, 0.01, 0.05], registers: [registry] });
    for (let i = 0; i < 1000; i++) h.observe(0.04);
    const before = histogramBuckets(parsePromText(await registry.metrics()), "w_seconds");
    for (let i = 0; i < 100; i++) h.observe(0.0015);
    const after = histogramBuckets(parsePromText(await registry.metrics()), "w_seconds")!;
    const window = bucketDelta(before, after);
    assert.deepEqual(window.counts, [0, 100, 100, 100, 100, 100]);
    // Linear within the (1 ms, 2 ms] bucket, as Prometheus's histogram_quantile.
    assert.ok(Math.abs(bucketQuantile(0.5, window) - 0.0015) < 1e-12);
    assert.ok(Math.abs(bucketQuantile(0.99, window) - 0.00199) < 1e-12);
    // Over the whole life the p99 is the slow bucket's.
    assert.ok(bucketQuantile(0.99, after) > 0.01);
    assert.equal(countAbove(0.002, window), 0);
    assert.equal(countAbove(0.01, after), 1000);
    assert.throws(() => countAbove(0.003, window));
  });

  it("quantiles at the edges: empty, first bucket, and the +Inf bucket (a floor)", () => {
    assert.ok(Number.isNaN(bucketQuantile(0.99, { le: [0.001, Infinity], counts: [0, 0] })));
    assert.equal(bucketQuantile(0.5, { le: [0.001, 0.002, Infinity], counts: [10, 10, 10] }), 0.0005);
    assert.equal(bucketQuantile(0.99, { le: [0.001, 0.002, Infinity], counts: [1, 1, 10] }), 0.002);
  });

  it("server figures and targets from two scrapes", async () => {
    const registry = new client.Registry();
    const cpu = new client.Counter({ name: "parlor_process_cpu_seconds_total", help: "c", registers: [registry] });
    const matches = new client.Counter({ name: "parlor_matches_total", help: "m", labelNames: ["game"], registers: [registry] });
    const moves = new client.Histogram({ name: "parlor_move_seconds", help: "m", labelNames: ["game"], buckets: [0.001, 0.005, 0.01], registers: [registry] });
    const loop = new client.Histogram({ name: "parlor_event_loop_delay_seconds", help: "l", buckets: [0.001, 0.005, 0.02, 0.1], registers: [registry] });
    const max = new client.Gauge({ name: "parlor_event_loop_delay_max_seconds", help: "x", registers: [registry] });
    cpu.inc(100);
    matches.inc({ game: "a" }, 50);
    moves.observe({ game: "a" }, 0.008);
    const before = { at: 0, servers: [parsePromText(await registry.metrics())], runQueueWaitMs: 10 };
    cpu.inc(5); // 5 s of CPU in 10 s: 50% of a core
    matches.inc({ game: "a" }, 600);
    matches.inc({ game: "b" }, 400);
    for (let i = 0; i < 1000; i++) moves.observe({ game: i % 2 ? "a" : "b" }, 0.0005);
    for (let i = 0; i < 999; i++) loop.observe(0.0005);
    loop.observe(0.03);
    max.set(0.031);
    const after = { at: 10_000, servers: [parsePromText(await registry.metrics())], runQueueWaitMs: 25 };
    const figures = serverFigures(before, after);
    assert.equal(figures.cpuPercent, 50);
    assert.equal(figures.matchesRecorded, 1000);
    assert.equal(figures.cpuMsPerMatch, 5);
    assert.equal(figures.runQueueWaitMs, 15);
    assert.equal(figures.moveMs.count, 1000);
    assert.ok(figures.moveMs.p99! < 1, `move p99 ${figures.moveMs.p99} ms: the slow move before the window does not count`);
    assert.equal(figures.loopDelayMs.samples, 1000);
    assert.equal(figures.loopDelayMs.over20ms, 1);
    assert.equal(figures.loopDelayMs.max, 31);

    const targets = checkTargets({ errors: {}, database: { checked: true, matchesSeen: 1, finishedByGame: {}, missing: [], wrongWinner: [], problems: [] }, server: figures, moveRoundTripMs: { p50: 2, p95: 10, p99: 60, count: 5 } });
    const met = Object.fromEntries(targets.map((t) => [t.name, t.met]));
    assert.deepEqual(met, {
      errors: true,
      "database check": true,
      "server event-loop delay p99": true,
      "server event-loop delay max": false,
      "server-side move p99": true,
      "bot-side move round trip p99": false,
      "server CPU": true,
    });
    // Without /metrics, the server's targets are unknown rather than met.
    const blind = checkTargets({ errors: { X: 1 }, database: { checked: false, matchesSeen: 0, finishedByGame: {}, missing: [], wrongWinner: [], problems: [] }, server: serverFigures(null, null), moveRoundTripMs: { p50: NaN, p95: NaN, p99: NaN, count: 0 } });
    assert.deepEqual(blind.map((t) => t.met), [false, null, null, null, null, null, null]);
  });
});
