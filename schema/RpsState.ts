import { ArraySchema, Schema, type } from "@colyseus/schema";
import { GameState } from "./GameState";

export class RpsRoundState extends Schema {
  @type("string") hand0 = "";
  @type("string") hand1 = "";
  /** Seat that took the round, -1 for a tie. */
  @type("int8") winner = -1;
}

export class RpsState extends GameState {
  /** 1-based number of the round being played. */
  @type("uint8") round = 1;
  @type("uint8") winsNeeded = 2;
  @type("uint8") maxRounds = 9;
  /** Revealed rounds, oldest first. */
  @type([RpsRoundState]) rounds = new ArraySchema<RpsRoundState>();
}
