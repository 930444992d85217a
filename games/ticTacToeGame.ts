import { ArraySchema, MapSchema, type } from "@colyseus/schema";
import { z } from "zod";
import { ErrorCode } from "../protocol/errors";
import { GameState, PlayerState } from "../schema/GameState";
import { chooseBotMove } from "./bot";
import { bestTicTacToeMove } from "./ticTacToeBot";
import type { GameDefinition } from "./definition";
import { MARKS, ticTacToe, type TicTacToeState as Rules } from "./ticTacToe";

export class TicTacToePlayer extends PlayerState {
  /** "X" (seat 0, moves first) or "O". */
  @type("string") mark = "";
}

// No @view() field anywhere: tic-tac-toe hides nothing, so its patches are encoded once for every client.
export class TicTacToeState extends GameState {
  @type({ map: TicTacToePlayer }) players = new MapSchema<TicTacToePlayer>();
  /** Nine cells, row by row: "", "X" or "O". */
  @type(["string"]) board = new ArraySchema<string>(...Array(9).fill(""));
}

const moveSchema = z.object({ cell: z.number().int().min(0).max(8) }).strict();

export const ticTacToeGame: GameDefinition<Rules, number, TicTacToeState, TicTacToePlayer> = {
  name: "tictactoe",
  title: "Tic-tac-toe",
  rules: ticTacToe,
  clock: { env: "TICTACTOE_TURN_MS", default: 30_000, doc: "Time per tic-tac-toe move." },
  startsNewTurn: () => true,
  ruleOptions: {},
  winReason: "line",
  move: { type: "move", schema: moveSchema, toMove: (payload: z.infer<typeof moveSchema>) => payload.cell },
  errors: [ErrorCode.NOT_YOUR_TURN, ErrorCode.CELL_TAKEN],
  schema: {
    createState: () => new TicTacToeState(),
    createPlayer: () => new TicTacToePlayer(),
    hidesChoices: false,
    sync(state, game, playerOf) {
      game.board.forEach((cell, i) => {
        const mark = cell ?? "";
        if (state.board[i] !== mark) state.board[i] = mark;
      });
      for (const seat of [0, 1] as const) {
        const player = playerOf(seat);
        if (player.mark !== MARKS[seat]) player.mark = MARKS[seat];
      }
    },
  },
  bot: (state, seat, random, strength) => chooseBotMove(ticTacToe, state, seat, random, strength, bestTicTacToeMove),
  client: {
    myTurn: (view, seat) => view.turn === seat,
    randomMove(view, _seat, random) {
      const free: number[] = [];
      Array.from(view.board as ArrayLike<string>).forEach((cell, i) => cell === "" && free.push(i));
      if (free.length === 0) return null;
      const cell = free[Math.floor(random() * free.length)];
      return { payload: { cell }, played: (now) => now.board[cell] !== "" || now.status !== "playing" };
    },
  },
};
