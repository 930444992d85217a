import type { GameName } from "../../../games/registry";
import type { ClientGame } from "./clientGame";
import { connectFourClient } from "./connectFour/client";
import { rpsClient } from "./rps/client";
import { ticTacToeClient } from "./ticTacToe/client";

/**
 * Every game the client shows, one line each, in the order the lobby lists them. Typed by the server registry's
 * names: a game registered on the server without its client module does not compile (docs/client.md).
 */
export const CLIENT_GAMES: { readonly [N in GameName]: ClientGame & { readonly name: N } } = {
  tictactoe: ticTacToeClient,
  rps: rpsClient,
  connectfour: connectFourClient,
};

export const CLIENT_GAME_LIST: readonly ClientGame[] = Object.values(CLIENT_GAMES);
export const CLIENT_GAME_NAMES = CLIENT_GAME_LIST.map((game) => game.name);

export function isClientGame(name: string): name is GameName {
  return Object.prototype.hasOwnProperty.call(CLIENT_GAMES, name);
}
