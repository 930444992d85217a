// The chat's and the challenges' messages and the preferences' HTTP shapes, typed for the client
// (docs/protocol.md). Stand-ins, named as in protocol/chat.ts and protocol/challenges.ts, until those are merged.
import type { GameName } from "./api";

export const CHAT_MAX_CHARS = 200;
export const REPORT_NOTE_MAX_CHARS = 500;
export const QUICK_PHRASES = { hello: "Hello", gl: "Good luck", gg: "Good game", thanks: "Thanks", wp: "Well played", rematch: "Rematch?" } as const;
export type QuickPhrase = keyof typeof QUICK_PHRASES;
export const QUICK_PHRASE_KEYS = Object.keys(QUICK_PHRASES) as QuickPhrase[];
export type ChatChannel = "players" | "spectators";
export interface ChatMessage {
  seq: number;
  channel: ChatChannel;
  playerId: string;
  name: string;
  text: string;
  phrase: QuickPhrase | null;
  at: number;
}
export interface ChatHistoryMessage {
  channel: ChatChannel;
  lines: ChatMessage[];
}
export interface ChatMuteMessage {
  playerId: string;
  muted: boolean;
}
export interface ChatOffMessage {
  off: boolean;
}
export const REPORT_REASONS = ["abuse", "spam", "cheating", "name", "other"] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export interface ReportMessage {
  seq?: number;
  channel?: ChatChannel;
  reason: ReportReason;
  note?: string;
}

export interface ChallengeView<G extends string = string> {
  id: string;
  game: G;
  rated: boolean;
  from: { playerId: string; name: string; rating: number };
  to: { playerId: string; name: string };
  createdAt: number;
  expiresAt: number;
}
export const DECLINE_REASONS = ["generic", "later", "rated", "casual", "game"] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];
export type CancelReason = "cancelled" | "offline";
export interface ChallengeListMessage<G extends string = string> {
  received: ChallengeView<G>[];
  sent: ChallengeView<G>[];
}

export type ChallengePolicy = "everyone" | "played" | "nobody";

/** GET /api/me/preferences. */
export interface PreferencesView {
  chatOff: boolean;
  challenges: ChallengePolicy;
  muted: { playerId: string; name: string }[];
}

/** A challenge of one of the client's games. */
export type Challenge = ChallengeView<GameName>;
