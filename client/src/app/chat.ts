import type { Room } from "colyseus.js";
import { Store } from "../base/emitter";
import { connection, type RoomError } from "../net/connection";
import { QUICK_PHRASES, type ChatChannel, type ChatHistory, type ChatLine } from "../net/social";
import { announce } from "./announce";
import { preferences } from "./preferences";

/** The game room's chat as this tab received it: each channel's lines in order, once each. */
export interface ChatState {
  roomId: string | null;
  lines: Record<ChatChannel, ChatLine[]>;
}

const empty = (roomId: string | null): ChatState => ({ roomId, lines: { players: [], spectators: [] } });

export const chat = new Store<ChatState>(empty(null));

/** The last error the chat answered (rate limit, too long, chat off, muted by the operator), with when it came. */
export const chatError = new Store<{ code: string; message: string; at: number } | null>(null);

/** The answer to the last report sent from the game: filed, or refused. */
export const reportAnswer = new Store<{ ok: boolean; text: string } | null>(null);

/** The lines the screen shows: none of a muted player's, and with chat off only the quick phrases. */
export function visibleLines(lines: readonly ChatLine[], chatOff: boolean, muted: ReadonlySet<string>): ChatLine[] {
  return lines.filter((l) => !muted.has(l.playerId) && (!chatOff || l.phrase !== null));
}

/** A line in words: a quick phrase by its text here, free text as the server sent it (filtered, if on). */
export function lineText(line: ChatLine): string {
  return line.phrase !== null && line.phrase in QUICK_PHRASES ? QUICK_PHRASES[line.phrase] : line.text;
}

/** Merges lines into a channel's list: ordered by seq, each once (a reconnection's history repeats some). */
export function mergeLines(list: readonly ChatLine[], more: readonly ChatLine[]): ChatLine[] {
  const bySeq = new Map(list.map((l) => [l.seq, l]));
  for (const l of more) bySeq.set(l.seq, l);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

const CHAT_ERRORS = /^(CHAT_|BAD_MESSAGE$)/;
const REPORT_ERRORS = /^(REPORT_LIMITED|LINE_NOT_FOUND)$/;
/** Set while a chat line or a report waits for its answer, so that a BAD_MESSAGE is taken as the chat's. */
let awaiting: "chat" | "report" | null = null;

export function sendChat(payload: { text: string } | { phrase: string }) {
  awaiting = "chat";
  chatError.set(null);
  connection.sendGame("chat", payload);
}

export function sendReport(payload: { seq?: number; channel?: ChatChannel; reason: string; note?: string }) {
  awaiting = "report";
  reportAnswer.set(null);
  connection.sendGame("report", payload);
}

connection.claimErrors("game", (error: RoomError) => {
  if (REPORT_ERRORS.test(error.code) || (awaiting === "report" && error.code === "BAD_MESSAGE")) {
    awaiting = null;
    reportAnswer.set({ ok: false, text: error.message });
    return true;
  }
  if (CHAT_ERRORS.test(error.code) && (error.code !== "BAD_MESSAGE" || awaiting === "chat")) {
    awaiting = null;
    chatError.set({ ...error, at: Date.now() });
    return true;
  }
  return false;
});

connection.on("game:joined", (room: Room) => {
  // A reconnection to the same room keeps its lines (its history repeats the last ones, merged by seq).
  if (chat.get().roomId === room.roomId) return;
  chat.set(empty(room.roomId));
  chatError.set(null);
  reportAnswer.set(null);
});
connection.on("game:left", () => {
  chat.set(empty(null));
  chatError.set(null);
  reportAnswer.set(null);
});

connection.on("game:chat:history", (m: ChatHistory) => {
  const state = chat.get();
  chat.set({ ...state, lines: { ...state.lines, [m.channel]: mergeLines(state.lines[m.channel], m.lines) } });
});

connection.on("game:chat", (line: ChatLine) => {
  const state = chat.get();
  const known = state.lines[line.channel].some((l) => l.seq === line.seq);
  chat.set({ ...state, lines: { ...state.lines, [line.channel]: mergeLines(state.lines[line.channel], [line]) } });
  const me = connection.player?.playerId;
  if (line.playerId === me) {
    if (awaiting === "chat") awaiting = null;
    chatError.set(null);
    return;
  }
  // Said once, politely, and only what the screen shows: never a muted player's line, nothing while chat is off.
  const prefs = preferences.get();
  if (known || prefs?.chatOff || prefs?.muted.some((m) => m.playerId === line.playerId)) return;
  const watching = line.channel === "spectators" && !connection.spectating;
  announce(`${line.name}${watching ? " (watching)" : ""} says: ${lineText(line)}`);
});

connection.on("game:report:filed", () => {
  awaiting = null;
  reportAnswer.set({ ok: true, text: "Thank you: your report was sent to the operator." });
});
