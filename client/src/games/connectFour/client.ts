import { CELLS, COLUMNS } from "../../../../games/connectFour";
import { seated } from "../view";
import type { ClientGame } from "../clientGame";
import { stepPerMove, type ReplayStep } from "../replaySteps";
import { CELL, SIDES } from "./boardView";
import { COLUMN_BOTTOM, COLUMN_TOP, columnX, freeIn, myTurn, type ConnectFourView } from "./view";

export const connectFourClient = {
  name: "connectfour",
  title: "Connect Four",
  shortTitle: "Connect Four",
  sides: SIDES,
  reasons: { line: "four in a row" },
  // 1–7 for the columns from the left.
  keys: Object.fromEntries(Array.from({ length: COLUMNS }, (_, column) => [String(column + 1), column])),
  keyHelp: "Keys 1–7 drop a piece in a column; or ← → and Enter.",
  gridColumns: COLUMNS,
  timeoutRule: "If your clock runs out, you lose the game.",
  loadBoard: () => import("./board").then((m) => m.connectFourBoard),
  controls(view, mySeat) {
    return Array.from({ length: COLUMNS }, (_, column) => {
      const free = freeIn(view, column);
      return {
        name: `column:${column}`,
        label: `Column ${column + 1}, ${free ? `${free} free` : "full"}`,
        move: column,
        enabled: myTurn(view, mySeat) && free > 0,
        x: columnX(column),
        y: (COLUMN_TOP + COLUMN_BOTTOM) / 2,
        width: CELL,
        height: COLUMN_BOTTOM - COLUMN_TOP,
      };
    });
  },
  message: (column) => ({ type: "move", payload: { column } }),
  refusal(view, mySeat, column) {
    if (!myTurn(view, mySeat)) return "It is not your turn.";
    return freeIn(view, column) > 0 ? null : "That column is full.";
  },
  turnNumber: (view) => view.board.filter((cell) => cell >= 0).length,
  mustAct: myTurn,
  playingStatus(view, mySeat) {
    const mover = seated(view)[view.turn];
    if (!mover) return "";
    if (mover.seat === mySeat) return `Your turn (${SIDES[mover.seat]})`;
    return `${mover.name} to move (${SIDES[mover.seat]})`;
  },
  playerDetail: (player) => SIDES[player.seat] ?? "",
  notes: () => [],
  changes(prev, next, mySeat) {
    const out = [];
    for (let i = 0; i < CELLS; i++) {
      const seat = next.board[i];
      if (seat < 0 || prev.board[i] === seat) continue;
      const who = seat === mySeat ? "You" : (seated(next)[seat]?.name ?? "?");
      out.push({ text: `${who} (${SIDES[seat]}) ${seat === mySeat ? "drop" : "drops"} in column ${(i % COLUMNS) + 1}.`, byOpponent: seat !== mySeat });
    }
    return out;
  },
  describeMove: (m, player) => `${player} (${SIDES[m.seat]}) drops in column ${(m.move as number) + 1}`,
  replaySteps: (match): ReplayStep[] => stepPerMove(match, connectFourClient.describeMove),
} satisfies ClientGame<ConnectFourView, number>;
