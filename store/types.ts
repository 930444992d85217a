import type { GameName } from "../games/registry";
import type { ChallengePolicy, GameStats as WireGameStats, LeaderboardRow, MatchResult as WireMatchResult, RatingChange, StoredMatch as WireStoredMatch } from "../protocol/wire";
import type { Rating } from "../rating/glicko2";

export type { EndReason, RecordedMove } from "../protocol/wire";
export type { ChallengePolicy, LeaderboardRow, Rating, RatingChange };

export interface Player {
  id: string;
  name: string;
  isBot: boolean;
  createdAt: number;
  /** Set by the operator (admin API): a banned player's token is refused by every room and the lobby. */
  bannedAt: number | null;
  /** Set by the operator: the player's chat lines are refused until then (epoch ms); null when not muted. */
  chatMutedUntil: number | null;
}


/** A player's own choices, kept on the server so that they follow the account to every device. */
export interface Preferences {
  /** No free-text chat shown to or sent by this player (quick phrases still go both ways). */
  chatOff: boolean;
  challenges: ChallengePolicy;
  /** Players whose chat this player never receives, oldest first. */
  muted: string[];
}

/** One chat line as the room keeps it for a while (never stored, except inside a report). */
export interface ChatLine {
  /** Increasing per room and channel. */
  seq: number;
  channel: "players" | "spectators";
  playerId: string;
  name: string;
  /** As shown (after the filter, if on). */
  text: string;
  /** A quick phrase's key ("gl", "gg", ...), or null for free text. */
  phrase: string | null;
  at: number;
}

export type ReportReason = "abuse" | "spam" | "cheating" | "name" | "other";

export interface NewReport {
  reporterId: string;
  reportedId: string;
  reason: ReportReason;
  /** The reporter's words, at most 500 characters. */
  note: string;
  /** Where it happened: a game room (and its match), or "" for a report from a profile. */
  roomId: string;
  matchId: string | null;
  /** The reported line and the lines before it that the reporter saw; all that is ever kept of chat. */
  lines: ChatLine[];
  at: number;
}

export interface Report extends NewReport {
  id: string;
  reporterName: string;
  reportedName: string;
  resolvedAt: number | null;
  /** The operator's words on closing it. */
  resolution: string | null;
}

/** What the operator can do to an account (server/adminApi.ts). */
export type ModerationAction =
  | { kind: "ban" }
  | { kind: "unban" }
  | { kind: "mute"; until: number }
  | { kind: "unmute" }
  | { kind: "rename"; name: string };

/** One line of the moderation log: an action as it was applied (a rename also keeps the name it replaced). */
export interface ModerationEntry {
  action: ModerationAction & { previousName?: string };
  at: number;
}

export interface Guest {
  playerId: string;
  name: string;
  /** Returned once; the store keeps only its hash. */
  token: string;
}

/** A token as its holder sees it: one device's sign-in. */
export interface Session {
  /** Public: names the session in lists and revocations; never the token. */
  sessionId: string;
  /** From the User-Agent it was given to ("" when unknown). */
  device: string;
  createdAt: number;
  /** When the token was last used, to within the hour it is renewed at (store/tokens.ts tokenLife). */
  lastSeenAt: number;
}

/** A token's owner and which of their sessions it is. */
export interface TokenSession {
  player: Player;
  sessionId: string;
}

/** A claimed account's credentials. */
export interface Account {
  playerId: string;
  username: string;
  passwordHash: string;
}

export interface AccountClaim {
  playerId: string;
  /** As typed, normalised (NFC). */
  username: string;
  /** What makes usernames equal: case-folded, look-alikes mapped (server/username.ts). Unique. */
  usernameKey: string;
  passwordHash: string;
}

/** What a room hands to the result sink when a match ends. */
export type MatchResult = WireMatchResult<GameName>;
export type StoredMatch = WireStoredMatch<GameName>;
export type GameStats = WireGameStats<GameName>;

export interface RecordOutcome {
  /** false when this matchId was already recorded: nothing changed. */
  recorded: boolean;
  /** playerId → rating before and after; empty for unrated matches. */
  ratingChanges: Record<string, RatingChange>;
}

export interface PlayerProfile {
  player: Player;
  stats: GameStats[];
  /** Newest first, at most 20. */
  recent: StoredMatch[];
}

/** Where a page of match history ends: the next page starts after this match, in newest-first order. */
export interface MatchCursor {
  endedAt: number;
  matchId: string;
}

export interface MatchPage {
  /** Newest first (by endedAt, then match id). */
  matches: StoredMatch[];
  /** Null on the last page. */
  next: MatchCursor | null;
}

/** A game that has started; kept until its result is recorded. */
export interface MatchStart {
  matchId: string;
  game: GameName;
  players: { playerId: string; name: string }[];
  rated: boolean;
  startedAt: number;
}

/**
 * The only door to persistent data; one module per database owns its SQL (store/sqlite.ts, store/postgres.ts).
 * Every method is asynchronous so that a networked database fits behind it.
 */
