import { ArraySchema, MapSchema, Schema, type } from "@colyseus/schema";

export type GameStatus = "waiting" | "playing" | "finished" | "aborted";

/** What both games show of a player; each game's player schema adds its own fields. */
export class PlayerState extends Schema {
  @type("string") playerId = "";
  @type("string") name = "";
  @type("uint8") seat = 0;
  @type("number") rating = 0;
  @type("boolean") bot = false;
  @type("boolean") connected = false;
  /** Epoch ms until which a dropped player may reconnect; 0 while connected. */
  @type("number") reconnectDeadline = 0;
  @type("boolean") wantsRematch = false;
  /** Rating after minus before, once a rated result is recorded. */
  @type("number") ratingChange = 0;
  /**
   * This player's points in the series with this opponent (the first match and its rematches) before this game:
   * a win 1, a draw 0.5, a loss 0. 0 in a first match.
   */
  @type("number") series = 0;
}

export class GameState extends Schema {
  @type("string") game = "";
  @type("string") status: GameStatus = "waiting";
  /** By sessionId; declared by each game's state with its own player schema. */
  players!: MapSchema<PlayerState>;
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
  /** Finished games of this series (the first match and its rematches) before this one; 0 in a first match. */
  @type("uint16") seriesGames = 0;
}
