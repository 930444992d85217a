import { ErrorCode, gameError } from "../protocol/errors";
import type { Applied, GameRules, Outcome, Seat } from "./types";

export const HANDS = ["rock", "paper", "scissors"] as const;
export type Hand = (typeof HANDS)[number];

export interface RpsOptions {
  /** Round wins needed to take the match. */
  winsNeeded?: number;
  /** Rounds played at most, tied ones included; after that the match is a draw unless someone leads. */
  maxRounds?: number;
}

export interface RpsRound {
  readonly hands: readonly [Hand, Hand];
  /** The seat that took the round, or null for a tie. */
  readonly winner: Seat | null;
}

export interface RpsState {
  readonly winsNeeded: number;
  readonly maxRounds: number;
  readonly rounds: readonly RpsRound[];
  /** This round's hidden choices; both null between rounds. */
  readonly pending: readonly [Hand | null, Hand | null];
}

export const DEFAULT_WINS_NEEDED = 2;
export const DEFAULT_MAX_ROUNDS = 9;

const BEATS: Record<Hand, Hand> = { rock: "scissors", paper: "rock", scissors: "paper" };

export function isHand(value: unknown): value is Hand {
  return typeof value === "string" && (HANDS as readonly string[]).includes(value);
}

export function roundWinner(a: Hand, b: Hand): Seat | null {
  if (a === b) return null;
  return BEATS[a] === b ? 0 : 1;
}

export function initialState(options: RpsOptions = {}): RpsState {
  const winsNeeded = options.winsNeeded ?? DEFAULT_WINS_NEEDED;
  const maxRounds = options.maxRounds ?? DEFAULT_MAX_ROUNDS;
  if (!Number.isInteger(winsNeeded) || winsNeeded < 1) throw new RangeError("winsNeeded must be a positive integer");
  if (!Number.isInteger(maxRounds) || maxRounds < 2 * winsNeeded - 1) {
    throw new RangeError("maxRounds must be an integer of at least 2 * winsNeeded - 1");
  }
  return { winsNeeded, maxRounds, rounds: [], pending: [null, null] };
}

export function score(state: RpsState): [number, number] {
  const s: [number, number] = [0, 0];
  for (const r of state.rounds) if (r.winner !== null) s[r.winner]++;
  return s;
}

export function outcome(state: RpsState): Outcome {
  const [a, b] = score(state);
  if (a >= state.winsNeeded) return { kind: "win", winner: 0 };
  if (b >= state.winsNeeded) return { kind: "win", winner: 1 };
  if (state.rounds.length >= state.maxRounds) {
    if (a === b) return { kind: "draw" };
    return { kind: "win", winner: a > b ? 0 : 1 };
  }
  return { kind: "ongoing" };
}

export function toAct(state: RpsState): Seat[] {
  if (outcome(state).kind !== "ongoing") return [];
  return ([0, 1] as Seat[]).filter((seat) => state.pending[seat] === null);
}

export function legalMoves(state: RpsState, seat: Seat): Hand[] {
  return toAct(state).includes(seat) ? [...HANDS] : [];
}

/** Records a hidden choice; the second choice of a round reveals and scores it. */
export function choose(state: RpsState, seat: Seat, hand: Hand): Applied<RpsState> {
  if (outcome(state).kind !== "ongoing") return { ok: false, error: gameError(ErrorCode.GAME_OVER, "The match is over.") };
  if (!isHand(hand)) return { ok: false, error: gameError(ErrorCode.BAD_MESSAGE, "hand must be rock, paper or scissors.") };
  if (state.pending[seat] !== null) {
    return { ok: false, error: gameError(ErrorCode.ALREADY_CHOSEN, "You have already chosen this round.") };
  }
  const pending: [Hand | null, Hand | null] = [state.pending[0], state.pending[1]];
  pending[seat] = hand;
  if (pending[0] === null || pending[1] === null) return { ok: true, state: { ...state, pending } };
  const hands: [Hand, Hand] = [pending[0], pending[1]];
  const round: RpsRound = { hands, winner: roundWinner(hands[0], hands[1]) };
  return { ok: true, state: { ...state, rounds: [...state.rounds, round], pending: [null, null] } };
}

/**
 * The round clock ran out. A player who chose beats one who did not.
 * If neither chose, the match stops there: the leader on rounds wins, an even score is a draw.
 */
export function timeout(state: RpsState): Exclude<Outcome, { kind: "ongoing" }> {
  const [p0, p1] = state.pending;
  if (p0 !== null && p1 === null) return { kind: "win", winner: 0 };
  if (p1 !== null && p0 === null) return { kind: "win", winner: 1 };
  const [a, b] = score(state);
  if (a === b) return { kind: "draw" };
  return { kind: "win", winner: a > b ? 0 : 1 };
}

export const rps: GameRules<RpsState, Hand, RpsOptions> = {
  name: "rps",
  initialState,
  toAct,
  legalMoves,
  apply: choose,
  outcome,
  timeout,
};
