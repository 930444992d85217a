import { Store } from "../base/emitter";

/**
 * The polite live region's text (App renders it): turns, the opponent's moves, reveals, low clocks and results are
 * said here for screen readers. Each announcement replaces the last; the same text twice is made distinct so it is read again.
 */
export const announcement = new Store<string>("");
/** Everything announced, oldest first (the test hook reads it). */
export const announced: string[] = [];

export function announce(text: string) {
  if (!text) return;
  announced.push(text);
  announcement.set(announcement.get() === text ? `${text}\u00a0` : text);
}
