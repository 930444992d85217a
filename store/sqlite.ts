import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { checkResultShape } from "./results";
import { DEFAULT_PREFERENCES, newReportId, toModerationEntry, toReport } from "./moderation";
import { count, isProvisional, rankByGroup, rankGroupOf, rankPage, toAccount, toMatch, toSession, toStats, type RankGroup } from "./rows";
import { connect, migrate, statements, statsOf, toPlayer, type SqliteMatchRow, type SqliteReportRow, type WriteOp } from "./sqliteSql";
import { validatePlayerName } from "../protocol/playerName";
import { hashToken, newSessionId, newToken, TOKEN_MAX_LENGTH, tokenLife } from "./tokens";
import type { GameName } from "../games/registry";
import type { Guest, MatchCursor, TokenSession, MatchPage, Player, PlayerProfile, RecordOutcome, Store, StoreOptions } from "./types";
import { startWriterThread, type WriterThread } from "./writerThread";

export { HOT_QUERIES } from "./sqliteSql";

export interface SqliteStore extends Store {
  readonly file: string;
  /** Recomputes the rating histogram behind "my rank", after rows were written around the store (bulk loads). */
  rebuildRankBuckets(): Promise<void>;
  /** Ends the writer thread at once, as a crash in it would; for tests. Later writes start a new one. */
  crashWriter(): Promise<void>;
}


const RECENT_MATCHES = 20;
const DAY_MS = 24 * 60 * 60_000;

const WRITER_ENTRY = path.join(__dirname, `sqliteWriterThread${path.extname(__filename)}`);

/**
 * The SQLite store: the one module that owns SQL. Reads run on the calling thread, on a connection of their own
 * that never writes (cheap indexed reads; with WAL they never wait for the writer). Every write goes to one
 * writer thread that owns the writing connection, so no transaction runs on the event loop, and writes that
 * arrive together commit as one transaction. A write's promise resolves only once its transaction has
 * committed, so a read started after that sees it (read-your-writes for anything that awaits its write).
 */
