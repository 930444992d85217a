import { isGameName } from "../games/registry";
import { rate } from "../rating/glicko2";
import { isProvisional } from "./rows";
import type { GameStats, MatchResult, Player, Rating, RatingChange } from "./types";

/** Throws on a result no store should accept; the players' existence is each store's own check. */
export function checkResultShape(result: MatchResult): void {
  if (!result || typeof result.matchId !== "string" || result.matchId.length === 0) throw new Error("recordResult: matchId is required");
  if (!isGameName(result.game)) throw new Error(`recordResult: unknown game "${result.game}"`);
  if (!Array.isArray(result.players) || result.players.length !== 2) throw new Error("recordResult: exactly two players are required");
  for (const p of result.players) {
    if (!p || typeof p.playerId !== "string" || typeof p.name !== "string") throw new Error("recordResult: each player needs a playerId and a name");
  }
  const [a, b] = result.players;
  if (a.playerId === b.playerId) throw new Error("recordResult: a player cannot play themselves");
  if (result.winner !== null && result.winner !== a.playerId && result.winner !== b.playerId) {
    throw new Error("recordResult: the winner must be one of the players, or null");
  }
  if (result.aborted && result.winner !== null) throw new Error("recordResult: an aborted match has no winner");
  if (!Number.isFinite(result.startedAt) || !Number.isFinite(result.endedAt)) throw new Error("recordResult: startedAt and endedAt are required");
  if (!Array.isArray(result.moves)) throw new Error("recordResult: moves must be a list");
  if (typeof result.reason !== "string" || result.reason.length === 0) throw new Error("recordResult: reason is required");
  if (typeof result.rated !== "boolean") throw new Error("recordResult: rated must be true or false");
}

/**
 * What a result does to both players' stats, as a pure function of their stats before it:
 * W/L/D and games for a finished match, Glicko-2 and a rated game for a rated one, nothing for an aborted one.
 */
export function applyResult(
  result: MatchResult,
  players: Player[],
  before: GameStats[],
): { rated: boolean; aborted: boolean; after: GameStats[]; ratingChanges: Record<string, RatingChange> } {
  const aborted = result.aborted === true;
  const rated = result.rated && !aborted && !players.some((p) => p.isBot);
  const after = before.map((s) => ({ ...s }));
  const ratingChanges: Record<string, RatingChange> = {};
  if (aborted) return { rated, aborted, after, ratingChanges };
  result.players.forEach((p, i) => {
    const s = after[i];
    s.games++;
    if (result.winner === null) s.draws++;
    else if (result.winner === p.playerId) s.wins++;
    else s.losses++;
  });
  if (rated) {
    const score = result.winner === null ? 0.5 : result.winner === result.players[0].playerId ? 1 : 0;
    const next = rate(before[0], before[1], score);
    ([next.a, next.b] as Rating[]).forEach((r, i) => {
      Object.assign(after[i], r, { provisional: isProvisional(r.deviation) });
      after[i].ratedGames++;
      ratingChanges[result.players[i].playerId] = { before: before[i].rating, after: r.rating };
    });
  }
  return { rated, aborted, after, ratingChanges };
}
