import type { Room } from "colyseus.js";
import { Store } from "../base/emitter";
import { connection, type RoomError } from "../net/connection";
import type { ChatChannel, ChatHistoryMessage, ChatMessage as ChatLine, ChatMuteMessage, ChatOffMessage, ChatSend, ReportMessage } from "../net/social";
import { announce } from "./announce";
import { lineText, mergeLines } from "./chatLines";
import { noteChatOff, noteMute, preferences } from "./preferences";

/** The game room's chat as this tab received it: each channel's lines in order, once each. */
export interface ChatState {
  roomId: string | null;
  lines: Record<ChatChannel, ChatLine[]>;
}

const empty = (roomId: string | null): ChatState => ({ roomId, lines: { players: [], spectators: [] } });

export const chat = new Store<ChatState>(empty(null));

export { lineText, visibleLines } from "./chatLines";

/** The last error the chat answered (rate limit, too long, chat off, muted by the operator), with when it came. */
export const chatError = new Store<{ code: string; message: string; at: number } | null>(null);

/** The answer to the last report sent from the game: filed, or refused. */
export const reportAnswer = new Store<{ ok: boolean; text: string } | null>(null);

/** Always the chat's own. */
const CHAT_ERRORS = /^CHAT_/;
const REPORT_ERRORS = /^(REPORT_LIMITED|LINE_NOT_FOUND)$/;
/** Shared with other messages: the chat's only while one of its messages waits for an answer. */
const SHARED_ERRORS = new Set(["BAD_MESSAGE", "UNAVAILABLE", "PLAYER_NOT_FOUND", "NOT_A_PLAYER", "RATE_LIMITED"]);
/** Set while a chat message (a line, a mute, chat off) or a report waits for its answer. */
let awaiting: "chat" | "report" | null = null;

export function sendChat(payload: ChatSend) {
  awaiting = "chat";
  chatError.set(null);
  connection.sendGame("chat", payload);
}

/** Mutes or unmutes a player for me, in this room and every later one (the room keeps it in the store). */
export function sendMute(player: { playerId: string; name: string }, muted: boolean) {
  awaiting = "chat";
  noteMute(player, muted);
  connection.sendGame("chat:mute", { playerId: player.playerId, muted } satisfies ChatMuteMessage);
}

/** Chat off (only quick phrases shown and sent) or on again, kept for every later game too. */
export function sendChatOff(off: boolean) {
  awaiting = "chat";
  noteChatOff(off);
  connection.sendGame("chat:off", { off } satisfies ChatOffMessage);
}

export function sendReport(payload: ReportMessage) {
  awaiting = "report";
  reportAnswer.set(null);
  connection.sendGame("report", payload);
}

connection.claimErrors("game", (error: RoomError) => {
  if (REPORT_ERRORS.test(error.code) || (awaiting === "report" && SHARED_ERRORS.has(error.code))) {
    awaiting = null;
    reportAnswer.set({ ok: false, text: error.message });
    return true;
  }
  if (CHAT_ERRORS.test(error.code) || (awaiting === "chat" && SHARED_ERRORS.has(error.code))) {
    awaiting = null;
    chatError.set({ ...error, at: Date.now() });
    return true;
  }
  return false;
});

// The room's answers once it has kept them (the local copy changed already when they were asked).
connection.on("game:chat:mute", (m: ChatMuteMessage) => {
  awaiting = null;
  const known = preferences.get()?.muted.find((p) => p.playerId === m.playerId);
  if (m.muted !== !!known) noteMute({ playerId: m.playerId, name: known?.name ?? "" }, m.muted);
});
connection.on("game:chat:off", (m: ChatOffMessage) => {
  awaiting = null;
  if (preferences.get()?.chatOff !== m.off) noteChatOff(m.off);
});

connection.on("game:joined", (room: Room) => {
  // A reconnection to the same room keeps its lines until its history replaces them.
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

// A channel's history replaces what this tab had of it (after a reconnection it is what the room says I may see).
connection.on("game:chat:history", (m: ChatHistoryMessage) => {
  const state = chat.get();
  chat.set({ ...state, lines: { ...state.lines, [m.channel]: mergeLines([], m.lines) } });
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
