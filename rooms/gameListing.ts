import type { SeatSpec } from "./deps";

/**
 * What a game room writes into its room listing. The lobby reads it on any process of a cluster (the live list,
 * whether a player is still in a game), so it is the contract between the two.
 */
export interface GameListing {
  game: string;
  /** The room's GameState status: "waiting", "playing", "finished" or "aborted". */
  status: string;
  players: string;
  playerIds: string[];
  names: string[];
  ratings: number[];
  rated: boolean;
  spectators: number;
  /** On the lobby's Watch list and open to spectators; false for a private game its creator did not list. */
  listed: boolean;
}

/** A room listing as the matchmaker returns it (the local driver or Redis), reduced to what the lobby reads. */
export interface RoomListing {
  roomId: string;
  name: string;
  /** Set by every driver: a Date locally, its JSON string through Redis; either orders by `<`. */
  createdAt?: Date | string;
  /** Written by the room, so never trusted to be whole. */
  metadata?: Partial<GameListing> | null;
}

export function gameListing(game: string, status: string, seats: readonly SeatSpec[], rated: boolean, spectators: number, listed = true): GameListing {
  return {
    game,
    status,
    players: seats.map((s) => s.name).join(" vs "),
    playerIds: seats.map((s) => s.playerId),
    names: seats.map((s) => s.name),
    ratings: seats.map((s) => Math.round(s.rating)),
    rated,
    spectators,
    listed,
  };
}
