import { isGameName } from "../games/registry";
import type { GameListing, RoomListing } from "../rooms/gameListing";

/** A lobby shows a page of live games, not every game on the server. */
export const LIVE_GAMES_SHOWN = 30;

/** One live game as the lobby lists it: schema/LobbyState.ts's LiveGame as plain data. */
export interface LiveGameRow {
  roomId: string;
  game: string;
  rated: boolean;
  spectators: number;
  names: string[];
  ratings: number[];
}

type PlayingRoom = RoomListing & { metadata: Partial<GameListing> };

function isPlaying(room: RoomListing): room is PlayingRoom {
  return isGameName(room.name) && room.metadata?.status === "playing";
}

/** The games in progress worth listing, most watched first, out of every room the matchmaker knows. */
export function liveGames(rooms: readonly RoomListing[], shown = LIVE_GAMES_SHOWN): LiveGameRow[] {
  const watchers = (room: PlayingRoom) => room.metadata.spectators ?? 0;
  return (
    rooms
      .filter(isPlaying)
      // Oldest first among equals: a game stays listed until it ends, so the list (sent to every lobby client) churns little.
      .sort((a, b) => watchers(b) - watchers(a) || ((a.createdAt ?? 0) < (b.createdAt ?? 0) ? -1 : 1))
      .slice(0, shown)
      .map((room) => ({
        roomId: room.roomId,
        game: room.metadata.game ?? room.name,
        rated: !!room.metadata.rated,
        spectators: watchers(room),
        names: room.metadata.names ?? [],
        ratings: room.metadata.ratings ?? [],
      }))
  );
}
