/** RPS replays a round at a time: both hands of a round are one step. Pure (no Phaser), so it is unit-tested. */
import { isHand, outcome, rps, score, type RpsState } from "../../../../games/rps";
import { stepPerRound, type ReplayMatch, type ReplayStep, type RoundSoFar } from "../replaySteps";

/** A round in words: "Ann played rock, Bob played paper: Bob takes the round (0–1)". */
export function describeRpsRound({ index, state, complete }: RoundSoFar<RpsState>, name: (seat: number) => string): string {
  if (!complete) {
    const chose = ([0, 1] as const).filter((seat) => state.pending[seat] !== null);
    const waiting = ([0, 1] as const).filter((seat) => state.pending[seat] === null);
    if (chose.length === 0) return "Neither player chose";
    return [...chose.map((seat) => `${name(seat)} chose ${state.pending[seat]}`), ...waiting.map((seat) => `${name(seat)} did not choose`)].join(", ");
  }
  const round = state.rounds[index];
  const upTo: RpsState = { ...state, rounds: state.rounds.slice(0, index + 1) };
  const [a, b] = score(upTo);
  const hands = `${name(0)} played ${round.hands[0]}, ${name(1)} played ${round.hands[1]}`;
  const result = round.winner === null ? "a tie" : `${name(round.winner)} takes the round`;
  const end = outcome(upTo);
  const match = end.kind === "win" ? `; ${name(end.winner)} wins the match` : end.kind === "draw" ? "; the match is drawn" : "";
  return `${hands}: ${result} (${a}–${b})${match}`;
}

export function rpsReplaySteps(match: ReplayMatch): ReplayStep[] {
  return stepPerRound(match, rps, (move) => (isHand(move) ? move : null), (state) => state.rounds.length, describeRpsRound);
}
