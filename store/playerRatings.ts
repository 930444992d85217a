import { GAME_NAMES, type GameName } from "../games/registry";
import type { PlayerRating } from "../protocol/wire";
import { shownRating } from "./rows";
import type { GameStats, Store } from "./types";

/**
 * A profile's rating card: for each registered game (in registry order) in which the player has a rated result,
 * the shown rating and deviation, the record, and the rank on that game's leaderboard (null when not on it).
 * Built from the store's own profile stats and leaderboard query, so both stores answer it alike.
 */
export async function playerRatings(store: Pick<Store, "leaderboardAround">, playerId: string, stats: readonly GameStats[]): Promise<PlayerRating<GameName>[]> {
  const rated = GAME_NAMES.flatMap((game) => stats.filter((s) => s.game === game && s.ratedGames > 0));
  return Promise.all(
    rated.map(async (s) => ({
      game: s.game,
      rating: shownRating(s.rating),
      rd: Math.round(s.deviation),
      provisional: s.provisional,
      wins: s.wins,
      losses: s.losses,
      draws: s.draws,
      rank: (await store.leaderboardAround(playerId, s.game, 0))?.me.rank ?? null,
    })),
  );
}
