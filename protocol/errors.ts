// Every error code a client can receive, listed once. docs/protocol.md documents each.
export const ErrorCode = {
  // message shape and routing
  BAD_MESSAGE: "BAD_MESSAGE", // wrong shape or type of a message payload
  OUT_OF_RANGE: "OUT_OF_RANGE", // a number outside its allowed range
  UNKNOWN_TYPE: "UNKNOWN_TYPE", // a message type this room does not handle
  RATE_LIMITED: "RATE_LIMITED",
  // who may act
  NOT_A_PLAYER: "NOT_A_PLAYER", // spectators and strangers cannot act
  NOT_YOUR_TURN: "NOT_YOUR_TURN",
  // game rules
  CELL_TAKEN: "CELL_TAKEN",
  COLUMN_FULL: "COLUMN_FULL", // a Connect Four move in a column with no free cell
  ALREADY_CHOSEN: "ALREADY_CHOSEN",
  GAME_OVER: "GAME_OVER",
  GAME_NOT_STARTED: "GAME_NOT_STARTED",
  // joining
  AUTH_REQUIRED: "AUTH_REQUIRED",
  AUTH_INVALID: "AUTH_INVALID",
  SEAT_RESERVED: "SEAT_RESERVED", // a direct join as a player; seats come from the lobby
  // lobby
  UNKNOWN_GAME: "UNKNOWN_GAME",
  NOT_QUEUED: "NOT_QUEUED",
  QUEUE_COOLDOWN: "QUEUE_COOLDOWN",
  ALREADY_IN_GAME: "ALREADY_IN_GAME",
  MATCH_FAILED: "MATCH_FAILED", // a pairing whose game room could not be created; the player is no longer queued
  PRIVATE_NOT_FOUND: "PRIVATE_NOT_FOUND",
  PRIVATE_EXPIRED: "PRIVATE_EXPIRED",
  PRIVATE_OWN_GAME: "PRIVATE_OWN_GAME",
  PRIVATE_CREATOR_BUSY: "PRIVATE_CREATOR_BUSY", // the code's creator is in a game now; the code stays open
  PRIVATE_JOIN_LIMITED: "PRIVATE_JOIN_LIMITED", // too many codes that opened no game; private:join refused for a while
  REMATCH_UNAVAILABLE: "REMATCH_UNAVAILABLE",
  SPECTATE_PRIVATE: "SPECTATE_PRIVATE", // joining an unlisted private game as a spectator
  // HTTP API
  BAD_REQUEST: "BAD_REQUEST",
  ORIGIN_NOT_ALLOWED: "ORIGIN_NOT_ALLOWED",
  SERVER_SHUTTING_DOWN: "SERVER_SHUTTING_DOWN",
  UNAVAILABLE: "UNAVAILABLE", // the database could not be reached; nothing changed
  NOT_FOUND: "NOT_FOUND",
  // accounts
  USERNAME_INVALID: "USERNAME_INVALID", // not 3–24 letters, digits, _ . -
  USERNAME_TAKEN: "USERNAME_TAKEN", // equal (ignoring case and look-alike letters) to a claimed one
  PASSWORD_INVALID: "PASSWORD_INVALID", // shorter than 8 or longer than 256 characters
  ALREADY_CLAIMED: "ALREADY_CLAIMED", // this player already has an account
  NOT_CLAIMED: "NOT_CLAIMED", // a guest asked for something only an account has (a password change)
  SIGNIN_FAILED: "SIGNIN_FAILED", // unknown username or wrong password: one answer for both
  WRONG_PASSWORD: "WRONG_PASSWORD", // the current password given to a password change is wrong
  SESSION_NOT_FOUND: "SESSION_NOT_FOUND", // no session of mine has that id
  // moderation
  BANNED: "BANNED", // the operator banned this account: no room or lobby seat
  REPORT_LIMITED: "REPORT_LIMITED", // too many reports filed in a short while
  // chat
  CHAT_TOO_LONG: "CHAT_TOO_LONG", // a line longer than CHAT_MAX_CHARS
  CHAT_RATE_LIMITED: "CHAT_RATE_LIMITED", // more lines than the chat allows in a short while
  CHAT_MUTED: "CHAT_MUTED", // the operator muted this account's chat for a while
  CHAT_OFF: "CHAT_OFF", // free text from a player who turned chat off (quick phrases still go)
  LINE_NOT_FOUND: "LINE_NOT_FOUND", // a report names a chat line this client never received
  // challenges
  PLAYER_NOT_FOUND: "PLAYER_NOT_FOUND",
  CHALLENGE_SELF: "CHALLENGE_SELF",
  CHALLENGE_BOT: "CHALLENGE_BOT", // bots are played from the queue, not challenged
  CHALLENGES_OFF: "CHALLENGES_OFF", // the player takes no challenges
  CHALLENGES_PLAYED_ONLY: "CHALLENGES_PLAYED_ONLY", // the player takes challenges only from accounts they have played
  CHALLENGE_LIMIT: "CHALLENGE_LIMIT", // too many open challenges at once
  CHALLENGE_EXISTS: "CHALLENGE_EXISTS", // a challenge between these two is already open
  CHALLENGE_BACKOFF: "CHALLENGE_BACKOFF", // declined recently by this player; wait before challenging again
  CHALLENGE_NOT_FOUND: "CHALLENGE_NOT_FOUND", // no open challenge with that id for you
  CHALLENGE_EXPIRED: "CHALLENGE_EXPIRED",
  CHALLENGER_BUSY: "CHALLENGER_BUSY", // the challenger is in a game now; the challenge stays open
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface GameError {
  code: ErrorCode;
  message: string;
}

export function gameError(code: ErrorCode, message: string): GameError {
  return { code, message };
}
