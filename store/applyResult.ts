import { rate } from "../rating/glicko2";
import { isProvisional } from "./rows";
import type { GameStats, MatchResult, Player, Rating, RatingChange } from "./types";

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
