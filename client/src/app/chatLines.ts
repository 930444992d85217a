// The chat's lines as plain data: which are shown, in what words, in what order. No network, no DOM.
import { QUICK_PHRASES, type ChatMessage as ChatLine } from "../net/social";

/** The lines the screen shows: none of a muted player's, and with chat off only the quick phrases. */
export function visibleLines(lines: readonly ChatLine[], chatOff: boolean, muted: ReadonlySet<string>): ChatLine[] {
  return lines.filter((l) => !muted.has(l.playerId) && (!chatOff || l.phrase !== null));
}

/** A line in words: a quick phrase by its text here, free text as the server sent it (filtered, if on). */
export function lineText(line: ChatLine): string {
  return line.phrase !== null && line.phrase in QUICK_PHRASES ? QUICK_PHRASES[line.phrase] : line.text;
}

/** Merges lines into a channel's list: ordered by seq, each once. */
export function mergeLines(list: readonly ChatLine[], more: readonly ChatLine[]): ChatLine[] {
  const bySeq = new Map(list.map((l) => [l.seq, l]));
  for (const l of more) bySeq.set(l.seq, l);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