export function openSqliteStore(options: { file: string } & StoreOptions): SqliteStore {
  const owner = options.owner ?? "";
  const tokenTtlMs = options.tokenTtlMs ?? 30 * DAY_MS;
  const now = options.now ?? Date.now;
  fs.mkdirSync(path.dirname(options.file), { recursive: true });
  const db = connect(options.file);
  try {
    migrate(db, options.file);
  } catch (err) {
    db.close();
    throw err;
  }
  // This connection only reads from here on; a write on it would wait for the writer thread's lock, on the event loop.
  db.pragma("query_only = ON");
  const sql = statements(db);
  const writer: WriterThread<WriteOp> = startWriterThread(WRITER_ENTRY, { file: options.file, owner }, "SQLite writer");
  const write = <T>(op: WriteOp) => writer.call(op) as Promise<T>;

  const decodeMatch = (row: SqliteMatchRow) =>
    toMatch({
      ...row,
      aborted: row.aborted === 1,
      rated: row.rated === 1,
      moves: JSON.parse(row.moves),
      rating_changes: JSON.parse(row.rating_changes),
      options: JSON.parse(row.options),
    });

  function rankOf(game: GameName, group: RankGroup): number {
    return 1 + sql.ahead.get({ game, provisional: group.provisional ? 1 : 0, bucket: group.shown })!.n;
  }

  function pageOf(playerId: string, limit: number, before?: MatchCursor): MatchPage {
    const n = count(limit);
    if (n === 0) return { matches: [], next: null };
    // One more than asked: whether it exists says whether there is a next page.
    const rows = sql.matchPage.all({ player: playerId, endedAt: before?.endedAt ?? Number.MAX_SAFE_INTEGER, id: before?.matchId ?? "", n: n + 1 });
    const matches = rows.slice(0, n).map(decodeMatch);
    const last = matches.at(-1);
    return { matches, next: rows.length > n && last ? { endedAt: last.endedAt, matchId: last.matchId } : null };
  }

  const tokenShape = (token: unknown): token is string => typeof token === "string" && token.length > 0 && token.length <= TOKEN_MAX_LENGTH;

  async function sessionByToken(token: string): Promise<TokenSession | null> {
    if (!tokenShape(token)) return null;
    const hash = hashToken(token);
    const row = sql.tokenOwner.get(hash);
    if (!row) return null;
    const at = now();
    const life = tokenLife(row.used_at, at, tokenTtlMs);
    if (life === "expired") {
      await write({ kind: "deleteToken", tokenHash: hash });
      return null;
    }
    // At most hourly per token, so the round trip to the writer is rare.
    if (life === "renew") await write({ kind: "renewToken", tokenHash: hash, at });
    return { player: toPlayer(row), sessionId: row.session_id };
  }

  return {
    file: options.file,

    async createGuest(rawName, device = "") {
      const checked = validatePlayerName(rawName);
      if (!checked.ok) throw new Error(checked.message);
      const token = newToken();
      const playerId = crypto.randomUUID();
      await write({ kind: "createGuest", playerId, name: checked.name, tokenHash: hashToken(token), sessionId: newSessionId(), device, at: now() });
      const guest: Guest = { playerId, name: checked.name, token };
      return guest;
    },

    async playerByToken(token) {
      return (await sessionByToken(token))?.player ?? null;
    },

    sessionByToken,

    claimAccount: (claim, at) => write<"claimed" | "taken" | "already-claimed">({ kind: "claimAccount", claim, at }),

    async accountByKey(usernameKey) {
      const row = sql.accountByKey.get(usernameKey);
      return row ? toAccount(row) : null;
    },

    async accountOf(playerId) {
      const row = sql.accountOf.get(playerId);
      return row ? toAccount(row) : null;
    },

    async createSession(playerId, device) {
      const token = newToken();
      const sessionId = newSessionId();
      await write({ kind: "createSession", playerId, tokenHash: hashToken(token), sessionId, device, at: now() });
      return { token, sessionId };
    },

    async sessionsOf(playerId) {
      return sql.sessionsOf.all(playerId).map(toSession);
    },

    revokeSession: (playerId, sessionId) => write<string | null>({ kind: "revokeSession", playerId, sessionId }),

    changePassword: (playerId, passwordHash, keepSessionId, at) => write<string[]>({ kind: "changePassword", playerId, passwordHash, keepSessionId, at }),

    async revokeToken(token) {
      if (tokenShape(token)) await write({ kind: "deleteToken", tokenHash: hashToken(token) });
    },

    async getPlayer(playerId) {
      const row = sql.playerById.get(playerId);
      return row ? toPlayer(row) : null;
    },

    async moderationLog(playerId, limit) {
      return sql.moderationLog.all(playerId, limit).map(toModerationEntry);
    },

    async playersNamed(name, limit) {
      return sql.playersNamed.all(name, limit).map(toPlayer);
    },

    async ensureBot(botId, name) {
      // The lobby asks before every bot game; only the first ever writes.
      const row = sql.playerById.get(botId);
      if (row?.is_bot === 1) return toPlayer(row);
      return write<Player>({ kind: "ensureBot", botId, name, at: now() });
    },

    async getRating(playerId, game) {
      const { rating, deviation, volatility } = statsOf(sql, playerId, game);
      return { rating, deviation, volatility };
    },

    async recordResult(result) {
      // Checked here first: a malformed result never reaches the writer (nor fails to cross to it).
      checkResultShape(result);
      return write<RecordOutcome>({ kind: "recordResult", result });
    },

    async leaderboard(game, limit, offset) {
      const skip = count(offset);
      const rows = sql.top.all(game, count(limit), skip);
      if (rows.length === 0) return [];
      return rankPage(rows, skip, skip === 0 ? 1 : rankOf(game, rankGroupOf(rows[0])));
    },

    async leaderboardAround(playerId, game, radius) {
      const mine = sql.rankedStats.get(playerId, game);
      const player = sql.playerById.get(playerId);
      if (!mine || mine.ranked !== 1 || !player) return null;
      const n = count(radius);
      const params = { game, provisional: isProvisional(mine.deviation) ? 1 : 0, rating: mine.rating, id: mine.player_id, n };
      const ahead = [...sql.aheadSameRating.all(params), ...sql.aheadHigher.all(params), ...sql.aheadTier.all(params)].slice(0, n).reverse();
      const behind = [...sql.behindSameRating.all(params), ...sql.behindLower.all(params), ...sql.behindTier.all(params)].slice(0, n);
      const rows = await rankByGroup([...ahead, { ...mine, name: player.name }, ...behind], (group) => rankOf(game, group));
      return { me: rows[ahead.length], rows };
    },

    async profile(playerId) {
      const row = sql.playerById.get(playerId);
      if (!row) return null;
      const profile: PlayerProfile = {
        player: toPlayer(row),
        stats: sql.allStats.all(playerId).map(toStats),
        recent: pageOf(playerId, RECENT_MATCHES).matches,
      };
      return profile;
    },

    async getMatch(matchId) {
      const row = sql.match.get(matchId);
      return row ? decodeMatch(row) : null;
    },

    async matchesOf(playerId, limit, before) {
      return pageOf(playerId, limit, before);
    },

    async abandonsSince(playerId, sinceMs) {
      return sql.abandons.all({ player: playerId, since: sinceMs }).map((r) => r.ended_at);
    },

    async recordStart(start) {
      if (!start || !Array.isArray(start.players) || start.players.length !== 2) throw new Error("recordStart: exactly two players are required");
      await write({ kind: "recordStart", start });
    },

    recoverInterrupted: (now) => write<number>({ kind: "recoverInterrupted", now }),

    rebuildRankBuckets: () => write<void>({ kind: "rebuildRankBuckets" }),

    crashWriter: () => writer.crash(),

    async checkStatsInvariant() {
      const problems: string[] = [];
      for (const { id } of sql.duplicateMatches.all()) problems.push(`match ${id} is recorded more than once`);
      for (const b of sql.bucketMismatch.all()) {
        problems.push(`rating bucket ${b.game}/${b.provisional ? "provisional" : "established"}/${b.bucket} counts ${b.n} players, player_stats has ${b.actual}`);
      }
      for (const r of sql.badRankedFlag.all()) {
        problems.push(`player ${r.player_id} ${r.game}: ranked flag ${r.ranked} or games total disagrees with bot status and W/L/D`);
      }
      for (const r of sql.statsMismatch.all()) {
        problems.push(
          `player ${r.player_id} ${r.game}: stats ${r.wins}/${r.losses}/${r.draws} in ${r.games} games (${r.rated_games} rated), matches add up to ${r.w}/${r.l}/${r.d} in ${r.g} (${r.r} rated)`,
        );
      }
      return { ok: problems.length === 0, problems };
    },

    async preferences(playerId) {
      const row = sql.preferences.get(playerId);
      return {
        chatOff: row ? row.chat_off === 1 : DEFAULT_PREFERENCES.chatOff,
        challenges: row?.challenges ?? DEFAULT_PREFERENCES.challenges,
        muted: sql.mutedBy.all(playerId).map((r) => r.muted_id),
      };
    },

    async setPreferences(playerId, change) {
      const chatOff = typeof change.chatOff === "boolean" ? change.chatOff : null;
      const challenges = change.challenges ?? null;
      if (chatOff === null && challenges === null) return;
      await write({ kind: "setPreferences", playerId, chatOff, challenges });
    },

    setMuted: (playerId, mutedId, muted, at) => write<void>({ kind: "setMuted", playerId, mutedId, muted, at: Math.round(at) }),

    async havePlayed(a, b) {
      return sql.havePlayed.get({ a, b })!.played === 1;
    },

    fileReport: (report) => write<string>({ kind: "fileReport", id: newReportId(), report }),

    async reports(query) {
      const rows = (query.open ? sql.openReports : sql.allReports).all(count(query.limit));
      return rows.map((row: SqliteReportRow) => toReport({ ...row, lines: JSON.parse(row.lines) }));
    },

    resolveReport: (id, resolution, at) => write<boolean>({ kind: "resolveReport", id, resolution, at: Math.round(at) }),

    moderate: (playerId, action, at) => write<Player | null>({ kind: "moderate", playerId, action, at: Math.round(at) }),

    purgeReports: (before) => write<number>({ kind: "purgeReports", before: Math.round(before) }),

    async close() {
      // Every write handed over before close commits first. The writer's connection closes last, so that its
      // thread, not this one, checkpoints the WAL into the database file.
      await writer.close(() => {
        if (db.open) db.close();
      });
    },
  };
}
