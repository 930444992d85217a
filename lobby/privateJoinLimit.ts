/**
 * Limits on failed `private:join` attempts (a code that opens no game), so that codes cannot be
 * guessed at the speed of the message rate limit. Pure: plain values, the time passed in; the lobby
 * keeps each key's failure times and asks these functions what they mean.
 */

/** The limits count failures within any window of this length. */
export const PRIVATE_JOIN_WINDOW_MS = 60_000;

export interface PrivateJoinLimits {
  /** Failures per window allowed to one player; 0 is unlimited. */
  perPlayer: number;
  /** Failures per window allowed to one client address (all its players together); 0 is unlimited. */
  perAddress: number;
}

/** One key's recent failure times, oldest first, never more than its limit of them. */
export type FailureTimes = readonly number[];

export interface LimitKey {
  key: string;
  by: "player" | "address";
  limit: number;
}

/** What an attempt counts against: its player, and its address when the front door told us one. */
export function limitKeys(playerId: string, address: string | undefined, limits: PrivateJoinLimits): LimitKey[] {
  const keys: LimitKey[] = [];
  if (limits.perPlayer > 0) keys.push({ key: `player:${playerId}`, by: "player", limit: limits.perPlayer });
  if (address && limits.perAddress > 0) keys.push({ key: `address:${address}`, by: "address", limit: limits.perAddress });
  return keys;
}

/** Until when a key with these failures is refused, or null if it may try now. */
export function blockedUntil(times: FailureTimes, limit: number, now: number, windowMs: number): number | null {
  if (limit <= 0 || times.length < limit) return null;
  const until = times[times.length - limit] + windowMs;
  return until > now ? until : null;
}

/** The failure times after one more at `now`: those outside the window, and beyond the limit, are dropped. */
export function withFailure(times: FailureTimes, limit: number, now: number, windowMs: number): FailureTimes {
  if (limit <= 0) return [];
  return [...times.filter((t) => t > now - windowMs), now].slice(-limit);
}

/** Whether a key's failures are all outside the window, so it can be forgotten. */
export function forgotten(times: FailureTimes, now: number, windowMs: number): boolean {
  return times.length === 0 || times[times.length - 1] <= now - windowMs;
}

/** The first limit an attempt is over, with when it may try again; null if it may try now. */
export function joinRefusal(
  failures: ReadonlyMap<string, FailureTimes>,
  keys: readonly LimitKey[],
  now: number,
  windowMs: number,
): { by: LimitKey["by"]; until: number } | null {
  for (const { key, by, limit } of keys) {
    const until = blockedUntil(failures.get(key) ?? [], limit, now, windowMs);
    if (until !== null) return { by, until };
  }
  return null;
}
