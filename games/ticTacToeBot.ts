import { applyMove, legalMoves as tttLegalMoves, outcome as tttOutcome, seatToMove, type TicTacToeState } from "./ticTacToe";

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

/** The tic-tac-toe bot's searched move: one of the minimax-best, picked at random. */
export function bestTicTacToeMove(state: TicTacToeState, random: () => number): number | null {
  const moves = bestTicTacToeMoves(state);
  return moves.length ? moves[Math.min(moves.length - 1, Math.floor(random() * moves.length))] : null;
}
