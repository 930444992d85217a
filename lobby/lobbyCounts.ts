import type { LobbyCounts } from "../protocol/wire";

export type { LobbyCounts };

/** Counts and the Watch list go out at most this often: a lobby screen need not be fresher. */
export const LOBBY_FEED_MS = 1000;

/**
 * Distinct players among the lobby's connections, kept as they join and leave: a player with two tabs counts once.
 * Counting on each join would cost a pass over every connection, at every join.
 */
export class OnlinePlayers {
  private sessions = new Map<string, number>();

  add(playerId: string) {
    this.sessions.set(playerId, (this.sessions.get(playerId) ?? 0) + 1);
  }

  remove(playerId: string) {
    const left = (this.sessions.get(playerId) ?? 0) - 1;
    if (left > 0) this.sessions.set(playerId, left);
    else this.sessions.delete(playerId);
  }

  get size(): number {
    return this.sessions.size;
  }
}

export function sameCounts(a: LobbyCounts, b: LobbyCounts): boolean {
  if (a.online !== b.online) return false;
  const games = Object.keys(a.queues);
  return games.length === Object.keys(b.queues).length && games.every((game) => a.queues[game] === b.queues[game]);
}
