/**
 * The SQL of the SQLite store, in one module: schema migrations, every statement, and the write transactions
 * the writer thread runs. It imports nothing the writer thread does not need, so that the thread starts fast.
 */
import Database from "better-sqlite3";
import type { GameName } from "../games/registry";
import type { EndReason } from "../protocol/wire";
import { DEFAULT_RATING } from "../rating/glicko2";
import { applyResult } from "./applyResult";
import { MIGRATIONS, REBUILD_RATING_BUCKETS } from "./migrations";
import { loggedAction, moderatedPlayer, type ReportRow } from "./moderation";
import { isProvisional, shownRating, toStats, type StatsRow } from "./rows";
import type { AccountClaim, ChallengePolicy, GameStats, MatchResult, MatchStart, ModerationAction, NewReport, Player, RecordOutcome } from "./types";
import type { WriterOutcome } from "./writerThread";

export interface PlayerRow { id: string; name: string; is_bot: number; created_at: number; banned_at: number | null; chat_muted_until: number | null }
/** A reports row as SQLite returns it: lines as JSON text. */
export type SqliteReportRow = Omit<ReportRow, "lines"> & { lines: string };
export interface AccountRow { player_id: string; username: string; password_hash: string }
/** A matches row as SQLite returns it: 0/1 for booleans, JSON as text. */
export interface SqliteMatchRow {
  id: string; game: GameName; player0_id: string; player0_name: string; player1_id: string; player1_name: string;
  winner_id: string | null; reason: EndReason; rated: number; aborted: number; moves: string; rating_changes: string; options: string;
  started_at: number; ended_at: number;
}



type NeighbourParams = { game: string; provisional: number; rating: number; id: string; n: number };
type BoardRow = StatsRow & { name: string };
type PageParams = { player: string; endedAt: number; id: string; n: number };

const PLAYER = "id, name, is_bot, created_at, banned_at, chat_muted_until";
const REPORT = `r.id, r.reporter_id, r.reported_id, r.reason, r.note, r.room_id, r.match_id, r.lines, r.created_at, r.resolved_at, r.resolution,
  rp.name AS reporter_name, rd.name AS reported_name FROM reports r JOIN players rp ON rp.id = r.reporter_id JOIN players rd ON rd.id = r.reported_id`;
const STATS = "player_id, game, rating, deviation, volatility, wins, losses, draws, games, rated_games";
const BOARD = "s.player_id, s.game, s.rating, s.deviation, s.volatility, s.wins, s.losses, s.draws, s.games, s.rated_games, p.name";

/**
 * The reads that must stay on an index at a million players, exported so tests can EXPLAIN exactly what the store runs.
 * Top-N is a range of player_stats_board in index order; my rank is two sums over rating_buckets;
 * match history and abandons are ranges of matches_player0 / matches_player1.
 */
