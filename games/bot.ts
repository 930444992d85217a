import { connectFour, type ConnectFourState } from "./connectFour";
import { bestConnectFourMove } from "./connectFourBot";
import { applyMove, legalMoves as tttLegalMoves, outcome as tttOutcome, seatToMove, type TicTacToeState } from "./ticTacToe";
import type { GameRules, Seat } from "./types";

/** Minimax value of a tic-tac-toe position for the side to move: 1 win, 0 draw, -1 loss. */
const values = new Map<string, number>();

function negamax(state: TicTacToeState): number {
  const key = state.board.map((c) => c ?? "-").join("");
  const cached = values.get(key);
  if (cached !== undefined) return cached;
  const result = tttOutcome(state);
  let value: number;
  if (result.kind === "win") value = -1; // the previous mover won
  else if (result.kind === "draw") value = 0;
  else {
    value = -Infinity;
    for (const cell of tttLegalMoves(state)) {
      const next = applyMove(state, seatToMove(state), cell);
      if (next.ok) value = Math.max(value, -negamax(next.state));
    }
  }
  values.set(key, value);
  return value;
}

/** Every move that keeps the best minimax value. */
export function bestTicTacToeMoves(state: TicTacToeState): number[] {
  let best = -Infinity;
  let moves: number[] = [];
  for (const cell of tttLegalMoves(state)) {
    const next = applyMove(state, seatToMove(state), cell);
    if (!next.ok) continue;
    const value = -negamax(next.state);
    if (value > best) [best, moves] = [value, [cell]];
    else if (value === best) moves.push(cell);
  }
  return moves;
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))];
}

/**
 * A server bot's move. Tic-tac-toe: with probability `strength` a minimax-best move, otherwise any legal move
 * (strength 1 never loses). Connect Four: likewise, with its budgeted search. RPS and anything else: a random legal move.
 * `random` is injected so tests can make bots deterministic.
 */
export function chooseBotMove<S, M>(rules: GameRules<S, M>, state: S, seat: Seat, random: () => number, strength = 1): M | null {
  const moves = rules.legalMoves(state, seat);
  if (moves.length === 0) return null;
  if (rules.name === "tictactoe" && random() < strength) {
    return pick(bestTicTacToeMoves(state as unknown as TicTacToeState), random) as unknown as M;
  }
  if (rules.name === connectFour.name && random() < strength) {
    return bestConnectFourMove(state as unknown as ConnectFourState, random) as unknown as M;
  }
  return pick(moves, random);
}
