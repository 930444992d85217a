import { isGameName } from "../games/registry";
import type { MatchResult } from "./types";

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
