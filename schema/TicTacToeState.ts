import { ArraySchema, type } from "@colyseus/schema";
import { GameState } from "./GameState";

export class TicTacToeState extends GameState {
  /** Nine cells, row by row: "", "X" or "O". */
  @type(["string"]) board = new ArraySchema<string>(...Array(9).fill(""));
}
