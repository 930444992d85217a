import { ArraySchema, MapSchema, Schema, type, view } from "@colyseus/schema";

export type GameStatus = "waiting" | "playing" | "finished" | "aborted";

export class PlayerState extends Schema {
  @type("string") playerId = "";
  @type("string") name = "";
  @type("uint8") seat = 0;
  /** "X" or "O" in tic-tac-toe; empty in RPS. */
  @type("string") mark = "";
  /** Round wins in RPS. */
  @type("uint8") score = 0;
  @type("number") rating = 0;
  @type("boolean") bot = false;
  @type("boolean") connected = false;
  /** Epoch ms until which a dropped player may reconnect; 0 while connected. */
  @type("number") reconnectDeadline = 0;
  /** RPS: this player has chosen this round (the hand itself stays hidden). */
  @type("boolean") chosen = false;
  /** RPS: this round's hand, seen only by its owner until the reveal. */
  @view() @type("string") hand = "";
  @type("boolean") wantsRematch = false;
  /** Rating after minus before, once a rated result is recorded. */
  @type("number") ratingChange = 0;
}

export class GameState extends Schema {
  @type("string") game = "";
  @type("string") status: GameStatus = "waiting";
  @type({ map: PlayerState }) players = new MapSchema<PlayerState>();
  /** Seat to act, -1 when nobody (RPS rounds let both seats act). */
  @type("int8") turn = -1;
  /** Winning seat, -1 for none or a draw. */
  @type("int8") winner = -1;
  /** Why the game ended: line, rounds, draw, resign, timeout, abandoned, no_show. */
  @type("string") reason = "";
  @type(["uint8"]) winningLine = new ArraySchema<number>();
  /** Epoch ms when the current turn (tic-tac-toe) or round (RPS) runs out; 0 when no clock runs. */
  @type("number") deadline = 0;
  @type("uint16") spectators = 0;
  @type("boolean") rated = false;
  /** Epoch ms until which a rematch may be asked for. */
  @type("number") rematchDeadline = 0;
}
