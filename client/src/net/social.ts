// The chat's and the challenges' messages and the preferences' HTTP shapes, typed for the client
// (docs/protocol.md). Stand-ins until protocol/chat.ts and protocol/challenges.ts are merged.
import type { GameName } from "./api";

export type ChatChannel = "players" | "spectators";

/** The quick phrases, in the order their buttons show; they go through even with chat off. */
export const QUICK_PHRASES = { hello: "Hello", gl: "Good luck", gg: "Good game", thanks: "Thanks", wp: "Well played", rematch: "Rematch?" } as const;
export type QuickPhrase = keyof typeof QUICK_PHRASES;

/** The most characters a free-text line may have, after trimming. */
export const CHAT_MAX_CHARS = 200;
/** The most characters a report's note may have. */
export const REPORT_NOTE_MAX_CHARS = 500;

/** The game room's `chat`: one line, in order within its channel (`seq`). */
export interface ChatLine {
  seq: number;
  channel: ChatChannel;
  playerId: string;
  name: string;
  text: string;
  phrase: QuickPhrase | null;
  at: number;
}

/** `chat:history`: the last lines of a channel this client may see, on joining and on reconnecting. */
export interface ChatHistory {
  channel: ChatChannel;
  lines: ChatLine[];
}

export const REPORT_REASONS = ["abuse", "spam", "cheating", "name", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export type ChallengePolicy = "everyone" | "played" | "nobody";

/** GET /api/me/preferences. */
export interface PreferencesView {
  chatOff: boolean;
  challenges: ChallengePolicy;
  muted: { playerId: string; name: string }[];
}

/** A challenge as the lobby sends it (and GET /api/challenges/:id answers). */
export interface Challenge<G extends string = GameName> {
  id: string;
  game: G;
  rated: boolean;
  from: { playerId: string; name: string; rating: number };
  to: { playerId: string; name: string };
  createdAt: number;
  expiresAt: number;
}
