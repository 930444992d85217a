/**
 * A diagnostic to preload into a server (`--server-node-args "--require ./loadtest/stallProbe.ts"`): records every
 * event-loop stall over STALL_PROBE_MS (default 10) and every GC pause over 2 ms, with monotonic timestamps in µs
 * (the clock of a .cpuprofile), and writes them as JSON to STALL_PROBE_FILE when the process exits.
 * `tsx loadtest/stallReport.ts probe.json server.cpuprofile` then says what ran during each stall.
 */
import fs from "node:fs";
import { constants, PerformanceObserver, performance } from "node:perf_hooks";

const file = process.env.STALL_PROBE_FILE ?? `stall-probe-${process.pid}.json`;
const thresholdMs = Number(process.env.STALL_PROBE_MS ?? 10);
const TICK_MS = 5;
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
// performance.now() is ms since timeOrigin; this turns it into the monotonic µs of hrtime and of V8's profiles.
const originUs = nowUs() - performance.now() * 1000;

/** The main thread's ns on a CPU and ns runnable but waiting for one (Linux schedstat), or null elsewhere. */
function schedstat(): [number, number] | null {
  try {
    const [run, wait] = fs.readFileSync("/proc/thread-self/schedstat", "utf8").split(" ").map(Number);
    return [run, wait];
  } catch {
    return null;
  }
}

/**
 * A stall's time splits three ways: the loop's thread running (JS, GC, native work), runnable but not scheduled
 * (other processes on its CPU), and neither: blocked in a system call such as an fsync.
 */
const stalls: { startUs: number; endUs: number; ms: number; onCpuMs: number | null; runQueueMs: number | null; blockedMs: number | null }[] = [];
const gcs: { startUs: number; ms: number; kind: string }[] = [];
let last = nowUs();
let lastSched = schedstat();
setInterval(() => {
  const now = nowUs();
  const sched = schedstat();
  const late = (now - last) / 1000 - TICK_MS;
  if (late > thresholdMs) {
    const span = (now - last) / 1000;
    const onCpuMs = sched && lastSched ? (sched[0] - lastSched[0]) / 1e6 : null;
    const runQueueMs = sched && lastSched ? (sched[1] - lastSched[1]) / 1e6 : null;
    const r = (v: number | null) => (v === null ? null : Number(v.toFixed(2)));
    stalls.push({
      startUs: last + TICK_MS * 1000,
      endUs: now,
      ms: r(late)!,
      onCpuMs: r(onCpuMs),
      runQueueMs: r(runQueueMs),
      blockedMs: onCpuMs === null || runQueueMs === null ? null : r(Math.max(0, span - onCpuMs - runQueueMs)),
    });
  }
  last = now;
  lastSched = sched;
}, TICK_MS).unref();

const kinds: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: "major",
  [constants.NODE_PERFORMANCE_GC_MINOR]: "minor",
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental",
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weakcb",
};
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if (e.duration < 2) continue;
    const kind = kinds[(e as unknown as { detail?: { kind: number } }).detail?.kind ?? -1] ?? "other";
    gcs.push({ startUs: Math.round(originUs + e.startTime * 1000), ms: Number(e.duration.toFixed(2)), kind });
  }
}).observe({ entryTypes: ["gc"] });

process.on("exit", () => fs.writeFileSync(file, JSON.stringify({ pid: process.pid, thresholdMs, stalls, gcs })));
