import { matchMaker } from "@colyseus/core";
import type { GameName } from "../games/registry";
import type { AuthData } from "./auth";
import type { RoomDeps, SeatSpec } from "./deps";
import type { Series } from "./series";

/** What a client passes to `client.consumeSeatReservation()`. */
export interface SeatReservation {
  room: { roomId: string; name: string; processId: string; publicAddress?: string };
  sessionId: string;
}

export interface MatchOptions {
  rated: boolean;
  /** Off the Watch list and closed to spectators: a private game its creator did not list. A rematch keeps it. */
  unlisted?: boolean;
  /** The series so far, set only by a room for the rematch it creates (rooms/series.ts). */
  series?: Series;
  /** Clock overrides, for tests and benchmarks; normally from config. */
  turnMs?: number;
  graceMs?: number;
  rematchMs?: number;
  noShowMs?: number;
  /** Game-specific rule options (RPS: winsNeeded, maxRounds). */
  ruleOptions?: Record<string, unknown>;
}

/**
 * Creates a game room for two players and reserves each human a seat.
 * The only way into a game room as a player.
 */
export async function createMatch(
  deps: Pick<RoomDeps, "grant">,
  game: GameName,
  players: [SeatSpec, SeatSpec],
  options: MatchOptions,
): Promise<{ roomId: string; reservations: Record<string, SeatReservation> }> {
  if (players[0].playerId === players[1].playerId) throw new Error("a player cannot play themselves");
  const room = await matchMaker.createRoom(game, { ...options, grant: deps.grant, players });
  const reservations: Record<string, SeatReservation> = {};
  for (const player of players) {
    if (player.bot) continue;
    const auth: AuthData = { playerId: player.playerId, name: player.name, seatFor: room.roomId };
    const seat = await matchMaker.reserveSeatFor(room, {}, auth);
    reservations[player.playerId] = {
      room: { roomId: room.roomId, name: room.name, processId: room.processId, publicAddress: room.publicAddress },
      sessionId: seat.sessionId,
    };
  }
  return { roomId: room.roomId, reservations };
}
