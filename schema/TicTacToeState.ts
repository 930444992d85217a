import { ArraySchema, MapSchema, type } from "@colyseus/schema";
import { GameState, PlayerState } from "./GameState";

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
