import { connection } from "../net/connection";
import { Store } from "../base/emitter";

import type { GameView } from "../games/view";

export type { GameView, PlayerView } from "../games/view";
export { seated } from "../games/view";

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