export interface Store {
  /** Notes a game in progress, so that a crash cannot make it vanish. */
  recordStart(start: MatchStart): Promise<void>;
  /**
   * Records every game this process (the store's owner) still notes as in progress as aborted, reason "crash",
   * and returns how many. Called once at start-up, before any room exists. Other processes' games are left alone.
   */
  recoverInterrupted(now: number): Promise<number>;
  /** A new player and its first session (token); `device` labels the session. */
  createGuest(name: string, device?: string): Promise<Guest>;
  /** Null for an unknown, expired or revoked token. A use renews the token's expiry (at most hourly). */
  playerByToken(token: string): Promise<Player | null>;
  /** As playerByToken, with the session the token is. */
  sessionByToken(token: string): Promise<TokenSession | null>;
  /** Gives a guest's player a username and password hash; its id, ratings and history stay. */
  claimAccount(claim: AccountClaim, at: number): Promise<"claimed" | "taken" | "already-claimed">;
  /** The account whose username has this key. */
  accountByKey(usernameKey: string): Promise<Account | null>;
  accountOf(playerId: string): Promise<Account | null>;
  /** A new session (token) for a player, as after a sign-in. The token is returned once; only its hash is kept. */
  createSession(playerId: string, device: string): Promise<{ token: string; sessionId: string }>;
  /** The player's sessions, newest first. */
  sessionsOf(playerId: string): Promise<Session[]>;
  /** Ends one of the player's sessions; the ended token's hash, or null when the player has no such session. */
  revokeSession(playerId: string, sessionId: string): Promise<string | null>;
  /** Sets a new password hash and ends every session of the player but `keepSessionId`; the ended tokens' hashes. */
  changePassword(playerId: string, passwordHash: string, keepSessionId: string, at: number): Promise<string[]>;
  /** Ends a token at once (logout); an unknown one is no error. */
  revokeToken(token: string): Promise<void>;
  getPlayer(playerId: string): Promise<Player | null>;
  /**
   * Players shown under this name, ignoring case (SQLite folds ASCII letters only, PostgreSQL all), oldest first.
   * A scan of the players table: for the operator's lookups, not for anything players do.
   */
  playersNamed(name: string, limit: number): Promise<Player[]>;
  /** Creates (or returns) a bot player, which never appears on leaderboards. */
  ensureBot(botId: string, name: string): Promise<Player>;
  /** Current rating for a game; a player with no games gets the defaults (1500). */
  getRating(playerId: string, game: GameName): Promise<Rating>;
  /** One transaction, idempotent by matchId. */
  recordResult(result: MatchResult): Promise<RecordOutcome>;
  /**
   * Humans with at least one rated game: established ratings first, then provisional ones, each by rating.
   * Ranks are shared by equal shown (rounded) ratings within a tier.
   */
  leaderboard(game: GameName, limit: number, offset: number): Promise<LeaderboardRow[]>;
  /** The player's row and `radius` rows either side; null if the player is not on that board (no rated game). */
  leaderboardAround(playerId: string, game: GameName, radius: number): Promise<{ me: LeaderboardRow; rows: LeaderboardRow[] } | null>;
  profile(playerId: string): Promise<PlayerProfile | null>;
  getMatch(matchId: string): Promise<StoredMatch | null>;
  /** A page of the player's matches, newest first, starting after `before` (from the newest without it). */
  matchesOf(playerId: string, limit: number, before?: MatchCursor): Promise<MatchPage>;
  /** End times of matches the player lost by abandoning, since `sinceMs`. */
  abandonsSince(playerId: string, sinceMs: number): Promise<number[]>;
  /**
   * Checks that every player's W/L/D and games equal what their recorded non-aborted matches add up to,
   * that no match id is recorded twice, and that the leaderboard's bookkeeping is right.
   */
  checkStatsInvariant(): Promise<{ ok: boolean; problems: string[] }>;
  /** The player's preferences (the defaults for a player who never set one: chat on, challenges from everyone). */
  preferences(playerId: string): Promise<Preferences>;
  /** Changes the given preferences and leaves the others. */
  setPreferences(playerId: string, change: { chatOff?: boolean; challenges?: ChallengePolicy }): Promise<void>;
  /** Mutes (or unmutes) `mutedId` for `playerId`; muting twice or unmuting one not muted is no error. */
  setMuted(playerId: string, mutedId: string, muted: boolean, at: number): Promise<void>;
  /** Whether the two players have a recorded match together that was not aborted. */
  havePlayed(a: string, b: string): Promise<boolean>;
  /** Keeps a report; its id. */
  fileReport(report: NewReport): Promise<string>;
  /** Reports, newest first: the open ones, or all. */
  reports(query: { open: boolean; limit: number }): Promise<Report[]>;
  /** Closes a report; false when there is no such report or it was already closed. */
  resolveReport(id: string, resolution: string, at: number): Promise<boolean>;
  /** Applies an operator's action to a player and returns the player as it is now; null for an unknown player. */
  moderate(playerId: string, action: ModerationAction, at: number): Promise<Player | null>;
  /** What the operator did to the player, newest first. */
  moderationLog(playerId: string, limit: number): Promise<ModerationEntry[]>;
  /** Deletes reports closed before `before` (epoch ms), with the chat lines they kept; how many. */
  purgeReports(before: number): Promise<number>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** The process whose games recordStart notes and recoverInterrupted recovers ("" for a lone process). */
  owner?: string;
  /** How long a guest token lives after its last use (sliding); Infinity never expires. Default 30 days. */
  tokenTtlMs?: number;
  /** The store's clock for token life (epoch ms); tests drive it. */
  now?: () => number;
}