export const HOT_QUERIES = {
  // The board in its order: established before provisional, then by rating (ties by id, for stable pages).
  top: `SELECT ${BOARD} FROM player_stats s JOIN players p ON p.id = s.player_id
       WHERE s.game = ? AND s.ranked = 1
       ORDER BY s.provisional, s.rating DESC, s.player_id LIMIT ? OFFSET ?`,
  // Rank = 1 + players ahead of my group: every established player if I am provisional, and those of my tier
  // who show a higher (rounded) rating. Both come from rating_buckets, a few thousand rows at most.
  ahead: `SELECT COALESCE((SELECT SUM(n) FROM rating_buckets WHERE game = @game AND provisional < @provisional), 0)
            + COALESCE((SELECT SUM(n) FROM rating_buckets WHERE game = @game AND provisional = @provisional AND bucket > @bucket), 0) AS n`,
  // A page of a player's matches, newest first, after a (ended_at, id) cursor.
  matchPage: `SELECT * FROM (SELECT * FROM matches WHERE player0_id = @player AND (ended_at, id) < (@endedAt, @id) ORDER BY ended_at DESC, id DESC LIMIT @n)
       UNION ALL SELECT * FROM (SELECT * FROM matches WHERE player1_id = @player AND (ended_at, id) < (@endedAt, @id) ORDER BY ended_at DESC, id DESC LIMIT @n)
       ORDER BY ended_at DESC, id DESC LIMIT @n`,
  // The neighbours of a row, by keyset rather than OFFSET, so "around me" costs the same at any rank.
  // Ahead of me, nearest first: my rating with a smaller id, higher ratings of my tier, then (if I am
  // provisional) the bottom of the established tier.
  aheadSameRating: `SELECT ${BOARD} FROM player_stats s JOIN players p ON p.id = s.player_id
       WHERE s.game = @game AND s.ranked = 1 AND s.provisional = @provisional AND s.rating = @rating AND s.player_id < @id
       ORDER BY s.player_id DESC LIMIT @n`,
  aheadHigher: `SELECT ${BOARD} FROM player_stats s JOIN players p ON p.id = s.player_id
       WHERE s.game = @game AND s.ranked = 1 AND s.provisional = @provisional AND s.rating > @rating
       ORDER BY s.rating ASC, s.player_id DESC LIMIT @n`,
  aheadTier: `SELECT ${BOARD} FROM player_stats s JOIN players p ON p.id = s.player_id
       WHERE s.game = @game AND s.ranked = 1 AND s.provisional = 0 AND @provisional = 1
       ORDER BY s.rating ASC, s.player_id DESC LIMIT @n`,
  // Behind me, in board order: my rating with a larger id, lower ratings of my tier, then (if I am
  // established) the top of the provisional tier.
  behindSameRating: `SELECT ${BOARD} FROM player_stats s JOIN players p ON p.id = s.player_id
       WHERE s.game = @game AND s.ranked = 1 AND s.provisional = @provisional AND s.rating = @rating AND s.player_id > @id
       ORDER BY s.player_id ASC LIMIT @n`,
  behindLower: `SELECT ${BOARD} FROM player_stats s JOIN players p ON p.id = s.player_id
       WHERE s.game = @game AND s.ranked = 1 AND s.provisional = @provisional AND s.rating < @rating
       ORDER BY s.rating DESC, s.player_id ASC LIMIT @n`,
  behindTier: `SELECT ${BOARD} FROM player_stats s JOIN players p ON p.id = s.player_id
       WHERE s.game = @game AND s.ranked = 1 AND s.provisional = 1 AND @provisional = 0
       ORDER BY s.rating DESC, s.player_id ASC LIMIT @n`,
  // Lost by abandoning: the reason is 'abandoned' and the other player won.
  abandons: `SELECT ended_at FROM matches WHERE player0_id = @player AND ended_at >= @since AND reason = 'abandoned' AND winner_id = player1_id
       UNION ALL
       SELECT ended_at FROM matches WHERE player1_id = @player AND ended_at >= @since AND reason = 'abandoned' AND winner_id = player0_id
       ORDER BY ended_at`,
} as const;

