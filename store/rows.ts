import type { GameName } from "../games/registry";
import type { GameStats, LeaderboardRow, RatingChange, StoredMatch } from "./types";

/**
 * Row shapes both stores read, and how a row becomes what the Store interface returns. Each store
 * decodes its own column types first (SQLite's 0/1 and JSON text, PostgreSQL's BOOLEAN and JSONB).
 */
export interface StatsRow {
  player_id: string; game: GameName; rating: number; deviation: number; volatility: number;
  wins: number; losses: number; draws: number; games: number;
}

export interface MatchRow {
  id: string; game: GameName; player0_id: string; player0_name: string; player1_id: string; player1_name: string;
  winner_id: string | null; reason: string; rated: boolean; aborted: boolean; moves: unknown[]; rating_changes: Record<string, RatingChange>;
  started_at: number; ended_at: number;
}

export const toStats = (row: StatsRow): GameStats => ({
  game: row.game, rating: row.rating, deviation: row.deviation, volatility: row.volatility,
  wins: row.wins, losses: row.losses, draws: row.draws, games: row.games,
});

export const toMatch = (row: MatchRow): StoredMatch => ({
  matchId: row.id,
  game: row.game,
  players: [
    { playerId: row.player0_id, name: row.player0_name },
    { playerId: row.player1_id, name: row.player1_name },
  ],
  winner: row.winner_id,
  reason: row.reason,
  aborted: row.aborted,
  rated: row.rated,
  moves: row.moves,
  ratingChanges: row.rating_changes,
  startedAt: row.started_at,
  endedAt: row.ended_at,
});

export const toLeaderboardRow = (row: StatsRow & { name: string }, rank: number): LeaderboardRow => ({
  rank,
  playerId: row.player_id,
  name: row.name,
  rating: Math.round(row.rating),
  wins: row.wins,
  losses: row.losses,
  draws: row.draws,
  games: row.games,
});

/** A count from a caller (limit, radius), clamped to a non-negative integer: SQLite reads a negative LIMIT as "no limit". */
export function count(n: number): number {
  return Number.isFinite(n) ? Math.max(0, Math.trunc(n)) : 0;
}
