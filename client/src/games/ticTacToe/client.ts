import { MARKS } from "../../../../games/ticTacToe";
import { seated } from "../view";
import type { ClientGame } from "../clientGame";
import { stepPerMove, type ReplayStep } from "../replaySteps";
import { CELL, cellCentre, legalCells, type TicTacToeView } from "./view";

const CELL_NAMES = ["top left", "top middle", "top right", "middle left", "centre", "middle right", "bottom left", "bottom middle", "bottom right"];
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const ticTacToeClient = {
  name: "tictactoe",
  title: "Tic-tac-toe",
  shortTitle: "Tic-tac-toe",
  sides: MARKS,
  reasons: { line: "three in a row" },
  // 1–9 as the cells read, row by row from the top left.
  keys: Object.fromEntries(CELL_NAMES.map((_, cell) => [String(cell + 1), cell])),
  keyHelp: "Keys 1–9 play the cells row by row; or the arrow keys and Enter.",
  gridColumns: 3,
  timeoutRule: "If your clock runs out, you lose the game.",
  loadBoard: () => import("./board").then((m) => m.ticTacToeBoard),
  controls(view, mySeat) {
    const legal = new Set(legalCells(view, mySeat));
    return CELL_NAMES.map((where, i) => {
      const mark = view.board[i];
      const { x, y } = cellCentre(i);
      return { name: `cell:${i}`, label: `${capital(where)}, ${mark || "empty"}`, move: i, enabled: legal.has(i), x, y, width: CELL - 10, height: CELL - 10 };
    });
  },
  message: (cell) => ({ type: "move", payload: { cell } }),
  refusal(view, mySeat, cell) {
    if (legalCells(view, mySeat).includes(cell)) return null;
    return view.board[cell] ? "That cell is taken." : "It is not your turn.";
  },
  turnNumber: (view) => view.board.filter((mark) => mark !== "").length,
  mustAct: (view, mySeat) => view.status === "playing" && view.turn === mySeat,
  playingStatus(view, mySeat) {
    const mover = seated(view)[view.turn];
    if (!mover) return "";
    if (mover.seat === mySeat) return `Your turn (${mover.mark})`;
    return `${mover.name} to move (${mover.mark})`;
  },
  playerDetail: (player) => String(player.mark ?? ""),
  notes: () => [],
  changes(prev, next, mySeat) {
    const out = [];
    for (let i = 0; i < 9; i++) {
      const mark = next.board[i];
      if (!mark || prev.board[i] === mark) continue;
      const seat = MARKS.indexOf(mark as "X" | "O");
      const who = seat === mySeat ? "You" : (seated(next)[seat]?.name ?? "?");
      out.push({ text: `${who} (${mark}) ${seat === mySeat ? "take" : "takes"} the ${CELL_NAMES[i]}.`, byOpponent: seat !== mySeat });
    }
    return out;
  },
  describeMove: (m, player) => `${player} (${MARKS[m.seat]}) takes the ${CELL_NAMES[m.move as number] ?? "?"}`,
  replaySteps: (match): ReplayStep[] => stepPerMove(match, ticTacToeClient.describeMove),
} satisfies ClientGame<TicTacToeView, number>;