export function migrate(db: Database.Database, file: string) {
  const current = db.pragma("user_version", { simple: true }) as number;
  const latest = MIGRATIONS[MIGRATIONS.length - 1].version;
  // An older build must not write to a schema it does not know.
  if (current > latest) throw new Error(`${file} has schema version ${current}; this build knows up to ${latest}.`);
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

/** A connection as both threads open it: WAL, synchronous=NORMAL (a commit survives a crash of the process). */
export function connect(file: string): Database.Database {
  const db = new Database(file);
  // First, so that switching to WAL waits for another process instead of failing.
  db.pragma("busy_timeout = 5000");
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  return db;
}

/** Every statement, prepared once per connection and parameterised. */
export function statements(db: Database.Database) {
  return {
    insertPlayer: db.prepare("INSERT INTO players (id, name, is_bot, created_at) VALUES (?, ?, ?, ?)"),
    insertBot: db.prepare("INSERT OR IGNORE INTO players (id, name, is_bot, created_at) VALUES (?, ?, 1, ?)"),
    insertToken: db.prepare<{ tokenHash: string; playerId: string; at: number; sessionId: string; device: string }>(
      "INSERT INTO tokens (token_hash, player_id, created_at, used_at, session_id, device) VALUES (@tokenHash, @playerId, @at, @at, @sessionId, @device)",
    ),
    sessionsOf: db.prepare<[string], { session_id: string; device: string; created_at: number; used_at: number }>(
      "SELECT session_id, device, created_at, used_at FROM tokens WHERE player_id = ? ORDER BY created_at DESC, session_id",
    ),
    revokeSession: db.prepare<[string, string], { token_hash: string }>("DELETE FROM tokens WHERE session_id = ? AND player_id = ? RETURNING token_hash"),
    revokeOtherSessions: db.prepare<[string, string], { token_hash: string }>("DELETE FROM tokens WHERE player_id = ? AND session_id != ? RETURNING token_hash"),
    insertAccount: db.prepare<{ playerId: string; username: string; usernameKey: string; passwordHash: string; at: number }>(
      `INSERT INTO accounts (player_id, username, username_key, password_hash, created_at, password_changed_at)
       VALUES (@playerId, @username, @usernameKey, @passwordHash, @at, @at) ON CONFLICT DO NOTHING`,
    ),
    setPassword: db.prepare<[string, number, string]>("UPDATE accounts SET password_hash = ?, password_changed_at = ? WHERE player_id = ?"),
    accountByKey: db.prepare<[string], AccountRow>("SELECT player_id, username, password_hash FROM accounts WHERE username_key = ?"),
    accountOf: db.prepare<[string], AccountRow>("SELECT player_id, username, password_hash FROM accounts WHERE player_id = ?"),
    playerById: db.prepare<[string], PlayerRow>(`SELECT ${PLAYER} FROM players WHERE id = ?`),
    playersNamed: db.prepare<[string, number], PlayerRow>(`SELECT ${PLAYER} FROM players WHERE name = ? COLLATE NOCASE ORDER BY created_at, id LIMIT ?`),
    tokenOwner: db.prepare<[string], PlayerRow & { used_at: number; session_id: string }>(
      "SELECT p.id, p.name, p.is_bot, p.created_at, p.banned_at, p.chat_muted_until, t.used_at, t.session_id FROM tokens t JOIN players p ON p.id = t.player_id WHERE t.token_hash = ?",
    ),
    renewToken: db.prepare<[number, string]>("UPDATE tokens SET used_at = ? WHERE token_hash = ?"),
    deleteToken: db.prepare<[string]>("DELETE FROM tokens WHERE token_hash = ?"),
    preferences: db.prepare<[string], { chat_off: number; challenges: ChallengePolicy }>("SELECT chat_off, challenges FROM preferences WHERE player_id = ?"),
    // An unknown player gets no row (nor an error): the defaults stand.
    setPreferences: db.prepare<{ playerId: string; chatOff: number | null; challenges: ChallengePolicy | null }>(
      `INSERT INTO preferences (player_id, chat_off, challenges)
       SELECT id, COALESCE(@chatOff, 0), COALESCE(@challenges, 'everyone') FROM players WHERE id = @playerId
       ON CONFLICT (player_id) DO UPDATE SET chat_off = COALESCE(@chatOff, chat_off), challenges = COALESCE(@challenges, challenges)`,
    ),
    mutedBy: db.prepare<[string], { muted_id: string }>("SELECT muted_id FROM mutes WHERE player_id = ? ORDER BY created_at, muted_id"),
    // Both must be players, and not the same one; muting again keeps the first time.
    mute: db.prepare<{ playerId: string; mutedId: string; at: number }>(
      `INSERT INTO mutes (player_id, muted_id, created_at)
       SELECT a.id, b.id, @at FROM players a JOIN players b ON b.id = @mutedId WHERE a.id = @playerId AND a.id != b.id
       ON CONFLICT (player_id, muted_id) DO NOTHING`,
    ),
    unmute: db.prepare<[string, string]>("DELETE FROM mutes WHERE player_id = ? AND muted_id = ?"),
    havePlayed: db.prepare<{ a: string; b: string }, { played: number }>(
      `SELECT EXISTS (SELECT 1 FROM matches WHERE player0_id = @a AND player1_id = @b AND aborted = 0)
           OR EXISTS (SELECT 1 FROM matches WHERE player0_id = @b AND player1_id = @a AND aborted = 0) AS played`,
    ),
    insertReport: db.prepare<{ id: string; reporterId: string; reportedId: string; reason: string; note: string; roomId: string; matchId: string | null; lines: string; at: number }>(
      `INSERT INTO reports (id, reporter_id, reported_id, reason, note, room_id, match_id, lines, created_at)
       VALUES (@id, @reporterId, @reportedId, @reason, @note, @roomId, @matchId, @lines, @at)`,
    ),
    openReports: db.prepare<[number], SqliteReportRow>(`SELECT ${REPORT} WHERE r.resolved_at IS NULL ORDER BY r.created_at DESC, r.id DESC LIMIT ?`),
    allReports: db.prepare<[number], SqliteReportRow>(`SELECT ${REPORT} ORDER BY r.created_at DESC, r.id DESC LIMIT ?`),
    resolveReport: db.prepare<[number, string, string]>("UPDATE reports SET resolved_at = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL"),
    purgeReports: db.prepare<[number]>("DELETE FROM reports WHERE resolved_at < ?"),
    updateModerated: db.prepare<{ id: string; name: string; bannedAt: number | null; chatMutedUntil: number | null }>(
      "UPDATE players SET name = @name, banned_at = @bannedAt, chat_muted_until = @chatMutedUntil WHERE id = @id",
    ),
    logModeration: db.prepare<[string, string, number]>("INSERT INTO moderation_log (player_id, action, at) VALUES (?, ?, ?)"),
    moderationLog: db.prepare<[string, number], { action: string; at: number }>("SELECT action, at FROM moderation_log WHERE player_id = ? ORDER BY at DESC, id DESC LIMIT ?"),
    stats: db.prepare<[string, string], StatsRow>(`SELECT ${STATS} FROM player_stats WHERE player_id = ? AND game = ?`),
    allStats: db.prepare<[string], StatsRow>(`SELECT ${STATS} FROM player_stats WHERE player_id = ? ORDER BY game`),
    upsertStats: db.prepare(
      `INSERT INTO player_stats (player_id, game, rating, deviation, volatility, wins, losses, draws, games, rated_games, ranked)
       VALUES (@player_id, @game, @rating, @deviation, @volatility, @wins, @losses, @draws, @games, @rated_games, @ranked)
       ON CONFLICT (player_id, game) DO UPDATE SET rating = excluded.rating, deviation = excluded.deviation,
         volatility = excluded.volatility, wins = excluded.wins, losses = excluded.losses, draws = excluded.draws,
         games = excluded.games, rated_games = excluded.rated_games, ranked = excluded.ranked`,
    ),
    insertMatch: db.prepare(
      `INSERT INTO matches (id, game, player0_id, player0_name, player1_id, player1_name, winner_id, reason, rated, aborted,
         moves, rating_changes, started_at, ended_at, options)
       VALUES (@id, @game, @player0_id, @player0_name, @player1_id, @player1_name, @winner_id, @reason, @rated, @aborted,
         @moves, @rating_changes, @started_at, @ended_at, @options)
       ON CONFLICT (id) DO NOTHING`,
    ),
    insertLive: db.prepare(
      `INSERT INTO live_matches (id, game, player0_id, player0_name, player1_id, player1_name, rated, started_at, owner)
       VALUES (@id, @game, @player0_id, @player0_name, @player1_id, @player1_name, @rated, @started_at, @owner)
       ON CONFLICT (id) DO NOTHING`,
    ),
    deleteLive: db.prepare<[string]>("DELETE FROM live_matches WHERE id = ?"),
    liveOf: db.prepare<[string], { id: string; game: GameName; player0_id: string; player0_name: string; player1_id: string; player1_name: string; rated: number; started_at: number }>(
      "SELECT * FROM live_matches WHERE owner = ? ORDER BY started_at",
    ),
    match: db.prepare<[string], SqliteMatchRow>("SELECT * FROM matches WHERE id = ?"),
    matchPage: db.prepare<PageParams, SqliteMatchRow>(HOT_QUERIES.matchPage),
    abandons: db.prepare<{ player: string; since: number }, { ended_at: number }>(HOT_QUERIES.abandons),
    top: db.prepare<[string, number, number], BoardRow>(HOT_QUERIES.top),
    aheadSameRating: db.prepare<NeighbourParams, BoardRow>(HOT_QUERIES.aheadSameRating),
    aheadHigher: db.prepare<NeighbourParams, BoardRow>(HOT_QUERIES.aheadHigher),
    aheadTier: db.prepare<NeighbourParams, BoardRow>(HOT_QUERIES.aheadTier),
    behindSameRating: db.prepare<NeighbourParams, BoardRow>(HOT_QUERIES.behindSameRating),
    behindLower: db.prepare<NeighbourParams, BoardRow>(HOT_QUERIES.behindLower),
    behindTier: db.prepare<NeighbourParams, BoardRow>(HOT_QUERIES.behindTier),
    ahead: db.prepare<{ game: string; provisional: number; bucket: number }, { n: number }>(HOT_QUERIES.ahead),
    bucketAdd: db.prepare<{ game: string; provisional: number; bucket: number; delta: number }>(
      `INSERT INTO rating_buckets (game, provisional, bucket, n) VALUES (@game, @provisional, @bucket, @delta)
       ON CONFLICT (game, provisional, bucket) DO UPDATE SET n = n + excluded.n`,
    ),
    bucketMismatch: db.prepare<[], { game: string; provisional: number; bucket: number; n: number; actual: number }>(
      `WITH actual AS (SELECT game, provisional, CAST(rating + 0.5 AS INTEGER) AS bucket, COUNT(*) AS n FROM player_stats WHERE ranked = 1 GROUP BY 1, 2, 3)
       SELECT b.game, b.provisional, b.bucket, b.n, COALESCE(a.n, 0) AS actual FROM rating_buckets b
         LEFT JOIN actual a ON a.game = b.game AND a.provisional = b.provisional AND a.bucket = b.bucket
       WHERE b.n != COALESCE(a.n, 0)
       UNION ALL
       SELECT a.game, a.provisional, a.bucket, 0, a.n FROM actual a
       WHERE NOT EXISTS (SELECT 1 FROM rating_buckets b WHERE b.game = a.game AND b.provisional = a.provisional AND b.bucket = a.bucket)`,
    ),
    rankedStats: db.prepare<[string, string], StatsRow & { ranked: number }>(`SELECT ${STATS}, ranked FROM player_stats WHERE player_id = ? AND game = ?`),
    duplicateMatches: db.prepare<[], { id: string }>("SELECT id FROM matches GROUP BY id HAVING COUNT(*) > 1"),
    // The leaderboard trusts the denormalised flag: it must say "a human with a rated game".
    badRankedFlag: db.prepare<[], { player_id: string; game: string; ranked: number }>(
      `SELECT s.player_id, s.game, s.ranked FROM player_stats s JOIN players p ON p.id = s.player_id
       WHERE s.ranked != (p.is_bot = 0 AND s.rated_games > 0) OR s.games != s.wins + s.losses + s.draws`,
    ),
    statsMismatch: db.prepare<[], StatsRow & { w: number; l: number; d: number; g: number; r: number }>(
      `WITH per_player AS (
         SELECT player0_id AS player_id, game, winner_id, rated FROM matches WHERE aborted = 0
         UNION ALL SELECT player1_id, game, winner_id, rated FROM matches WHERE aborted = 0
       ), totals AS (
         SELECT player_id, game,
           SUM(winner_id = player_id) AS w,
           SUM(winner_id IS NOT NULL AND winner_id != player_id) AS l,
           SUM(winner_id IS NULL) AS d,
           COUNT(*) AS g,
           SUM(rated) AS r
         FROM per_player GROUP BY player_id, game
       )
       SELECT s.player_id, s.game, s.wins, s.losses, s.draws, s.games, s.rated_games,
         COALESCE(t.w, 0) AS w, COALESCE(t.l, 0) AS l, COALESCE(t.d, 0) AS d, COALESCE(t.g, 0) AS g, COALESCE(t.r, 0) AS r
       FROM player_stats s LEFT JOIN totals t ON t.player_id = s.player_id AND t.game = s.game
       WHERE s.wins != COALESCE(t.w, 0) OR s.losses != COALESCE(t.l, 0) OR s.draws != COALESCE(t.d, 0) OR s.games != COALESCE(t.g, 0)
         OR s.rated_games != COALESCE(t.r, 0)
       UNION ALL
       SELECT t.player_id, t.game, 0, 0, 0, 0, 0, t.w, t.l, t.d, t.g, t.r FROM totals t
       WHERE NOT EXISTS (SELECT 1 FROM player_stats s WHERE s.player_id = t.player_id AND s.game = t.game)`,
    ),
  };
}
export type Statements = ReturnType<typeof statements>;

export const toPlayer = (row: PlayerRow): Player => ({
  id: row.id,
  name: row.name,
  isBot: row.is_bot === 1,
  createdAt: row.created_at,
  bannedAt: row.banned_at ?? null,
  chatMutedUntil: row.chat_muted_until ?? null,
});

export function statsOf(sql: Statements, playerId: string, game: GameName): GameStats {
  const row = sql.stats.get(playerId, game);
  return row
    ? toStats(row)
    : { game, ...DEFAULT_RATING, wins: 0, losses: 0, draws: 0, games: 0, ratedGames: 0, provisional: isProvisional(DEFAULT_RATING.deviation) };
}

/** What the writer thread is asked to do. Times come from the caller, whose clock tests drive. */
export type WriteOp =
  | { kind: "recordResult"; result: MatchResult }
  | { kind: "recordStart"; start: MatchStart }
  | { kind: "createGuest"; playerId: string; name: string; tokenHash: string; sessionId: string; device: string; at: number }
  | { kind: "createSession"; playerId: string; tokenHash: string; sessionId: string; device: string; at: number }
  | { kind: "claimAccount"; claim: AccountClaim; at: number }
  | { kind: "revokeSession"; playerId: string; sessionId: string }
  | { kind: "changePassword"; playerId: string; passwordHash: string; keepSessionId: string; at: number }
  | { kind: "renewToken"; tokenHash: string; at: number }
  | { kind: "deleteToken"; tokenHash: string }
  | { kind: "ensureBot"; botId: string; name: string; at: number }
  | { kind: "recoverInterrupted"; now: number }
  | { kind: "rebuildRankBuckets" }
  | { kind: "setPreferences"; playerId: string; chatOff: boolean | null; challenges: ChallengePolicy | null }
  | { kind: "setMuted"; playerId: string; mutedId: string; muted: boolean; at: number }
  | { kind: "fileReport"; id: string; report: NewReport }
  | { kind: "resolveReport"; id: string; resolution: string; at: number }
  | { kind: "moderate"; playerId: string; action: ModerationAction; at: number }
  | { kind: "purgeReports"; before: number };


/**
 * The writing side of the SQLite store, run by the writer thread (store/sqliteWriterThread.ts) on its own
 * connection: each batch of operations that arrived together is one IMMEDIATE transaction (group commit),
 * each operation in it a savepoint, so that one that fails rolls back alone and the others commit.
 */
export function sqliteWriter(file: string, owner: string) {
  const db = connect(file);
  const sql = statements(db);
  const bucketOf = (game: GameName, s: GameStats) => ({ game, provisional: s.provisional ? 1 : 0, bucket: shownRating(s.rating) });

  // The result's shape was checked by the store before it crossed (checkResultShape); here, what needs the database.
  function validate(result: MatchResult): Player[] {
    return result.players.map((p) => {
      const row = sql.playerById.get(p.playerId);
      if (!row) throw new Error(`recordResult: unknown player "${p.playerId}"`);
      return toPlayer(row);
    });
  }

  // Inside a batch, better-sqlite3 runs a nested transaction as a savepoint.
  const recordTx = db.transaction((result: MatchResult): RecordOutcome => {
    const players = validate(result);
    const before = result.players.map((p) => statsOf(sql, p.playerId, result.game));
    const { rated, aborted, after, ratingChanges } = applyResult(result, players, before);
    const inserted = sql.insertMatch.run({
      id: result.matchId,
      game: result.game,
      player0_id: result.players[0].playerId,
      player0_name: result.players[0].name,
      player1_id: result.players[1].playerId,
      player1_name: result.players[1].name,
      winner_id: result.winner,
      reason: result.reason,
      rated: rated ? 1 : 0,
      aborted: aborted ? 1 : 0,
      moves: JSON.stringify(result.moves),
      rating_changes: JSON.stringify(ratingChanges),
      started_at: Math.round(result.startedAt),
      ended_at: Math.round(result.endedAt),
      options: JSON.stringify(result.options ?? {}),
    });
    sql.deleteLive.run(result.matchId);
    if (inserted.changes === 0) return { recorded: false, ratingChanges: {} };
    if (!aborted) {
      after.forEach((s, i) => {
        const wasRanked = !players[i].isBot && before[i].ratedGames > 0;
        const isRanked = !players[i].isBot && s.ratedGames > 0;
        // Only a rated result moves a rating, a tier or the ranked flag.
        if (rated && wasRanked) sql.bucketAdd.run({ ...bucketOf(result.game, before[i]), delta: -1 });
        if (rated && isRanked) sql.bucketAdd.run({ ...bucketOf(result.game, s), delta: 1 });
        sql.upsertStats.run({
          player_id: result.players[i].playerId,
          game: result.game,
          rating: s.rating,
          deviation: s.deviation,
          volatility: s.volatility,
          wins: s.wins,
          losses: s.losses,
          draws: s.draws,
          games: s.games,
          rated_games: s.ratedGames,
          ranked: isRanked ? 1 : 0,
        });
      });
    }
    return { recorded: true, ratingChanges };
  });

  function recordStart(start: MatchStart) {
    if (!Array.isArray(start.players) || start.players.length !== 2) throw new Error("recordStart: exactly two players are required");
    sql.insertLive.run({
      id: start.matchId,
      game: start.game,
      player0_id: start.players[0].playerId,
      player0_name: start.players[0].name,
      player1_id: start.players[1].playerId,
      player1_name: start.players[1].name,
      rated: start.rated ? 1 : 0,
      started_at: Math.round(start.startedAt),
      owner,
    });
  }

  function recoverInterrupted(now: number): number {
    const live = sql.liveOf.all(owner);
    for (const row of live) {
      recordTx({
        matchId: row.id,
        game: row.game,
        players: [
          { playerId: row.player0_id, name: row.player0_name },
          { playerId: row.player1_id, name: row.player1_name },
        ],
        winner: null,
        reason: "crash",
        aborted: true,
        rated: false,
        moves: [],
        startedAt: row.started_at,
        endedAt: Math.max(now, row.started_at),
      });
    }
    return live.length;
  }

  // The change and its log row in one transaction (this op's savepoint).
  function moderate(playerId: string, action: ModerationAction, at: number): Player | null {
    const row = sql.playerById.get(playerId);
    if (!row) return null;
    const next = moderatedPlayer(toPlayer(row), action, at);
    sql.updateModerated.run({ id: next.id, name: next.name, bannedAt: next.bannedAt, chatMutedUntil: next.chatMutedUntil });
    sql.logModeration.run(playerId, loggedAction(toPlayer(row), action), at);
    return toPlayer(sql.playerById.get(playerId)!);
  }

  function apply(op: WriteOp): unknown {
    switch (op.kind) {
      case "recordResult":
        return recordTx(op.result);
      case "recordStart":
        return recordStart(op.start);
      case "createGuest":
        sql.insertPlayer.run(op.playerId, op.name, 0, op.at);
        sql.insertToken.run(op);
        return;
      case "createSession":
        if (!sql.playerById.get(op.playerId)) throw new Error(`createSession: unknown player "${op.playerId}"`);
        sql.insertToken.run(op);
        return;
      case "claimAccount":
        if (sql.accountOf.get(op.claim.playerId)) return "already-claimed";
        return sql.insertAccount.run({ ...op.claim, at: op.at }).changes === 1 ? "claimed" : "taken";
      case "revokeSession":
        return sql.revokeSession.get(op.sessionId, op.playerId)?.token_hash ?? null;
      case "changePassword":
        sql.setPassword.run(op.passwordHash, op.at, op.playerId);
        return sql.revokeOtherSessions.all(op.playerId, op.keepSessionId).map((r) => r.token_hash);
      case "renewToken":
        sql.renewToken.run(op.at, op.tokenHash);
        return;
      case "deleteToken":
        sql.deleteToken.run(op.tokenHash);
        return;
      case "ensureBot":
        sql.insertBot.run(op.botId, op.name, op.at);
        return toPlayer(sql.playerById.get(op.botId)!);
      case "recoverInterrupted":
        return recoverInterrupted(op.now);
      case "rebuildRankBuckets":
        db.exec(REBUILD_RATING_BUCKETS);
        return;
      case "setPreferences":
        sql.setPreferences.run({ playerId: op.playerId, chatOff: op.chatOff === null ? null : op.chatOff ? 1 : 0, challenges: op.challenges });
        return;
      case "setMuted":
        if (op.muted) sql.mute.run({ playerId: op.playerId, mutedId: op.mutedId, at: op.at });
        else sql.unmute.run(op.playerId, op.mutedId);
        return;
      case "fileReport": {
        const r = op.report;
        sql.insertReport.run({
          id: op.id, reporterId: r.reporterId, reportedId: r.reportedId, reason: r.reason, note: r.note, roomId: r.roomId,
          matchId: r.matchId ?? null, lines: JSON.stringify(r.lines ?? []), at: Math.round(r.at),
        });
        return op.id;
      }
      case "resolveReport":
        return sql.resolveReport.run(op.at, op.resolution, op.id).changes === 1;
      case "moderate":
        return moderate(op.playerId, op.action, op.at);
      case "purgeReports":
        return sql.purgeReports.run(op.before).changes;
    }
  }

  const failed = (error: unknown): WriterOutcome => {
    const e = error as { message?: string; code?: unknown };
    return { ok: false, error: { message: String(e?.message ?? error), ...(typeof e?.code === "string" ? { code: e.code } : {}) } };
  };
  /** Thrown out of a batch whose transaction SQLite has already rolled back (disk full, I/O error). */
  const batchLost = Symbol("batch lost");
  const one = db.transaction(apply);
  const batchTx = db.transaction((ops: WriteOp[]) =>
    ops.map((op): WriterOutcome => {
      try {
        return { ok: true, value: one(op) };
      } catch (error) {
        if (!db.inTransaction) throw batchLost;
        return failed(error);
      }
    }),
  );

  return {
    /** One outcome per operation, in order; never throws. */
    runBatch(ops: WriteOp[]): WriterOutcome[] {
      try {
        // IMMEDIATE: take the write lock before reading, so a second process (a load-test runner)
        // waits on busy_timeout instead of failing to upgrade a read lock.
        return batchTx.immediate(ops);
      } catch {
        // The batch as a whole did not commit (nothing of it is written): each operation alone, so each caller hears its own outcome.
        return ops.map((op) => {
          try {
            return { ok: true, value: one.immediate(op) };
          } catch (error) {
            return failed(error);
          }
        });
      }
    },
    close() {
      if (db.open) db.close();
    },
  };
}
