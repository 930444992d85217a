import type { GameName } from "../games/registry";
import type { Account, EndReason, GameStats, LeaderboardRow, RatingChange, RecordedMove, Session, StoredMatch } from "./types";

/**
 * A rating is provisional while its deviation is at least this (lichess's rule). Both stores' migrations
 * write the same number into a generated column, which the leaderboard index orders by.
 */
export const PROVISIONAL_DEVIATION = 110;
export const isProvisional = (deviation: number) => deviation >= PROVISIONAL_DEVIATION;

/**
 * The one rounding rule for ratings people see: whole numbers, halves up. Ranks tie on it, and SQLite's
 * rating histogram buckets by it (CAST(rating + 0.5 AS INTEGER), the same for every positive rating).
 */
export const shownRating = (rating: number) => Math.round(rating);
/** A rating change as people see it: between the two ratings as shown, so it adds up with what History and the board show. */
export const shownChange = (change: { before: number; after: number }) => shownRating(change.after) - shownRating(change.before);

/**
 * Row shapes both stores read, and how a row becomes what the Store interface returns. Each store
 * decodes its own column types first (SQLite's 0/1 and JSON text, PostgreSQL's BOOLEAN and JSONB).
 */
export interface StatsRow {
  player_id: string; game: GameName; rating: number; deviation: number; volatility: number;
  wins: number; losses: number; draws: number; games: number; rated_games: number;
}

export interface MatchRow {
  id: string; game: GameName; player0_id: string; player0_name: string; player1_id: string; player1_name: string;
  winner_id: string | null; reason: EndReason; rated: boolean; aborted: boolean; moves: RecordedMove[]; rating_changes: Record<string, RatingChange>;
  started_at: number; ended_at: number; options: Record<string, number>;
}

export const toStats = (row: StatsRow): GameStats => ({
  game: row.game, rating: row.rating, deviation: row.deviation, volatility: row.volatility,
  wins: row.wins, losses: row.losses, draws: row.draws, games: row.games, ratedGames: row.rated_games,
  provisional: isProvisional(row.deviation),
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
  options: row.options,
  ratingChanges: row.rating_changes,
  startedAt: row.started_at,
  endedAt: row.ended_at,
});

export const toLeaderboardRow = (row: StatsRow & { name: string }, rank: number): LeaderboardRow => ({
  rank,
  playerId: row.player_id,
  name: row.name,
  rating: shownRating(row.rating),
  provisional: isProvisional(row.deviation),
  wins: row.wins,
  losses: row.losses,
  draws: row.draws,
  games: row.games,
});

/** Rows share a rank when they are in the same tier (established or provisional) and show the same rating. */
export interface RankGroup {
  provisional: boolean;
  shown: number;
}

export const rankGroupOf = (row: { rating: number; deviation: number }): RankGroup => ({ provisional: isProvisional(row.deviation), shown: shownRating(row.rating) });

const sameGroup = (a: RankGroup, b: RankGroup) => a.provisional === b.provisional && a.shown === b.shown;

/**
 * A page of the board in board order, from position `offset`: competition ranks, so a row that starts a new
 * group is ranked by its position and one that continues a group takes the group's rank. `firstRank` is the
 * first row's rank (its group may begin on an earlier page).
 */
export function rankPage(rows: (StatsRow & { name: string })[], offset: number, firstRank: number): LeaderboardRow[] {
  let rank = firstRank;
  return rows.map((row, i) => {
    if (i > 0 && !sameGroup(rankGroupOf(rows[i - 1]), rankGroupOf(row))) rank = offset + i + 1;
    return toLeaderboardRow(row, rank);
  });
}

/**
 * Rows whose positions are unknown (around a player), ranked by asking `rankOf` for 1 + the rows ahead of
 * each distinct group, once per group.
 */
export async function rankByGroup(
  rows: (StatsRow & { name: string })[],
  rankOf: (group: RankGroup) => number | Promise<number>,
): Promise<LeaderboardRow[]> {
  const known = new Map<string, number>();
  const out: LeaderboardRow[] = [];
  for (const row of rows) {
    const group = rankGroupOf(row);
    const key = `${group.provisional}:${group.shown}`;
    if (!known.has(key)) known.set(key, await rankOf(group));
    out.push(toLeaderboardRow(row, known.get(key)!));
  }
  return out;
}

/** A count from a caller (limit, radius), clamped to a non-negative integer: SQLite reads a negative LIMIT as "no limit". */
export function count(n: number): number {
  return Number.isFinite(n) ? Math.max(0, Math.trunc(n)) : 0;
}

/** An accounts row, as both stores return it. */
export const toAccount = (row: { player_id: string; username: string; password_hash: string }): Account => ({
  playerId: row.player_id,
  username: row.username,
  passwordHash: row.password_hash,
});

/** A tokens row as its holder sees it. */
export const toSession = (row: { session_id: string; device: string; created_at: number; used_at: number }): Session => ({
  sessionId: row.session_id,
  device: row.device,
  createdAt: Number(row.created_at),
  lastSeenAt: Number(row.used_at),
});
