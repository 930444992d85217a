import { performance } from "node:perf_hooks";
import client from "prom-client";

/** Every metric Parlor exports at /metrics, in one registry. */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: "parlor_" });

export const metrics = {
  ccu: new client.Gauge({ name: "parlor_ccu", help: "Connected clients in all rooms of this process.", registers: [registry] }),
  rooms: new client.Gauge({ name: "parlor_rooms", help: "Rooms of this process, by room type.", labelNames: ["room"], registers: [registry] }),
  queueSize: new client.Gauge({ name: "parlor_queue_size", help: "Tickets waiting in the lobby, by game.", labelNames: ["game"], registers: [registry] }),
  timeToMatch: new client.Histogram({
    name: "parlor_time_to_match_seconds",
    help: "From a ticket entering the queue to its match being made.",
    labelNames: ["game"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  }),
  matches: new client.Counter({
    name: "parlor_matches_total",
    help: "Matches ended, by game, outcome (win, draw, aborted) and reason.",
    labelNames: ["game", "outcome", "reason"],
    registers: [registry],
  }),
  handlerSeconds: new client.Histogram({
    name: "parlor_message_handler_seconds",
    help: "Time spent handling one client message, by room type and message type.",
    labelNames: ["room", "type"],
    buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05],
    registers: [registry],
  }),
  moveSeconds: new client.Histogram({
    name: "parlor_move_seconds",
    help: "Server side of a move's round trip: from the move arriving to its patch being sent.",
    labelNames: ["game"],
    // Fine around the 5 ms target, so that a p99 read from bucket deltas means something there.
    buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.003, 0.004, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1],
    registers: [registry],
  }),
  rejected: new client.Counter({
    name: "parlor_rejected_messages_total",
    help: "Client messages answered with an error, by code.",
    labelNames: ["code"],
    registers: [registry],
  }),
};

/** How often the loop-delay sampler wakes: each wake is one observation of how late it ran. */
export const LOOP_DELAY_SAMPLE_MS = 10;

let loopMax = 0;
/**
 * How late the event loop ran its timers, beyond their schedule. prom-client's `nodejs_eventloop_lag_*` gauges
 * include monitorEventLoopDelay's 10 ms resolution in every value (an idle loop reads p50 ≈ 10 ms) and are reset on
 * every scrape; this histogram holds the lateness alone and is cumulative, so a window's p99 comes from the
 * difference of two scrapes, whoever else scrapes.
 */
export const loopDelay = new client.Histogram({
  name: "parlor_event_loop_delay_seconds",
  help: `How late a ${LOOP_DELAY_SAMPLE_MS} ms timer ran, beyond its schedule: one observation per wake.`,
  buckets: [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});
new client.Gauge({
  name: "parlor_event_loop_delay_max_seconds",
  help: "The longest event-loop delay since the previous scrape of /metrics.",
  registers: [registry],
  collect() {
    this.set(loopMax / 1000);
    loopMax = 0;
  },
});

let sampler: NodeJS.Timeout | null = null;
/** Starts the loop-delay sampler once per process; it never keeps the process alive. */
export function monitorLoopDelay() {
  if (sampler) return;
  let last = performance.now();
  sampler = setInterval(() => {
    const now = performance.now();
    const late = Math.max(0, now - last - LOOP_DELAY_SAMPLE_MS);
    last = now;
    if (late > loopMax) loopMax = late;
    loopDelay.observe(late / 1000);
  }, LOOP_DELAY_SAMPLE_MS);
  sampler.unref();
}

type HistogramChild = ReturnType<client.Histogram<string>["labels"]>;

/**
 * A histogram's child for one or two label values, made once and reused: observing through it skips building a
 * labels object and a timer closure per call (each move observes two histograms). Looked up without allocating.
 */
export function histogramChild(histogram: client.Histogram<string>, first: string, second?: string): HistogramChild {
  let byFirst = children.get(histogram);
  if (!byFirst) children.set(histogram, (byFirst = new Map()));
  let bySecond = byFirst.get(first);
  if (!bySecond) byFirst.set(first, (bySecond = new Map()));
  const key = second ?? "";
  let child = bySecond.get(key);
  if (!child) bySecond.set(key, (child = second === undefined ? histogram.labels(first) : histogram.labels(first, second)));
  return child;
}

const children = new WeakMap<client.Histogram<string>, Map<string, Map<string, HistogramChild>>>();
