import { CLIENT_GAMES } from "../games/registry";
import type { GameName } from "../net/api";
import { connection } from "../net/connection";
import { announce } from "./announce";
import { Store } from "../base/emitter";
import { navigate } from "./router";

export interface Queued {
  game: GameName;
  position: number;
  since: number;
  /** Server time when a bot will be offered instead, or null (bot fill off, or this ticket opted out). */
  botFillAt: number | null;
}

export interface PrivateGame {
  code: string;
  game: GameName;
  expiresAt: number;
  listed: boolean;
}

/** What the lobby told this tab, kept whichever screen is shown. */
export const queued = new Store<Queued | null>(null);
export const privateGame = new Store<PrivateGame | null>(null);
/** A seat being taken (matched, a private code, a rematch): the Play buttons wait. */
export const joining = new Store(false);

export function createPrivate(game: GameName, listed: boolean) {
  connection.sendLobby("private:create", { game, listed });
}

connection.on("lobby:queued", (m: Queued) => {
  const first = queued.get()?.game !== m.game;
  queued.set({ ...m, botFillAt: m.botFillAt ?? null });
  if (first) announce(`Searching for a ${CLIENT_GAMES[m.game]?.title ?? m.game} opponent.`);
});
connection.on("lobby:cancelled", () => queued.set(null));
connection.on("lobby:reconnecting", () => queued.set(null));
connection.on("lobby:private:created", (m: PrivateGame) => privateGame.set(m));
connection.on("lobby:requeued", (m: { game: GameName }) =>
  connection.notice(`Your opponent never arrived; you are back at the front of the ${CLIENT_GAMES[m.game].title} queue.`, "info"),
);
connection.on("lobby:error", (e: { code: string }) => {
  // A pairing whose game could not be started leaves the player out of the queue.
  if (e.code === "MATCH_FAILED") queued.set(null);
});
connection.on("lobby:matched", (m: { reservation: never; game: GameName; opponent: { name: string; bot?: boolean }; botFill?: boolean; rated?: boolean }) => {
  const wasQueued = queued.get();
  queued.set(null);
  if (m.game === privateGame.get()?.game) privateGame.set(null);
  void enterMatch(m.reservation, m.game, wasQueued, m.botFill ? `No one found yet — playing ${m.opponent.name}, unrated.` : null);
});

/** The game a bot filled in for a person, with the words that say so on its screen. */
export const botFilled = new Store<{ roomId: string; text: string } | null>(null);

async function enterMatch(reservation: never, game: GameName, wasQueued: Queued | null, botFillText: string | null) {
  if (joining.get()) return;
  joining.set(true);
  try {
    const room = await connection.joinSeat(reservation, game);
    botFilled.set(botFillText ? { roomId: room.roomId, text: botFillText } : null);
    if (botFillText) announce(botFillText);
    navigate({ screen: "game", roomId: room.roomId });
  } catch (error) {
    connection.notice(`Could not join the game: ${(error as Error).message}`);
    if (wasQueued) queued.set(null);
  } finally {
    joining.set(false);
  }
}
