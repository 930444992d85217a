// What every game's client module reads: the game room's state as plain data. No network, no DOM, no Phaser.

/** A player as the client decodes it; each game's player adds its own fields (mark, score, chosen, hand). */
export interface PlayerView {
  playerId: string;
  name: string;
  seat: number;
  rating: number;
  bot: boolean;
  connected: boolean;
  reconnectDeadline: number;
  wantsRematch: boolean;
  ratingChange: number;
  /** Score in the series of rematches before this game (win 1, draw ½). */
  series?: number;
  [field: string]: unknown;
}

/** The game room's state as plain data, a new object on every patch (so a screen can compare it with the last one). */
export interface GameView {
  game: string;
  status: "waiting" | "playing" | "finished" | "aborted";
  players: Record<string, PlayerView>;
  turn: number;
  winner: number;
  reason: string;
  winningLine: number[];
  deadline: number;
  spectators: number;
  rated: boolean;
  rematchDeadline: number;
  /** Games of the series played before this one. */
  seriesGames?: number;
  [field: string]: unknown;
}

/** Players in seat order. */
export function seated(view: GameView): PlayerView[] {
  return Object.values(view.players).sort((a, b) => a.seat - b.seat);
}
