import { COLUMNS } from "../../../../games/connectFour";
import type { ClientGame } from "../clientGame";
import { SIDES } from "./boardView";
import { ConnectFourReplayBoard } from "./ConnectFourReplayBoard";
import { ConnectFourScene } from "./ConnectFourScene";

export const connectFourClient = {
  name: "connectfour",
  title: "Connect Four",
  shortTitle: "Connect Four",
  sides: SIDES,
  reasons: { line: "four in a row" },
  // 1–7 for the columns from the left.
  keys: Object.fromEntries(Array.from({ length: COLUMNS }, (_, column) => [String(column + 1), column])),
  scene: ConnectFourScene,
  describeMove: (m, player) => `${player} (${SIDES[m.seat]}) drops in column ${(m.move as number) + 1}`,
  createReplayBoard: (scene, match) => new ConnectFourReplayBoard(scene, match),
} satisfies ClientGame<number>;
