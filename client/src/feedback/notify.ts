/**
 * Opt-in browser notifications for a player who is in another tab: a match was found, or it is their turn.
 * The wish is remembered in localStorage (`parlor.notify`); the browser's permission is asked for only when the
 * player turns them on. Nothing touches the DOM when imported.
 */

export type NotifyKind = "matchFound" | "yourTurn" | "challenge";

/** Every notification shown, oldest first (the test hook exposes it); the last 100 are kept. */
export const notificationLog: { kind: NotifyKind; title: string; body: string; at: number }[] = [];
const LOG_LIMIT = 100;

const WANTED_KEY = "parlor.notify";
/** One tag for all: a newer notification replaces the one still showing instead of piling up. */
export const NOTIFICATION_TAG = "parlor";

const TITLES: Record<NotifyKind, string> = { matchFound: "Match found", yourTurn: "Your turn", challenge: "A challenge" };

function storage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

function api(): typeof Notification | null {
  return typeof Notification === "undefined" ? null : Notification;
}

function remember(on: boolean) {
  try {
    storage()?.setItem(WANTED_KEY, on ? "1" : "0");
  } catch {
    // Not remembered; the next page asks again.
  }
}

/** The player turned notifications on, and the browser still allows them. */
export function notificationsWanted(): boolean {
  return storage()?.getItem(WANTED_KEY) === "1" && api()?.permission === "granted";
}

/** Turns them on (asking the browser's permission if not yet given) or off; resolves to whether they are on now. */
export async function setNotificationsWanted(on: boolean): Promise<boolean> {
  const N = api();
  if (!on || !N) {
    remember(false);
    return false;
  }
  let permission = N.permission;
  if (permission === "default") {
    try {
      permission = await N.requestPermission();
    } catch {
      permission = "denied";
    }
  }
  remember(permission === "granted");
  return permission === "granted";
}

let shown: Notification | null = null;
let listening = false;

/** Shows a notification if the player wants them, the browser permits them and the tab is hidden; returns it, or null. */
export function notifyIfHidden(kind: NotifyKind, body: string): Notification | null {
  const N = api();
  if (!N || !notificationsWanted() || typeof document === "undefined" || !document.hidden) return null;
  const title = TITLES[kind];
  let n: Notification;
  try {
    n = new N(title, { body, tag: NOTIFICATION_TAG });
  } catch {
    return null; // e.g. Chrome on Android, which shows notifications only from a service worker
  }
  n.onclick = () => {
    globalThis.focus?.();
    n.close();
  };
  shown = n;
  if (!listening) {
    listening = true;
    // Back in the tab, the notification has said what it had to.
    document.addEventListener("visibilitychange", () => {
      if (document.hidden) return;
      shown?.close();
      shown = null;
    });
  }
  notificationLog.push({ kind, title, body, at: Date.now() });
  if (notificationLog.length > LOG_LIMIT) notificationLog.splice(0, notificationLog.length - LOG_LIMIT);
  return n;
}
