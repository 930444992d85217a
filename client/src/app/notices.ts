import { connection, type NoticeKind } from "../net/connection";
import { Store } from "../base/emitter";
import { route } from "./router";

export interface Notice {
  id: number;
  text: string;
  kind: NoticeKind;
}

/** The notices of the screen shown: they end with it (a new screen starts with none) and each closes by itself. */
export const notices = new Store<Notice[]>([]);
let nextId = 1;
const LIFETIME_MS = 8000;

export function dismissNotice(id: number) {
  notices.update((list) => list.filter((n) => n.id !== id));
}

connection.on("notice", (text: string, kind: NoticeKind) => {
  const id = nextId++;
  // The server's messages are sentences already; a bare one ("name must …") is given its capital.
  const sentence = text.charAt(0).toUpperCase() + text.slice(1);
  notices.update((list) => [...list.filter((n) => n.text !== sentence).slice(-2), { id, text: sentence, kind }]);
  setTimeout(() => dismissNotice(id), LIFETIME_MS);
});

let keepOnce = false;

/** The next change of screen keeps the notices shown (a redirect that explains itself: a refused link, a lost game). */
export function keepNoticesOnce() {
  keepOnce = true;
}

route.subscribe(() => {
  if (keepOnce) keepOnce = false;
  else notices.set([]);
});
