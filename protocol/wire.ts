// What crosses the wire besides the room schemas: the HTTP API's response shapes and what a recorded match holds.
// The store produces these and the browser client reads them; both import them from here. `G` is the game's name
// (games/registry.ts GameName), left open here so that this bottom layer names no game.

/** Why a match ended. A game's own win reason (its definition's `winReason`) is one of the first two. */
export const END_REASONS = ["line", "rounds", "draw", "resign", "timeout", "abandoned", "no_show", "shutdown", "crash"] as const;
export type EndReason = (typeof END_REASONS)[number];

/** One move of a recorded match: who made it, the move as the rules take it, and ms since the start. */
export interface RecordedMove<M = unknown> {
  seat: 0 | 1;
  move: M;
  at: number;
}

export interface RatingChange {
  before: number;
  after: number;
}

/** A finished (or aborted) match, as a room hands it to the store. */
export interface MatchResult<G extends string = string> {
  matchId: string;
  game: G;
  /** Seat order: players[0] moved first (X in tic-tac-toe). */
  players: { playerId: string; name: string }[];
  /** playerId of the winner; null for a draw or an aborted match. */
  winner: string | null;
  reason: EndReason;
  /** Aborted matches are kept in history but count as no win, loss or draw. */
  aborted?: boolean;
  rated: boolean;
  /** The move list, in order, for replay. */
  moves: RecordedMove[];
  /** The rule options the match was played with (RPS: winsNeeded, maxRounds); a replay plays by them. */
  options?: Record<string, number>;
  startedAt: number;
  endedAt: number;
}

/** GET /api/matches/:id, and each match of a history page. */
export interface StoredMatch<G extends string = string> extends MatchResult<G> {
  ratingChanges: Record<string, RatingChange>;
}

/** A row of GET /api/leaderboard and /api/leaderboard/around/:id. */
export interface LeaderboardRow {
  /** Standard competition ranking (1, 2, 2, 4): equal shown ratings in the same tier share a rank. */
  rank: number;
  playerId: string;
  name: string;
  /** Rounded to a whole number, as every rating people see. */
  rating: number;
  provisional: boolean;
  wins: number;
  losses: number;
  draws: number;
  games: number;
}

/** A player's record in one game (GET /api/players/:id `stats`). */
export interface GameStats<G extends string = string> {
  game: G;
  rating: number;
  deviation: number;
  volatility: number;
  wins: number;
  losses: number;
  draws: number;
  /** Every finished game, rated or not. */
  games: number;
  /** Games that moved the rating: only these put a player on the leaderboard. */
  ratedGames: number;
  /** The rating is still uncertain (deviation >= 110, as lichess): marked, and ranked below established ones. */
  provisional: boolean;
}

/** One game of a profile's rating card (GET /api/players/:id `ratings`): only games with a rated result. */
export interface PlayerRating<G extends string = string> {
  game: G;
  /** Whole numbers, as every rating people see. */
  rating: number;
  /** The Glicko-2 rating deviation. */
  rd: number;
  provisional: boolean;
  wins: number;
  losses: number;
  draws: number;
  /** On that game's leaderboard, as /api/leaderboard/around's `me.rank`; null when not on it. */
  rank: number | null;
}

/** One live game of the lobby's Watch list (the `live` message). */
export interface LiveGameRow<G extends string = string> {
  roomId: string;
  game: G;
  rated: boolean;
  spectators: number;
  /** Seat order. */
  names: string[];
  ratings: number[];
}

/** The lobby's `counts` message: distinct players in the lobby, and waiting tickets per game. */
export interface LobbyCounts<G extends string = string> {
  online: number;
  queues: Record<G, number>;
}

/** The lobby's `queued` message: sent when queued, whenever the position changes, and in answer to `queue:botfill`. */
export interface QueuedMessage<G extends string = string> {
  game: G;
  /** 1 is next. */
  position: number;
  /** Epoch ms (server clock) the ticket was queued. */
  since: number;
  /** Epoch ms (server clock) when a bot is offered to this ticket if no human is found; null when bot fill is off for it. */
  botFillAt: number | null;
}

/** The lobby's `matched` message. `R` is the seat reservation (rooms/createMatch.ts SeatReservation). */
export interface MatchedMessage<G extends string = string, R = unknown> {
  reservation: R;
  game: G;
  rated: boolean;
  /** The opponent is a bot that filled a queue ticket no human took; false for humans and for `vsBot` games. */
  botFill: boolean;
  opponent: { playerId: string; name: string; rating: number; bot?: true };
}

/** The lobby's `private:created` message: the code to share, and what the creator chose. */
export interface PrivateCreatedMessage<G extends string = string> {
  code: string;
  game: G;
  rated: boolean;
  /** On the Watch list and open to spectators; false (the default) keeps the game, and its rematches, to its two players. */
  listed: boolean;
  /** Epoch ms (server clock). */
  expiresAt: number;
}

/** What a lobby client may subscribe to (`subscribe` / `unsubscribe`): the counts, or the Watch list. */
export const LOBBY_TOPICS = ["counts", "live"] as const;
export type LobbyTopic = (typeof LOBBY_TOPICS)[number];

/** Close code of a room connection whose session was revoked (signed out, or ended by a password change). */
export const CLOSE_SESSION_ENDED = 4401;
/** The close code of a socket whose player the operator has just banned (docs/protocol.md §5). */
export const CLOSE_BANNED = 4403;

/** `POST /api/account/claim` and `/api/account/signin`: the account, and after a sign-in its new session's token. */
export interface AccountView {
  playerId: string;
  name: string;
  username: string;
}
export interface SignInAnswer extends AccountView {
  /** Shown once; the server keeps only its hash. */
  token: string;
  sessionId: string;
}

/** One row of `GET /api/account/sessions`. */
export interface SessionView {
  sessionId: string;
  device: string;
  createdAt: number;
  lastSeenAt: number;
  /** The session whose token asked. */
  current: boolean;
}

/** The server's own bot, which fills thin queues and plays `vsBot` games: played from the queue, never challenged. */
export const BOT_PLAYER = { playerId: "bot", name: "Parlor Bot" } as const;

/** Who may challenge a player: anyone, only players they have finished a match with, or nobody. */
export type ChallengePolicy = "everyone" | "played" | "nobody";

/** `GET /api/me/preferences`, and the answer of every change to them (docs/protocol.md §1). */
export interface PreferencesView {
  chatOff: boolean;
  challenges: ChallengePolicy;
  /** Oldest first, with their names as they are now. */
  muted: { playerId: string; name: string }[];
}
