import { connection } from "../net/connection";
import { Store } from "./emitter";

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

export interface GameSession {
  roomId: string;
  sessionId: string;
  game: string;
  spectating: boolean;
  view: GameView | null;
}

/** The game this tab is in (playing or watching), whichever screen is shown; null when none. */
export const gameSession = new Store<GameSession | null>(null);

function snapshot() {
  const room = connection.game;
  if (!room) return gameSession.set(null);
  const state = room.state as { toJSON?: () => GameView } | undefined;
  const view = state?.toJSON && (state as { players?: unknown }).players ? state.toJSON() : null;
  gameSession.set({ roomId: room.roomId, sessionId: room.sessionId, game: connection.gameName ?? room.name, spectating: connection.spectating, view });
}

connection.on("game:state", snapshot);
connection.on("game:reconnected", snapshot);
connection.on("game:joined", snapshot);
connection.on("game:left", () => gameSession.set(null));
