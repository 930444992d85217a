// Compile-time checks of the game registry, run by `npm test`'s type check (tsc --noEmit -p .), not by mocha:
// every line under a @ts-expect-error must fail to compile, or tsc itself fails ("Unused '@ts-expect-error'").
import type { GameConfig } from "../base/config";
import type { GameDefinition } from "../games/definition";
import { GAMES, type GameName } from "../games/registry";
import { ticTacToeGame } from "../games/ticTacToeGame";

// A game registered without one of its parts is not a game: each part is required.
const { bot: _bot, ...withoutBot } = ticTacToeGame;
const { rules: _rules, ...withoutRules } = ticTacToeGame;
const { schema: _schema, ...withoutSchema } = ticTacToeGame;
const { move: _move, ...withoutMove } = ticTacToeGame;
const { clock: _clock, ...withoutClock } = ticTacToeGame;

export const incomplete = {
  // @ts-expect-error no bot
  noBot: withoutBot satisfies GameDefinition,
  // @ts-expect-error no rules
  noRules: withoutRules satisfies GameDefinition,
  // @ts-expect-error no schema mapping
  noSchema: withoutSchema satisfies GameDefinition,
  // @ts-expect-error no move message
  noMove: withoutMove satisfies GameDefinition,
  // @ts-expect-error no clock
  noClock: withoutClock satisfies GameDefinition,
};

// A per-game map keyed by GameName must name every registered game: leaving one out does not compile.
const [first, ...others] = Object.keys(GAMES) as GameName[];
export const everyGame: Record<GameName, GameConfig> = Object.fromEntries(
  [first, ...others].map((name) => [name, { turnMs: 1, ruleOptions: {} }]),
) as Record<GameName, GameConfig>;
// @ts-expect-error a map that lacks a registered game
export const missingOne: Record<GameName, GameConfig> = { tictactoe: { turnMs: 1, ruleOptions: {} } };
// @ts-expect-error a name the registry does not have is not a GameName
export const unknownGame: GameName = "chess";
