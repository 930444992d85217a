/** Topics game rooms publish on presence, so the lobby hears of them on any process. */
export const GAME_EVENTS = { ended: "parlor:game-ended" } as const;

export interface GameEndedEvent {
  roomId: string;
  game: string;
  status: "finished" | "aborted";
  reason: string;
  /** Players who took their seat. */
  showed: string[];
}
