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
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface GameError {
  code: ErrorCode;
  message: string;
}

export function gameError(code: ErrorCode, message: string): GameError {
  return { code, message };
}
