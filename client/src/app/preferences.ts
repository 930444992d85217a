import { Store } from "../base/emitter";
import { api } from "../net/api";
import { connection } from "../net/connection";
import type { ChallengePolicy, PreferencesView } from "../net/social";

/**
 * My own choices as the server keeps them (GET /api/me/preferences), so they follow the player to every device:
 * chat off, who may challenge me, whom I muted. Null until loaded. A game room reads them itself at join; this copy
 * is what the screens show, and changes made in a game (`chat:off`, `chat:mute`) are copied here as they are sent.
 */
export const preferences = new Store<PreferencesView | null>(null);

export async function loadPreferences(): Promise<PreferencesView | null> {
  const token = connection.token();
  if (!token) return null;
  try {
    const prefs = await api.preferences(token);
    preferences.set(prefs);
    return prefs;
  } catch {
    return preferences.get();
  }
}

const current = (): PreferencesView => preferences.get() ?? { chatOff: false, challenges: "everyone", muted: [] };

/** The changes sent, one after the other in the order made (arrowing through radios sends each). */
let saving: Promise<unknown> = Promise.resolve();
let unsaved = 0;

/**
 * Chat off (only quick phrases shown and sent) or on, and who may challenge me, from /account. Shown at once (a
 * radio keeps the choice just made); the server's answer to the last change sent replaces it, and a failure reads
 * the preferences again.
 */
export function savePreferences(change: { chatOff?: boolean; challenges?: ChallengePolicy }): Promise<void> {
  preferences.set({ ...current(), ...change });
  unsaved++;
  const done = saving.then(async () => {
    try {
      const answer = await api.setPreferences(connection.token() ?? "", change);
      if (unsaved === 1) preferences.set(answer);
    } catch (error) {
      void loadPreferences();
      throw error;
    } finally {
      unsaved--;
    }
  });
  saving = done.catch(() => undefined);
  return done;
}

/** Unmutes (or mutes) a player from /account. */
export async function saveMute(player: { playerId: string; name: string }, muted: boolean): Promise<void> {
  preferences.set(await api.mute(connection.token() ?? "", player.playerId, muted));
}

/** A mute the game room was asked for (it keeps it in the store): the local copy follows. */
export function noteMute(player: { playerId: string; name: string }, muted: boolean) {
  const prefs = current();
  const others = prefs.muted.filter((m) => m.playerId !== player.playerId);
  preferences.set({ ...prefs, muted: muted ? [...others, { playerId: player.playerId, name: player.name }] : others });
}

export function noteChatOff(off: boolean) {
  preferences.set({ ...current(), chatOff: off });
}
