// The chat's and the challenges' messages and the preferences' HTTP shapes, typed for the client
// (docs/protocol.md). The chat's are stand-ins, named as in protocol/chat.ts, until it is merged.
import type { ChallengeView } from "../../../protocol/challenges";
import type { GameName } from "./api";

export { DECLINE_REASONS } from "../../../protocol/challenges";
export type {
  CancelReason,
  ChallengeAcceptedMessage,
  ChallengeCancelledMessage,
  ChallengeDeclinedMessage,
  ChallengeDeclinePayload,
  ChallengeExpiredMessage,
  ChallengeIdPayload,
  ChallengeListMessage,
  ChallengeReceivedMessage,
  ChallengeSendPayload,
  ChallengeSentMessage,
  ChallengeView,
  DeclineReason,
} from "../../../protocol/challenges";

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

export type ChallengePolicy = "everyone" | "played" | "nobody";

/** GET /api/me/preferences. */
export interface PreferencesView {
  chatOff: boolean;
  challenges: ChallengePolicy;
  muted: { playerId: string; name: string }[];
}

/** A challenge of one of the client's games. */
export type Challenge = ChallengeView<GameName>;
