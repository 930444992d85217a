// The chat's and the challenges' messages (protocol/chat.ts, protocol/challenges.ts) and the preferences' HTTP
// shape, for the client (docs/protocol.md). Those modules import nothing, so the bundle takes their constants as
// they are (the phrases, the length limits).
import type { ChallengeView } from "../../../protocol/challenges";
import type { GameName } from "../../../games/registry";

export { CHAT_MAX_CHARS, QUICK_PHRASE_KEYS, QUICK_PHRASES, REPORT_NOTE_MAX_CHARS, REPORT_REASONS } from "../../../protocol/chat";
export type { ChatChannel, ChatHistoryMessage, ChatMessage, ChatMuteMessage, ChatOffMessage, ChatSend, QuickPhrase, ReportFiledMessage, ReportMessage, ReportReason } from "../../../protocol/chat";

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

export type { ChallengePolicy, PreferencesView } from "../../../protocol/wire";

/** A challenge of one of the client's games. */
export type Challenge = ChallengeView<GameName>;
