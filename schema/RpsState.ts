import { ArraySchema, MapSchema, Schema, type, view } from "@colyseus/schema";
import { GameState, PlayerState } from "./GameState";

export class RpsPlayer extends PlayerState {
  /** Rounds won. */
  @type("uint8") score = 0;
  /** This player has chosen this round (the hand itself stays hidden). */
  @type("boolean") chosen = false;
  /** This round's hand, seen only by its owner (through a StateView) until the reveal. */
  @view() @type("string") hand = "";
}

export class RpsRoundState extends Schema {
  @type("string") hand0 = "";
  @type("string") hand1 = "";
  /** Seat that took the round, -1 for a tie. */
  @type("int8") winner = -1;
}

export class RpsState extends GameState {
  @type({ map: RpsPlayer }) players = new MapSchema<RpsPlayer>();
  /** 1-based number of the round being played. */
  @type("uint8") round = 1;
  @type("uint8") winsNeeded = 2;
  @type("uint8") maxRounds = 9;
  /** Revealed rounds, oldest first. */
  @type([RpsRoundState]) rounds = new ArraySchema<RpsRoundState>();
}
