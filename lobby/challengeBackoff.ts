/**
 * How long a player must wait before challenging again someone who declined them. Pure: plain values, the time
 * passed in; the lobby keeps each (challenger, challenged) pair's decline times and asks these functions what they mean.
 *
 * After a decline the wait is `baseMs`, doubling with each further decline by the same player within `windowMs`,
 * at most `maxMs`, counted from the latest decline (as the queue's cooldown for abandoning, lobby/playban.ts).
 */

export interface BackoffPolicy {
  /** The wait after the first decline in the window; 0 is no backoff. */
  baseMs: number;
  /** The longest wait, however many declines. */
  maxMs: number;
  /** Declines older than this no longer count. */
  windowMs: number;
}

export const BACKOFF_WINDOW_MS = 24 * 60 * 60_000;

/** One pair's decline times, oldest first. */
export type DeclineTimes = readonly number[];

/** Until when a challenger with these declines is refused, or null if they may challenge now. */
export function backoffUntil(declines: DeclineTimes, now: number, policy: BackoffPolicy): number | null {
  const recent = declines.filter((t) => t > now - policy.windowMs);
  if (recent.length === 0 || policy.baseMs <= 0) return null;
  const wait = Math.min(policy.maxMs, policy.baseMs * 2 ** (recent.length - 1));
  const until = recent[recent.length - 1] + wait;
  return until > now ? until : null;
}

/**
 * The decline times after one more at `now`. Those outside the window are dropped, and so are all but the last few:
 * past enough declines the wait is `maxMs` whatever the count, so the list never grows beyond that many.
 */
export function withDecline(declines: DeclineTimes, now: number, policy: BackoffPolicy): DeclineTimes {
  return [...declines.filter((t) => t > now - policy.windowMs), now].slice(-keptDeclines(policy));
}

/** Whether a pair's declines no longer count at all, so that it can be forgotten. */
export function forgotten(declines: DeclineTimes, now: number, policy: BackoffPolicy): boolean {
  return declines.length === 0 || declines[declines.length - 1] <= now - policy.windowMs;
}

/** Declines it takes to reach the longest wait: keeping more would change nothing. */
function keptDeclines({ baseMs, maxMs }: BackoffPolicy): number {
  if (baseMs <= 0 || maxMs <= baseMs) return 1;
  return Math.ceil(Math.log2(maxMs / baseMs)) + 1;
}
