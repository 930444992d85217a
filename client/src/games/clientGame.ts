import type Phaser from "phaser";
import type { GameName } from "../../../games/registry";
import type { GameRules } from "../../../games/types";
import type { RecordedMove, StoredMatch } from "../net/api";

/** A game's board on the replay screen, drawn between y = 300 and y = 880. */
export interface ReplayBoard {
  /** Draws the position after the match's first `step` moves. */
  show(step: number): void;
}

/**
 * Everything about one game that differs on the client. The lobby, the game screen's shared parts, the replay
 * and the result screen read a game from here and never name one (client/src/games/registry.ts lists them).
 * `Move` is what the game's screen plays: a cell, a hand, a column.
 */
export interface ClientGame<Move = any> {
  readonly name: GameName;
  /** The game screen's header, the Play tab, private codes, the replay's header. */
  readonly title: string;
  /** Where room is short: Watch and History rows, the Leaders switch, private-code buttons. */
  readonly shortTitle: string;
  /** What each seat plays as (X and O, red and yellow), or null when the seats look alike. */
  readonly sides: readonly [string, string] | null;
  /** Its own end reasons in words (the win reason of its definition); the shared ones are in REASONS. */
  readonly reasons: Readonly<Record<string, string>>;
  /** Keys (KeyboardEvent.key, lower case) to the move each plays. */
  readonly keys: Readonly<Record<string, Move>>;
  /** Its game screen, registered under the game's name as scene key. */
  readonly scene: new (game: ClientGame<Move>) => Phaser.Scene;
  /** One recorded move in words for the replay, e.g. "Ann takes the centre". */
  describeMove(move: RecordedMove, player: string): string;
  /** Its board on the replay screen, rebuilt from `match.moves` with the pure rules and `match.options`. */
  createReplayBoard(scene: Phaser.Scene, match: StoredMatch): ReplayBoard;
}

/** Why a game ended, in words, for the end reasons every game shares (listed in docs/protocol.md §4). */
export const REASONS: Readonly<Record<string, string>> = {
  draw: "draw",
  resign: "resigned",
  timeout: "ran out of time",
  abandoned: "left and did not come back",
  no_show: "a player never arrived",
  shutdown: "the server stopped",
  crash: "the server stopped unexpectedly",
};

export function reasonInWords(game: ClientGame, reason: string): string {
  return game.reasons[reason] ?? REASONS[reason] ?? reason;
}

/**
 * The position after a stored match's first `step` moves, replayed with the game's pure rules under the options
 * it was played with (`match.options`; older matches have none and get the defaults).
 */
export function positionAfter<S, M>(rules: GameRules<S, M, any>, match: StoredMatch, step: number, toMove: (move: unknown) => M | null): S {
  let state = rules.initialState(match.options);
  for (const { seat, move } of match.moves.slice(0, step)) {
    const m = toMove(move);
    const next = m === null ? null : rules.apply(state, seat, m);
    if (next?.ok) state = next.state;
  }
  return state;
}
