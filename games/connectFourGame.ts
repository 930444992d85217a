import { ArraySchema, MapSchema, type } from "@colyseus/schema";
import { z } from "zod";
import { ErrorCode } from "../protocol/errors";
import { GameState, PlayerState } from "../schema/GameState";
import { chooseBotMove } from "./bot";
import { CELLS, COLUMNS, connectFour, type ConnectFourState as Rules } from "./connectFour";
import { bestConnectFourMove } from "./connectFourBot";
import type { GameDefinition } from "./definition";

// No @view() field: Connect Four hides nothing, so its patches are encoded once for every client.
export class ConnectFourState extends GameState {
  @type({ map: PlayerState }) players = new MapSchema<PlayerState>();
  /** 42 cells, index row * 7 + column, row 0 at the top: -1 empty, else the seat whose piece is there (0 moves first). */
  @type(["int8"]) board = new ArraySchema<number>(...Array(CELLS).fill(-1));
}

const moveSchema = z.object({ column: z.number().int().min(0).max(COLUMNS - 1) }).strict();

export const connectFourGame: GameDefinition<Rules, number, ConnectFourState, PlayerState> = {
  name: "connectfour",
  title: "Connect Four",
  rules: connectFour,
  clock: { env: "CONNECTFOUR_TURN_MS", default: 30_000, doc: "Time per Connect Four move." },
  startsNewTurn: () => true,
  ruleOptions: {},
  winReason: "line",
  move: { type: "move", schema: moveSchema, toMove: (payload: z.infer<typeof moveSchema>) => payload.column },
  errors: [ErrorCode.NOT_YOUR_TURN, ErrorCode.COLUMN_FULL],
  schema: {
    createState: () => new ConnectFourState(),
    createPlayer: () => new PlayerState(),
    hidesChoices: false,
    sync(state, game) {
      game.board.forEach((cell, i) => {
        const value = cell ?? -1;
        if (state.board[i] !== value) state.board[i] = value;
      });
    },
  },
  bot: (state, seat, random, strength) => chooseBotMove(connectFour, state, seat, random, strength, bestConnectFourMove),
  client: {
    myTurn: (view, seat) => view.turn === seat,
    randomMove(view, _seat, random) {
      // A column is open while its top cell (row 0) is empty.
      const open = Array.from({ length: COLUMNS }, (_, column) => column).filter((column) => view.board[column] < 0);
      if (open.length === 0) return null;
      const column = open[Math.floor(random() * open.length)];
      const pieces = (now: any) => Array.from(now.board as ArrayLike<number>).filter((cell) => cell >= 0).length;
      const before = pieces(view);
      return { payload: { column }, played: (now) => pieces(now) > before || now.status !== "playing" };
    },
  },
};
