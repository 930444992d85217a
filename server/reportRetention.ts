import { log } from "../base/log";
import type { Store } from "../store/types";

const DAY_MS = 24 * 60 * 60_000;
export const SWEEP_INTERVAL_MS = 60 * 60_000;

/** Deletes the reports resolved more than `retentionDays` before `now`, with their chat lines; how many. */
export async function sweepReports(store: Pick<Store, "purgeReports">, now: number, retentionDays: number): Promise<number> {
  const purged = await store.purgeReports(now - retentionDays * DAY_MS);
  if (purged > 0) log.info({ purged, retentionDays }, "deleted resolved reports past their retention");
  return purged;
}

export interface ReportSweep {
  /** One sweep now (by `now()`, or at the time given); what the hourly timer runs. */
  run(at?: number): Promise<number>;
  /** Stops the timer and waits for a sweep under way. */
  stop(): Promise<void>;
}

/**
 * Sweeps once at start and then every hour, until stopped. A failed sweep is logged and tried again next hour; a
 * sweep still under way when the next is due (a slow database) is not joined by another.
 */
export function startReportSweep(store: Pick<Store, "purgeReports">, retentionDays: number, now: () => number = Date.now, intervalMs = SWEEP_INTERVAL_MS): ReportSweep {
  let running: Promise<unknown> = Promise.resolve();
  let busy = 0;
  const run = (at = now()) => {
    busy++;
    const sweep = sweepReports(store, at, retentionDays).finally(() => busy--);
    running = Promise.all([running, sweep.catch(() => undefined)]);
    return sweep;
  };
  const tick = () => {
    if (busy === 0) void run().catch((err) => log.warn({ err }, "the report retention sweep failed"));
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    run,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
