import type { GameError } from "../protocol/errors";

/** A seat index: 0 is the first player (X in tic-tac-toe), 1 the second. */
export type Seat = 0 | 1;

export type Applied<S> = { ok: true; state: S } | { ok: false; error: GameError };

export type Outcome =
  | { kind: "ongoing" }
  | { kind: "win"; winner: Seat; line?: number[] }
  | { kind: "draw" };

/**
 * A game's rules as pure functions over immutable state. No Colyseus, database or clock.
 * The room, the server bot, the load-test bots and the client's hints all use these.
 */
export interface GameRules<S, M, O = unknown> {
  /** The game's name (its key in games/registry.ts). */
  readonly name: string;
  initialState(options?: O): S;
  /** Seats that may act now. */
  toAct(state: S): Seat[];
  /** Moves `seat` may make now; empty when it is not that seat's turn or the game is over. */
  legalMoves(state: S, seat: Seat): M[];
  apply(state: S, seat: Seat, move: M): Applied<S>;
  outcome(state: S): Outcome;
  /** The final outcome when the clock runs out on the seats in toAct(state). */
  timeout(state: S): Exclude<Outcome, { kind: "ongoing" }>;
}
