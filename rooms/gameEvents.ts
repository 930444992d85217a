/** Topics game rooms publish on presence, so the lobby hears of them on any process. */
export const GAME_EVENTS = { ended: "parlor:game-ended" } as const;

/**
 * Presence hash: playerId → roomId of the game that player is seated in, from the room's creation to its end.
 * One read tells the lobby whether a player may queue, however many rooms the cluster has.
 */
export const SEATED_KEY = "parlor:seated";

export interface GameEndedEvent {
  roomId: string;
  game: string;
  status: "finished" | "aborted";
  reason: string;
  /** Players who took their seat. */
  showed: string[];
}
