// The game rooms' chat on the wire, both ways (docs/protocol.md §4 "Chat"). No imports: the browser client uses
// it as it is, for its phrase buttons, its length check and its types.

/** The longest line, in UTF-16 code units after trimming (what a text input's `maxlength` counts); at most 600 bytes. */
export const CHAT_MAX_CHARS = 200;
/** How many of a channel's last lines `chat:history` carries. */
export const CHAT_HISTORY_LINES = 30;
/** Lines one player may send in `CHAT_WINDOW_MS` in one room; past that, CHAT_RATE_LIMITED. */
export const CHAT_LINES_PER_WINDOW = 5;
export const CHAT_WINDOW_MS = 10_000;
/** The window of the report limit (REPORTS_PER_10_MIN reports per player, 5 by default); past it, REPORT_LIMITED. */
export const REPORT_WINDOW_MS = 10 * 60_000;
/** The longest note a report may carry: in any script (at most 3 bytes a code unit) it fits a 1 KB frame (MAX_PAYLOAD_BYTES). */
export const REPORT_NOTE_MAX_CHARS = 300;

/** The quick phrases and the text every client shows for each; they go through with chat off, and no filter touches them. */
export const QUICK_PHRASES = {
  hello: "Hello",
  gl: "Good luck",
  gg: "Good game",
  thanks: "Thanks",
  wp: "Well played",
  rematch: "Rematch?",
} as const;

export type QuickPhrase = keyof typeof QUICK_PHRASES;
export const QUICK_PHRASE_KEYS = Object.keys(QUICK_PHRASES) as QuickPhrase[];

/** The two players' channel, and the spectators' (which the players see only once the game has ended). */
export const CHAT_CHANNELS = ["players", "spectators"] as const;
export type ChatChannel = (typeof CHAT_CHANNELS)[number];

/** Client → server `chat`: free text, or a quick phrase by its key. */
export type ChatSend = { text: string } | { phrase: QuickPhrase };

/** Server → client `chat`: one line, sent once to each who may see it, in order (`seq` grows by one per channel). */
export interface ChatMessage {
  seq: number;
  channel: ChatChannel;
  playerId: string;
  name: string;
  /** As shown: a phrase's text, or free text after the filter (matched words masked with `*`). */
  text: string;
  /** The quick phrase's key, or null for free text. */
  phrase: QuickPhrase | null;
  /** Epoch ms, on the server's clock. */
  at: number;
}

/** Server → client `chat:history`: a channel's last lines this client may see; replaces what it shows of that channel. */
export interface ChatHistoryMessage {
  channel: ChatChannel;
  lines: ChatMessage[];
}

/** `chat:mute` both ways: the client asks, the server answers the same once it is kept. */
export interface ChatMuteMessage {
  playerId: string;
  muted: boolean;
}

/** `chat:off` both ways: the client asks, the server answers the same once it is kept. */
export interface ChatOffMessage {
  off: boolean;
}

export const REPORT_REASONS = ["abuse", "spam", "cheating", "name", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/** Client → server `report`: a line this client received (by `seq`, in `channel`, by default its own), or without `seq` the opponent. */
export interface ReportMessage {
  seq?: number;
  channel?: ChatChannel;
  reason: ReportReason;
  note?: string;
}

/** Server → client `report:filed`: the report is kept; its id. */
export interface ReportFiledMessage {
  id: string;
}
