import { ArraySchema, MapSchema, Schema, type } from "@colyseus/schema";

export class LiveGame extends Schema {
  @type("string") roomId = "";
  @type("string") game = "";
  @type(["string"]) names = new ArraySchema<string>();
  @type(["number"]) ratings = new ArraySchema<number>();
  @type("uint16") spectators = 0;
  @type("boolean") rated = false;
}

export class LobbyState extends Schema {
  /** Distinct signed-in players connected to the lobby. */
  @type("uint32") online = 0;
  /** Waiting tickets per game. */
  @type({ map: "uint32" }) queues = new MapSchema<number>();
  /** Games in progress, by room id, for spectating. */
  @type({ map: LiveGame }) games = new MapSchema<LiveGame>();
}
