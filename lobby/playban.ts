/** Queue cooldowns for players who keep abandoning games, in the manner of lichess's playban. */
export interface PlaybanPolicy {
  /** Abandons older than this are forgiven. */
  windowMs: number;
  /** Abandons inside the window that cost nothing. */
  freeAbandons: number;
  /** The first cooldown; each further abandon multiplies it by `factor`. */
  baseCooldownMs: number;
  factor: number;
  maxCooldownMs: number;
}

export const DEFAULT_PLAYBAN: PlaybanPolicy = {
  windowMs: 24 * 60 * 60_000,
  freeAbandons: 1,
  baseCooldownMs: 2 * 60_000,
  factor: 2,
  maxCooldownMs: 60 * 60_000,
};

/** When a player who abandoned at `abandonTimes` may queue again, or null if they may now. */
export function queueCooldown(abandonTimes: readonly number[], now: number, policy: PlaybanPolicy = DEFAULT_PLAYBAN): { until: number } | null {
  let count = 0;
  let latest = -Infinity;
  for (const t of abandonTimes) {
    if (t > now || t < now - policy.windowMs) continue;
    count++;
    if (t > latest) latest = t;
  }
  const counted = count - policy.freeAbandons;
  if (counted <= 0) return null;
  const cooldown = Math.min(policy.baseCooldownMs * policy.factor ** (counted - 1), policy.maxCooldownMs);
  const until = latest + cooldown;
  return until > now ? { until } : null;
}
