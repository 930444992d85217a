import { isGameName } from "../games/registry";
import type { LiveGameRow } from "../protocol/wire";
import type { GameListing, RoomListing } from "../rooms/gameListing";

export type { LiveGameRow };

/** A lobby shows a page of live games, not every game on the server. */
export const LIVE_GAMES_SHOWN = 30;

type PlayingRoom = RoomListing & { metadata: Partial<GameListing> };

/** Playing, and listed: a listing that does not say it is listed (a private game's) is never shown. */
function isPlaying(room: RoomListing): room is PlayingRoom {
  return isGameName(room.name) && room.metadata?.status === "playing" && room.metadata.listed === true;
}

/** The listed games in progress worth listing, most watched first, out of every room the matchmaker knows. */
export function liveGames(rooms: readonly RoomListing[], shown = LIVE_GAMES_SHOWN): LiveGameRow[] {
  const watchers = (room: PlayingRoom) => room.metadata.spectators ?? 0;
  return (
    rooms
      .filter(isPlaying)
      // Oldest first among equals: a game stays listed until it ends, so the list (sent to each Watch subscriber when it changes) churns little.
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

/** Whether two lists show the same: a list that did not change is not sent again. */
export function sameLiveGames(a: readonly LiveGameRow[], b: readonly LiveGameRow[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((row, i) => {
    const other = b[i];
    return (
      row.roomId === other.roomId &&
      row.game === other.game &&
      row.rated === other.rated &&
      row.spectators === other.spectators &&
      row.names.length === other.names.length &&
      row.names.every((name, k) => name === other.names[k]) &&
      row.ratings.length === other.ratings.length &&
      row.ratings.every((rating, k) => rating === other.ratings[k])
    );
  });
}
