import { z } from "zod";

/**
 * The games two players have finished in one series: a first match and the rematches that followed it, each in a
 * room of its own. A room is created knowing the series so far (before its own game), and hands the series after
 * its game on to the rematch it creates.
 */
export interface Series {
  /** Finished games in the series so far. */
  games: number;
  /** Points by player id: a win 1, a draw 0.5, a loss 0. */
  scores: Readonly<Record<string, number>>;
}

export const NEW_SERIES: Series = { games: 0, scores: {} };

/** The series once a finished game between `players` is added: `winner` a player id, or null for a draw. */
export function seriesAfter(series: Series, players: readonly string[], winner: string | null): Series {
  const scores = { ...series.scores };
  for (const id of players) scores[id] = (scores[id] ?? 0) + (winner === null ? 0.5 : winner === id ? 1 : 0);
  return { games: series.games + 1, scores };
}

const seriesSchema = z
  .object({ games: z.number().int().min(0).max(65_535), scores: z.record(z.number().multipleOf(0.5).min(0).max(65_535)) })
  .strict();

/**
 * The series a room was created with: only the server's own rematch sets one (clients create no game rooms), and
 * anything that is not a well-formed series of these two players is refused rather than shown.
 */
export function checkedSeries(raw: unknown, players: readonly string[]): Series {
  if (raw === undefined) return NEW_SERIES;
  const parsed = seriesSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`not a series: ${parsed.error.issues[0]?.message}`);
  const { games, scores } = parsed.data;
  if (Object.keys(scores).some((id) => !players.includes(id))) throw new Error("a series of other players");
  const points = Object.values(scores).reduce((sum, p) => sum + p, 0);
  if (points !== games) throw new Error("a series whose points do not add up to its games");
  return { games, scores };
}
