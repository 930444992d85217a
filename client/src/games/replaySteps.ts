/**
 * How a replay steps through a stored match: one step per move in a game of turns, one per round in a game of
 * simultaneous rounds (RPS), so "Round 2 of 5" is a whole round and not half of one. Pure: no Phaser, no DOM.
 * Each game's ClientGame.replaySteps builds its list with one of the helpers below.
 */
import type { GameRules, Seat } from "../../../games/types";
import type { RecordedMove, StoredMatch } from "../../../protocol/wire";

export interface ReplayStep {
  /** Moves of `match.moves` applied once this step is shown: what the replay board's `show()` takes. */
  readonly moves: number;
  /** Short, for the step counter: "Start", "Move 5", "Round 2". */
  readonly label: string;
  /** The step in words: "Ann (X) takes the centre", "Ann played rock, Bob played paper: Bob takes the round". */
  readonly description: string;
}

/** The parts of a stored match the steps are made from. */
export type ReplayMatch = Pick<StoredMatch, "players" | "moves" | "options">;

/** Every list starts here: the position before any move. */
export const START_STEP: ReplayStep = { moves: 0, label: "Start", description: "" };

export const playerName = (match: ReplayMatch, seat: number) => match.players[seat]?.name ?? "?";

/** A game of turns: the start, then one step per move, said by the game's describeMove. */
export function stepPerMove(match: ReplayMatch, describeMove: (move: RecordedMove, player: string) => string): ReplayStep[] {
  return [
    START_STEP,
    ...match.moves.map((m, i) => ({ moves: i + 1, label: `Move ${i + 1}`, description: describeMove(m, playerName(match, m.seat)) })),
  ];
}

/** A round as `stepPerRound` hands it to the game to put in words. */
export interface RoundSoFar<S> {
  /** 0-based. */
  readonly index: number;
  /** The position after the round's last move. */
  readonly state: S;
  /** False for a last round the match ended in the middle of (a timeout, a resignation). */
  readonly complete: boolean;
}

/**
 * A game of rounds: the start, then one step per round, replayed with the pure rules under the match's options
 * (as positionAfter does; a move the rules refuse is skipped but still counted). A round ends with the move after
 * which `roundsOf(state)` has grown; moves after the last complete round make one more, incomplete, step.
 */
export function stepPerRound<S, M>(
  match: ReplayMatch,
  rules: GameRules<S, M, any>,
  toMove: (move: unknown) => M | null,
  roundsOf: (state: S) => number,
  describeRound: (round: RoundSoFar<S>, name: (seat: number) => string) => string,
): ReplayStep[] {
  const steps: ReplayStep[] = [START_STEP];
  const name = (seat: number) => playerName(match, seat);
  const step = (moves: number, round: RoundSoFar<S>) => steps.push({ moves, label: `Round ${round.index + 1}`, description: describeRound(round, name) });
  let state = rules.initialState(match.options);
  let open = false;
  match.moves.forEach(({ seat, move }, i) => {
    const before = roundsOf(state);
    const m = toMove(move);
    const next = m === null ? null : rules.apply(state, seat as Seat, m);
    if (next?.ok) state = next.state;
    open = true;
    if (roundsOf(state) > before) {
      step(i + 1, { index: before, state, complete: true });
      open = false;
    }
  });
  if (open) step(match.moves.length, { index: roundsOf(state), state, complete: false });
  return steps;
}
