import { connectFourGame } from "./connectFourGame";
import type { GameDefinition } from "./definition";
import { rpsGame } from "./rpsGame";
import { ticTacToeGame } from "./ticTacToeGame";

/**
 * Every game the server hosts, one line each (docs/adding-a-game.md). The lobby, the store, the config, the
 * HTTP API, the metrics and the bots loop over this; `GameName` comes from its keys, so a per-game map typed
 * `Record<GameName, …>` anywhere (the client's own registry included) does not compile without the new game.
 */
export const GAMES = {
  tictactoe: ticTacToeGame,
  rps: rpsGame,
  connectfour: connectFourGame,
} as const satisfies Record<string, GameDefinition>;

export type GameName = keyof typeof GAMES;
export const GAME_NAMES = Object.keys(GAMES) as [GameName, ...GameName[]];

export function isGameName(name: unknown): name is GameName {
  return typeof name === "string" && Object.prototype.hasOwnProperty.call(GAMES, name);
}
