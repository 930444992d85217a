import crypto from "node:crypto";
import pg from "pg";
import type { GameName } from "../games/registry";
import { DEFAULT_RATING } from "../rating/glicko2";
import { log } from "../base/log";
import { validatePlayerName } from "../protocol/playerName";
import { applyResult } from "./applyResult";
import { DEFAULT_PREFERENCES, loggedAction, moderatedPlayer, newReportId, toModerationEntry, toReport, type PreferencesRow, type ReportRow } from "./moderation";
import { checkResultShape } from "./results";
import { count, isProvisional, rankByGroup, rankGroupOf, rankPage, toAccount, toMatch, toSession, toStats, type MatchRow, type RankGroup, type StatsRow } from "./rows";
import { hashToken, newSessionId, newToken, TOKEN_MAX_LENGTH, tokenLife } from "./tokens";
import type {
  GameStats,
  MatchCursor,
  MatchPage,
  MatchResult,
  Player,
  RecordOutcome,
  Store,
  StoreOptions,
  TokenSession,
} from "./types";

/** Versioned migrations for PostgreSQL, applied in order under an advisory lock. Never edit one that has shipped. */
export const PG_MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      -- Ids compare bytewise (COLLATE "C"), as in SQLite, so ties on the leaderboard order the same way.
      CREATE TABLE players (
        id TEXT COLLATE "C" PRIMARY KEY,
        name TEXT NOT NULL,
        is_bot BOOLEAN NOT NULL DEFAULT FALSE,
        created_at BIGINT NOT NULL
      );
      CREATE TABLE tokens (
        token_hash TEXT PRIMARY KEY,
        player_id TEXT COLLATE "C" NOT NULL REFERENCES players(id),
        created_at BIGINT NOT NULL
      );
      CREATE INDEX tokens_player ON tokens(player_id);
      CREATE TABLE player_stats (
        player_id TEXT COLLATE "C" NOT NULL REFERENCES players(id),
        game TEXT NOT NULL,
        rating DOUBLE PRECISION NOT NULL,
        deviation DOUBLE PRECISION NOT NULL,
        volatility DOUBLE PRECISION NOT NULL,
        wins INTEGER NOT NULL DEFAULT 0,
        losses INTEGER NOT NULL DEFAULT 0,
        draws INTEGER NOT NULL DEFAULT 0,
        games INTEGER NOT NULL DEFAULT 0,
        -- A human with at least one game: the rows a leaderboard lists.
        ranked BOOLEAN NOT NULL DEFAULT FALSE,
        PRIMARY KEY (player_id, game)
      );
      CREATE INDEX player_stats_rank ON player_stats(game, rating DESC, player_id) WHERE ranked;
      CREATE TABLE matches (
        id TEXT COLLATE "C" PRIMARY KEY,
        game TEXT NOT NULL,
        player0_id TEXT COLLATE "C" NOT NULL REFERENCES players(id),
        player0_name TEXT NOT NULL,
        player1_id TEXT COLLATE "C" NOT NULL REFERENCES players(id),
        player1_name TEXT NOT NULL,
        winner_id TEXT COLLATE "C",
        reason TEXT NOT NULL,
        rated BOOLEAN NOT NULL,
        aborted BOOLEAN NOT NULL,
        moves JSONB NOT NULL,
        rating_changes JSONB NOT NULL,
        started_at BIGINT NOT NULL,
        ended_at BIGINT NOT NULL
      );
      CREATE INDEX matches_player0 ON matches(player0_id, ended_at);
      CREATE INDEX matches_player1 ON matches(player1_id, ended_at);
      -- Games in progress, by the process that runs them; see recoverInterrupted.
      CREATE TABLE live_matches (
        id TEXT COLLATE "C" PRIMARY KEY,
        game TEXT NOT NULL,
        player0_id TEXT COLLATE "C" NOT NULL REFERENCES players(id),
        player0_name TEXT NOT NULL,
        player1_id TEXT COLLATE "C" NOT NULL REFERENCES players(id),
        player1_name TEXT NOT NULL,
        rated BOOLEAN NOT NULL,
        started_at BIGINT NOT NULL,
        owner TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX live_matches_owner ON live_matches(owner);
    `,
  },
  {
    version: 2,
    sql: `
      -- Only rated games put a player on a leaderboard (ranked = a human with a rated game), and a provisional
      -- rating (deviation >= 110, rows.ts PROVISIONAL_DEVIATION) is ranked below every established one.
      ALTER TABLE player_stats ADD COLUMN rated_games INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE player_stats ADD COLUMN provisional BOOLEAN GENERATED ALWAYS AS (deviation >= 110) STORED;
      UPDATE player_stats s SET rated_games = t.n FROM (
        SELECT player_id, game, COUNT(*) AS n FROM (
          SELECT player0_id AS player_id, game FROM matches WHERE rated
          UNION ALL SELECT player1_id, game FROM matches WHERE rated
        ) m GROUP BY player_id, game
      ) t WHERE t.player_id = s.player_id AND t.game = s.game;
      UPDATE player_stats s SET ranked = (s.rated_games > 0 AND NOT p.is_bot) FROM players p WHERE p.id = s.player_id;
      -- The board in its order: established first, then by rating; ties by id only to keep pages stable.
      DROP INDEX player_stats_rank;
      CREATE INDEX player_stats_board ON player_stats(game, provisional, rating DESC, player_id) WHERE ranked;
      -- Match history pages by (ended_at, id), newest first.
      DROP INDEX matches_player0;
      DROP INDEX matches_player1;
      CREATE INDEX matches_player0 ON matches(player0_id, ended_at, id);
      CREATE INDEX matches_player1 ON matches(player1_id, ended_at, id);
      -- Tokens expire TOKEN_TTL_DAYS after their last use; the ones already out count from now.
      ALTER TABLE tokens ADD COLUMN used_at BIGINT NOT NULL DEFAULT 0;
      UPDATE tokens SET used_at = (EXTRACT(EPOCH FROM now()) * 1000)::BIGINT;
    `,
  },
  {
    version: 3,
    sql: `
      -- The rule options a match was played with, so that a replay plays by them; {} for older matches.
      ALTER TABLE matches ADD COLUMN options JSONB NOT NULL DEFAULT '{}';
    `,
  },
  {
    version: 4,
    sql: `
      -- A claimed account (store/migrations.ts version 7 says more): username_key is the unique look-alike-free key.
      CREATE TABLE accounts (
        player_id TEXT COLLATE "C" PRIMARY KEY REFERENCES players(id),
        username TEXT NOT NULL,
        username_key TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        password_changed_at BIGINT NOT NULL
      );
      -- Every token is a session, with a public id and the device it was given to.
      ALTER TABLE tokens ADD COLUMN session_id TEXT;
      ALTER TABLE tokens ADD COLUMN device TEXT NOT NULL DEFAULT '';
      UPDATE tokens SET session_id = md5(token_hash || random()::text || clock_timestamp()::text);
      ALTER TABLE tokens ALTER COLUMN session_id SET NOT NULL;
      CREATE UNIQUE INDEX tokens_session ON tokens(session_id);
    `,
  },
  {
    version: 5,
    sql: `
      -- Moderation (store/migrations.ts version 8 says more): the operator's ban and chat mute (epoch ms, NULL when none).
      ALTER TABLE players ADD COLUMN banned_at BIGINT;
      ALTER TABLE players ADD COLUMN chat_muted_until BIGINT;
      CREATE TABLE preferences (
        player_id TEXT COLLATE "C" PRIMARY KEY REFERENCES players(id),
        chat_off BOOLEAN NOT NULL DEFAULT FALSE,
        challenges TEXT NOT NULL DEFAULT 'everyone' CHECK (challenges IN ('everyone', 'played', 'nobody'))
      );
      CREATE TABLE mutes (
        player_id TEXT COLLATE "C" NOT NULL REFERENCES players(id),
        muted_id TEXT COLLATE "C" NOT NULL REFERENCES players(id),
        created_at BIGINT NOT NULL,
        PRIMARY KEY (player_id, muted_id)
      );
      -- Reports keep the few chat lines they quote; deleted REPORT_RETENTION_DAYS after being resolved.
      CREATE TABLE reports (
        id TEXT COLLATE "C" PRIMARY KEY,
        reporter_id TEXT COLLATE "C" NOT NULL REFERENCES players(id),
        reported_id TEXT COLLATE "C" NOT NULL REFERENCES players(id),
        reason TEXT NOT NULL,
        note TEXT NOT NULL,
        room_id TEXT NOT NULL,
        match_id TEXT COLLATE "C",
        lines JSONB NOT NULL,
        created_at BIGINT NOT NULL,
        resolved_at BIGINT,
        resolution TEXT
      );
      CREATE INDEX reports_open ON reports(created_at, id) WHERE resolved_at IS NULL;
      CREATE INDEX reports_created ON reports(created_at, id);
      CREATE INDEX reports_resolved ON reports(resolved_at) WHERE resolved_at IS NOT NULL;
      -- What the operator did to whom, kept.
      CREATE TABLE moderation_log (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        player_id TEXT COLLATE "C" NOT NULL REFERENCES players(id),
        action JSONB NOT NULL,
        at BIGINT NOT NULL
      );
      CREATE INDEX moderation_log_player ON moderation_log(player_id, at);
    `,
  },
];

/** Any constant: every Parlor process migrating one database takes this lock first. */
const MIGRATION_LOCK = 7_261_994_210;
const RECENT_MATCHES = 20;
const DAY_MS = 24 * 60 * 60_000;

const STATS_COLUMNS = "s.player_id, s.game, s.rating, s.deviation, s.volatility, s.wins, s.losses, s.draws, s.games, s.rated_games";

interface PlayerRow { id: string; name: string; is_bot: boolean; created_at: number; banned_at: number | null; chat_muted_until: number | null }
const PLAYER = "id, name, is_bot, created_at, banned_at, chat_muted_until";
interface AccountRow { player_id: string; username: string; password_hash: string }
// BIGINT (epoch ms, counts) as a JS number: every value Parlor stores fits in 2^53.
const types = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

async function migrate(pool: pg.Pool) {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    // Two processes starting at once: the second waits here, then finds the work done.
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
    await client.query("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
    const { rows } = await client.query<{ v: number | null }>("SELECT MAX(version) AS v FROM schema_migrations");
    const current = rows[0].v ?? 0;
    const latest = PG_MIGRATIONS[PG_MIGRATIONS.length - 1].version;
    if (current > latest) throw new Error(`the database has schema version ${current}; this build knows up to ${latest}`);
    for (const migration of PG_MIGRATIONS) {
      if (migration.version <= current) continue;
      await client.query(migration.sql);
      await client.query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)", [migration.version, Date.now()]);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const toPlayer = (row: PlayerRow): Player => ({
  id: row.id,
  name: row.name,
  isBot: row.is_bot,
  createdAt: row.created_at,
  bannedAt: row.banned_at ?? null,
  chatMutedUntil: row.chat_muted_until ?? null,
});
/**
 * The PostgreSQL store (DATABASE_URL): the same interface and rules as the SQLite one, for when the
 * store must leave the machine. Every statement is parameterised; a result is one transaction that
 * locks both players' rows, so concurrent results for one player are applied one after the other.
 */
export async function openPostgresStore(options: { url: string; poolSize?: number } & StoreOptions): Promise<Store> {
  const owner = options.owner ?? "";
  const tokenTtlMs = options.tokenTtlMs ?? 30 * DAY_MS;
  const now = options.now ?? Date.now;
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10, types });
  // An idle connection dropped by the server must not take the process down; the next query reconnects.
  pool.on("error", (error) => log.warn({ err: error }, "PostgreSQL connection lost"));
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }

  async function transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const value = await fn(client);
      await client.query("COMMIT");
      return value;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  const one = async <R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R | null> => (await pool.query<R>(text, values)).rows[0] ?? null;

  async function record(client: pg.PoolClient, result: MatchResult): Promise<RecordOutcome> {
    checkResultShape(result);
    const ids = result.players.map((p) => p.playerId);
    const { rows: found } = await client.query<PlayerRow>(`SELECT ${PLAYER} FROM players WHERE id = ANY($1::text[])`, [ids]);
    const players = ids.map((id) => {
      const row = found.find((r) => r.id === id);
      if (!row) throw new Error(`recordResult: unknown player "${id}"`);
      return toPlayer(row);
    });
    const before: GameStats[] = [];
    if (result.aborted !== true) {
      // Make sure both rows exist, then lock them in id order: a concurrent result for either player waits here.
      await client.query(
        `INSERT INTO player_stats (player_id, game, rating, deviation, volatility)
         SELECT id, $2, $3, $4, $5 FROM unnest($1::text[]) AS id ON CONFLICT (player_id, game) DO NOTHING`,
        [ids, result.game, DEFAULT_RATING.rating, DEFAULT_RATING.deviation, DEFAULT_RATING.volatility],
      );
      const { rows } = await client.query<StatsRow>(
        `SELECT ${STATS_COLUMNS} FROM player_stats s WHERE s.player_id = ANY($1::text[]) AND s.game = $2 ORDER BY s.player_id FOR UPDATE`,
        [ids, result.game],
      );
      for (const id of ids) before.push(toStats(rows.find((r) => r.player_id === id)!));
    }
    const { rated, aborted, after, ratingChanges } = applyResult(result, players, before);
    const inserted = await client.query(
      `INSERT INTO matches (id, game, player0_id, player0_name, player1_id, player1_name, winner_id, reason, rated, aborted,
         moves, rating_changes, started_at, ended_at, options)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (id) DO NOTHING`,
      [
        result.matchId, result.game, result.players[0].playerId, result.players[0].name, result.players[1].playerId, result.players[1].name,
        result.winner, result.reason, rated, aborted, JSON.stringify(result.moves), JSON.stringify(ratingChanges),
        Math.round(result.startedAt), Math.round(result.endedAt), JSON.stringify(result.options ?? {}),
      ],
    );
    await client.query("DELETE FROM live_matches WHERE id = $1", [result.matchId]);
    // Already recorded: the rows locked above are left as they were.
    if (inserted.rowCount === 0) return { recorded: false, ratingChanges: {} };
    for (const [i, s] of after.entries()) {
      await client.query(
        `UPDATE player_stats SET rating = $3, deviation = $4, volatility = $5, wins = $6, losses = $7, draws = $8, games = $9,
           rated_games = $10, ranked = $11
         WHERE player_id = $1 AND game = $2`,
        [ids[i], result.game, s.rating, s.deviation, s.volatility, s.wins, s.losses, s.draws, s.games, s.ratedGames, !players[i].isBot && s.ratedGames > 0],
      );
    }
    return { recorded: true, ratingChanges };
  }

  const statsWithName = `SELECT ${STATS_COLUMNS}, p.name FROM player_stats s JOIN players p ON p.id = s.player_id`;
  type BoardRow = StatsRow & { name: string };

  /** 1 + the ranked rows ahead of a group: all established ones if it is provisional, and its tier's higher shown ratings. */
  async function rankOf(game: GameName, group: RankGroup): Promise<number> {
    const row = await one<{ n: number }>(
      `SELECT (SELECT COUNT(*) FROM player_stats WHERE game = $1 AND ranked AND NOT provisional AND $2)
            + (SELECT COUNT(*) FROM player_stats WHERE game = $1 AND ranked AND provisional = $2 AND rating >= $3) AS n`,
      // A shown rating above mine is a rating of at least mine + 0.5 (rounding halves up).
      [game, group.provisional, group.shown + 0.5],
    );
    return 1 + row!.n;
  }

  async function pageOf(playerId: string, limit: number, before?: MatchCursor): Promise<MatchPage> {
    const n = count(limit);
    if (n === 0) return { matches: [], next: null };
    // One more than asked: whether it exists says whether there is a next page.
    const { rows } = await pool.query<MatchRow>(
      `SELECT * FROM (SELECT * FROM matches WHERE player0_id = $1 AND (ended_at, id) < ($2, $3) ORDER BY ended_at DESC, id DESC LIMIT $4) a
       UNION ALL SELECT * FROM (SELECT * FROM matches WHERE player1_id = $1 AND (ended_at, id) < ($2, $3) ORDER BY ended_at DESC, id DESC LIMIT $4) b
       ORDER BY ended_at DESC, id DESC LIMIT $4`,
      [playerId, before?.endedAt ?? Number.MAX_SAFE_INTEGER, before?.matchId ?? "", n + 1],
    );
    const matches = rows.slice(0, n).map(toMatch);
    const last = matches.at(-1);
    return { matches, next: rows.length > n && last ? { endedAt: last.endedAt, matchId: last.matchId } : null };
  }

  const tokenShape = (token: unknown): token is string => typeof token === "string" && token.length > 0 && token.length <= TOKEN_MAX_LENGTH;

  async function insertToken(db: pg.Pool | pg.PoolClient, playerId: string, token: string, device: string, at: number): Promise<string> {
    const sessionId = newSessionId();
    await db.query("INSERT INTO tokens (token_hash, player_id, created_at, used_at, session_id, device) VALUES ($1, $2, $3, $3, $4, $5)", [
      hashToken(token), playerId, at, sessionId, device,
    ]);
    return sessionId;
  }

  async function sessionByToken(token: string): Promise<TokenSession | null> {
    if (!tokenShape(token)) return null;
    const hash = hashToken(token);
    const row = await one<PlayerRow & { used_at: number; session_id: string }>(
      "SELECT p.id, p.name, p.is_bot, p.created_at, p.banned_at, p.chat_muted_until, t.used_at, t.session_id FROM tokens t JOIN players p ON p.id = t.player_id WHERE t.token_hash = $1",
      [hash],
    );
    if (!row) return null;
    const at = now();
    const life = tokenLife(row.used_at, at, tokenTtlMs);
    if (life === "expired") {
      await pool.query("DELETE FROM tokens WHERE token_hash = $1", [hash]);
      return null;
    }
    if (life === "renew") await pool.query("UPDATE tokens SET used_at = $1 WHERE token_hash = $2", [at, hash]);
    return { player: toPlayer(row), sessionId: row.session_id };
  }

  return {
    async createGuest(rawName, device = "") {
      const checked = validatePlayerName(rawName);
      if (!checked.ok) throw new Error(checked.message);
      const token = newToken();
      const playerId = crypto.randomUUID();
      const at = now();
      await transaction(async (client) => {
        await client.query("INSERT INTO players (id, name, is_bot, created_at) VALUES ($1, $2, FALSE, $3)", [playerId, checked.name, at]);
        await insertToken(client, playerId, token, device, at);
      });
      return { playerId, name: checked.name, token };
    },

    async playerByToken(token) {
      return (await sessionByToken(token))?.player ?? null;
    },

    sessionByToken,

    async claimAccount(claim, at) {
      return transaction(async (client) => {
        // The player's row, locked: two claims of one guest at once are applied one after the other.
        await client.query("SELECT id FROM players WHERE id = $1 FOR UPDATE", [claim.playerId]);
        if ((await client.query("SELECT 1 FROM accounts WHERE player_id = $1", [claim.playerId])).rowCount) return "already-claimed";
        const inserted = await client.query(
          `INSERT INTO accounts (player_id, username, username_key, password_hash, created_at, password_changed_at)
           VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT DO NOTHING`,
          [claim.playerId, claim.username, claim.usernameKey, claim.passwordHash, at],
        );
        return inserted.rowCount === 1 ? "claimed" : "taken";
      });
    },

    async accountByKey(usernameKey) {
      const row = await one<AccountRow>("SELECT player_id, username, password_hash FROM accounts WHERE username_key = $1", [usernameKey]);
      return row ? toAccount(row) : null;
    },

    async accountOf(playerId) {
      const row = await one<AccountRow>("SELECT player_id, username, password_hash FROM accounts WHERE player_id = $1", [playerId]);
      return row ? toAccount(row) : null;
    },

    async createSession(playerId, device) {
      const token = newToken();
      return { token, sessionId: await insertToken(pool, playerId, token, device, now()) };
    },

    async sessionsOf(playerId) {
      const { rows } = await pool.query<{ session_id: string; device: string; created_at: number; used_at: number }>(
        "SELECT session_id, device, created_at, used_at FROM tokens WHERE player_id = $1 ORDER BY created_at DESC, session_id",
        [playerId],
      );
      return rows.map(toSession);
    },

    async revokeSession(playerId, sessionId) {
      const row = await one<{ token_hash: string }>("DELETE FROM tokens WHERE session_id = $1 AND player_id = $2 RETURNING token_hash", [sessionId, playerId]);
      return row?.token_hash ?? null;
    },

    async changePassword(playerId, passwordHash, keepSessionId, at) {
      return transaction(async (client) => {
        await client.query("UPDATE accounts SET password_hash = $1, password_changed_at = $2 WHERE player_id = $3", [passwordHash, at, playerId]);
        const { rows } = await client.query<{ token_hash: string }>("DELETE FROM tokens WHERE player_id = $1 AND session_id != $2 RETURNING token_hash", [playerId, keepSessionId]);
        return rows.map((r) => r.token_hash);
      });
    },

    async revokeToken(token) {
      if (tokenShape(token)) await pool.query("DELETE FROM tokens WHERE token_hash = $1", [hashToken(token)]);
    },

    async getPlayer(playerId) {
      const row = await one<PlayerRow>(`SELECT ${PLAYER} FROM players WHERE id = $1`, [playerId]);
      return row ? toPlayer(row) : null;
    },

    async playersNamed(name, limit) {
      const { rows } = await pool.query<PlayerRow>(`SELECT ${PLAYER} FROM players WHERE lower(name) = lower($1) ORDER BY created_at, id LIMIT $2`, [name, limit]);
      return rows.map(toPlayer);
    },

    async ensureBot(botId, name) {
      await pool.query("INSERT INTO players (id, name, is_bot, created_at) VALUES ($1, $2, TRUE, $3) ON CONFLICT (id) DO NOTHING", [botId, name, now()]);
      return toPlayer((await one<PlayerRow>(`SELECT ${PLAYER} FROM players WHERE id = $1`, [botId]))!);
    },

    async getRating(playerId, game) {
      const row = await one<StatsRow>(`SELECT ${STATS_COLUMNS} FROM player_stats s WHERE s.player_id = $1 AND s.game = $2`, [playerId, game]);
      return row ? { rating: row.rating, deviation: row.deviation, volatility: row.volatility } : { ...DEFAULT_RATING };
    },

    recordResult: (result) => transaction((client) => record(client, result)),

    async leaderboard(game, limit, offset) {
      const skip = count(offset);
      const { rows } = await pool.query<BoardRow>(
        `${statsWithName} WHERE s.game = $1 AND s.ranked ORDER BY s.provisional, s.rating DESC, s.player_id LIMIT $2 OFFSET $3`,
        [game, count(limit), skip],
      );
      if (rows.length === 0) return [];
      return rankPage(rows, skip, skip === 0 ? 1 : await rankOf(game, rankGroupOf(rows[0])));
    },

    async leaderboardAround(playerId, game, radius) {
      const mine = await one<BoardRow & { ranked: boolean }>(`${statsWithName.replace("p.name", "p.name, s.ranked")} WHERE s.player_id = $1 AND s.game = $2`, [playerId, game]);
      if (!mine || !mine.ranked) return null;
      const n = count(radius);
      const provisional = isProvisional(mine.deviation);
      const q = (where: string, order: string, values: unknown[]) =>
        pool.query<BoardRow>(`${statsWithName} WHERE s.game = $1 AND s.ranked AND ${where} ORDER BY ${order} LIMIT $2::int`, [game, n, ...values]);
      const none = Promise.resolve({ rows: [] as BoardRow[] });
      // Neighbours by keyset, nearest first, then put in board order: my rating with a smaller id, higher
      // ratings of my tier, then the bottom of the established tier (if I am provisional); behind me the mirror.
      const [aheadSame, aheadHigher, aheadTier, behindSame, behindLower, behindTier] = await Promise.all([
        q("s.provisional = $3 AND s.rating = $4 AND s.player_id < $5", "s.player_id DESC", [provisional, mine.rating, mine.player_id]),
        q("s.provisional = $3 AND s.rating > $4", "s.rating ASC, s.player_id DESC", [provisional, mine.rating]),
        provisional ? q("NOT s.provisional", "s.rating ASC, s.player_id DESC", []) : none,
        q("s.provisional = $3 AND s.rating = $4 AND s.player_id > $5", "s.player_id ASC", [provisional, mine.rating, mine.player_id]),
        q("s.provisional = $3 AND s.rating < $4", "s.rating DESC, s.player_id ASC", [provisional, mine.rating]),
        provisional ? none : q("s.provisional", "s.rating DESC, s.player_id ASC", []),
      ]);
      const before = [...aheadSame.rows, ...aheadHigher.rows, ...aheadTier.rows].slice(0, n).reverse();
      const after = [...behindSame.rows, ...behindLower.rows, ...behindTier.rows].slice(0, n);
      const rows = await rankByGroup([...before, mine, ...after], (group) => rankOf(game, group));
      return { me: rows[before.length], rows };
    },

    async profile(playerId) {
      const player = await one<PlayerRow>(`SELECT ${PLAYER} FROM players WHERE id = $1`, [playerId]);
      if (!player) return null;
      const [stats, recent] = await Promise.all([
        pool.query<StatsRow>(`SELECT ${STATS_COLUMNS} FROM player_stats s WHERE s.player_id = $1 AND s.games > 0 ORDER BY s.game`, [playerId]),
        pageOf(playerId, RECENT_MATCHES),
      ]);
      return { player: toPlayer(player), stats: stats.rows.map(toStats), recent: recent.matches };
    },

    matchesOf: (playerId, limit, before) => pageOf(playerId, limit, before),

    async getMatch(matchId) {
      const row = await one<MatchRow>("SELECT * FROM matches WHERE id = $1", [matchId]);
      return row ? toMatch(row) : null;
    },

    async abandonsSince(playerId, sinceMs) {
      const { rows } = await pool.query<{ ended_at: number }>(
        `SELECT ended_at FROM matches WHERE player0_id = $1 AND ended_at >= $2 AND reason = 'abandoned' AND winner_id = player1_id
         UNION ALL
         SELECT ended_at FROM matches WHERE player1_id = $1 AND ended_at >= $2 AND reason = 'abandoned' AND winner_id = player0_id
         ORDER BY ended_at`,
        [playerId, Math.round(sinceMs)],
      );
      return rows.map((r) => r.ended_at);
    },

    async recordStart(start) {
      if (start.players.length !== 2) throw new Error("recordStart: exactly two players are required");
      await pool.query(
        `INSERT INTO live_matches (id, game, player0_id, player0_name, player1_id, player1_name, rated, started_at, owner)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
        [start.matchId, start.game, start.players[0].playerId, start.players[0].name, start.players[1].playerId, start.players[1].name, start.rated, Math.round(start.startedAt), owner],
      );
    },

    async recoverInterrupted(now) {
      const { rows } = await pool.query<{ id: string; game: GameName; player0_id: string; player0_name: string; player1_id: string; player1_name: string; started_at: number }>(
        "SELECT * FROM live_matches WHERE owner = $1 ORDER BY started_at",
        [owner],
      );
      for (const row of rows) {
        await transaction((client) =>
          record(client, {
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
          }),
        );
      }
      return rows.length;
    },

    async checkStatsInvariant() {
      const problems: string[] = [];
      const badRanked = await pool.query<{ player_id: string; game: string; ranked: boolean }>(
        `SELECT s.player_id, s.game, s.ranked FROM player_stats s JOIN players p ON p.id = s.player_id
         WHERE s.ranked != (NOT p.is_bot AND s.rated_games > 0) OR s.games != s.wins + s.losses + s.draws`,
      );
      for (const r of badRanked.rows) problems.push(`player ${r.player_id} ${r.game}: ranked flag ${r.ranked} or games total disagrees with bot status and W/L/D`);
      const mismatch = await pool.query<StatsRow & { w: number; l: number; d: number; g: number; r: number }>(
        `WITH per_player AS (
           SELECT player0_id AS player_id, game, winner_id, rated FROM matches WHERE NOT aborted
           UNION ALL SELECT player1_id, game, winner_id, rated FROM matches WHERE NOT aborted
         ), totals AS (
           SELECT player_id, game,
             COUNT(*) FILTER (WHERE winner_id = player_id) AS w,
             COUNT(*) FILTER (WHERE winner_id IS NOT NULL AND winner_id != player_id) AS l,
             COUNT(*) FILTER (WHERE winner_id IS NULL) AS d,
             COUNT(*) AS g,
             COUNT(*) FILTER (WHERE rated) AS r
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
      );
      for (const r of mismatch.rows) {
        problems.push(
          `player ${r.player_id} ${r.game}: stats ${r.wins}/${r.losses}/${r.draws} in ${r.games} games (${r.rated_games} rated), matches add up to ${r.w}/${r.l}/${r.d} in ${r.g} (${r.r} rated)`,
        );
      }
      return { ok: problems.length === 0, problems };
    },

    async preferences(playerId) {
      const [row, muted] = await Promise.all([
        one<PreferencesRow>("SELECT chat_off, challenges FROM preferences WHERE player_id = $1", [playerId]),
        pool.query<{ muted_id: string }>("SELECT muted_id FROM mutes WHERE player_id = $1 ORDER BY created_at, muted_id", [playerId]),
      ]);
      return {
        chatOff: row?.chat_off ?? DEFAULT_PREFERENCES.chatOff,
        challenges: row?.challenges ?? DEFAULT_PREFERENCES.challenges,
        muted: muted.rows.map((r) => r.muted_id),
      };
    },

    async setPreferences(playerId, change) {
      const chatOff = typeof change.chatOff === "boolean" ? change.chatOff : null;
      const challenges = change.challenges ?? null;
      if (chatOff === null && challenges === null) return;
      // An unknown player gets no row (nor an error): the defaults stand.
      await pool.query(
        `INSERT INTO preferences (player_id, chat_off, challenges)
         SELECT id, COALESCE($2::boolean, FALSE), COALESCE($3::text, 'everyone') FROM players WHERE id = $1
         ON CONFLICT (player_id) DO UPDATE SET chat_off = COALESCE($2::boolean, preferences.chat_off), challenges = COALESCE($3::text, preferences.challenges)`,
        [playerId, chatOff, challenges],
      );
    },

    async setMuted(playerId, mutedId, muted, at) {
      if (!muted) {
        await pool.query("DELETE FROM mutes WHERE player_id = $1 AND muted_id = $2", [playerId, mutedId]);
        return;
      }
      // Both must be players, and not the same one; muting again keeps the first time.
      await pool.query(
        `INSERT INTO mutes (player_id, muted_id, created_at)
         SELECT a.id, b.id, $3 FROM players a JOIN players b ON b.id = $2 WHERE a.id = $1 AND a.id != b.id
         ON CONFLICT (player_id, muted_id) DO NOTHING`,
        [playerId, mutedId, Math.round(at)],
      );
    },

    async havePlayed(a, b) {
      const row = await one<{ played: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM matches WHERE player0_id = $1 AND player1_id = $2 AND NOT aborted)
             OR EXISTS (SELECT 1 FROM matches WHERE player0_id = $2 AND player1_id = $1 AND NOT aborted) AS played`,
        [a, b],
      );
      return row!.played;
    },

    async fileReport(report) {
      const id = newReportId();
      await pool.query(
        `INSERT INTO reports (id, reporter_id, reported_id, reason, note, room_id, match_id, lines, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [id, report.reporterId, report.reportedId, report.reason, report.note, report.roomId, report.matchId ?? null, JSON.stringify(report.lines ?? []), Math.round(report.at)],
      );
      return id;
    },

    async reports(query) {
      const { rows } = await pool.query<ReportRow>(
        `SELECT r.id, r.reporter_id, r.reported_id, r.reason, r.note, r.room_id, r.match_id, r.lines, r.created_at, r.resolved_at, r.resolution,
           rp.name AS reporter_name, rd.name AS reported_name
         FROM reports r JOIN players rp ON rp.id = r.reporter_id JOIN players rd ON rd.id = r.reported_id
         ${query.open ? "WHERE r.resolved_at IS NULL" : ""} ORDER BY r.created_at DESC, r.id DESC LIMIT $1`,
        [count(query.limit)],
      );
      return rows.map(toReport);
    },

    async resolveReport(id, resolution, at) {
      const done = await pool.query("UPDATE reports SET resolved_at = $1, resolution = $2 WHERE id = $3 AND resolved_at IS NULL", [Math.round(at), resolution, id]);
      return done.rowCount === 1;
    },

    async moderate(playerId, action, at) {
      return transaction(async (client) => {
        const { rows } = await client.query<PlayerRow>(`SELECT ${PLAYER} FROM players WHERE id = $1 FOR UPDATE`, [playerId]);
        if (rows.length === 0) return null;
        const next = moderatedPlayer(toPlayer(rows[0]), action, Math.round(at));
        const { rows: updated } = await client.query<PlayerRow>(
          `UPDATE players SET name = $2, banned_at = $3, chat_muted_until = $4 WHERE id = $1 RETURNING ${PLAYER}`,
          [playerId, next.name, next.bannedAt, next.chatMutedUntil],
        );
        await client.query("INSERT INTO moderation_log (player_id, action, at) VALUES ($1, $2, $3)", [playerId, loggedAction(toPlayer(rows[0]), action), Math.round(at)]);
        return toPlayer(updated[0]);
      });
    },

    async moderationLog(playerId, limit) {
      const { rows } = await pool.query<{ action: object; at: string }>("SELECT action, at FROM moderation_log WHERE player_id = $1 ORDER BY at DESC, id DESC LIMIT $2", [playerId, limit]);
      return rows.map(toModerationEntry);
    },

    async purgeReports(before) {
      return (await pool.query("DELETE FROM reports WHERE resolved_at < $1", [Math.round(before)])).rowCount ?? 0;
    },

    async close() {
      await pool.end();
    },
  };
}
