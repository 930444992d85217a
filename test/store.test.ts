import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import type { GameName } from "../games/registry";
import { MIGRATIONS } from "../store/migrations";
import { validatePlayerName } from "../protocol/playerName";
import pg from "pg";
import { openPostgresStore, PG_MIGRATIONS } from "../store/postgres";
import { playerRatings } from "../store/playerRatings";
import { HOT_QUERIES, openSqliteStore, type SqliteStore } from "../store/sqlite";
import { hashToken } from "../store/tokens";
import { DEFAULT_RATING, rate } from "../rating/glicko2";
import type { LeaderboardRow, MatchResult, Rating, Store, StoreOptions } from "../store/types";
import { startPostgres, type TestPostgres } from "./support/postgres";

let counter = 0;
function result(a: string, b: string, winner: string | null, extra: Partial<MatchResult> = {}): MatchResult {
  counter++;
  return {
    matchId: `m${counter}`,
    game: "tictactoe",
    players: [
      { playerId: a, name: a },
      { playerId: b, name: b },
    ],
    winner,
    reason: winner ? "line" : "draw",
    rated: true,
    moves: [{ seat: 0, move: 4, at: 10 }],
    startedAt: 1000 + counter,
    endedAt: 2000 + counter,
    ...extra,
  };
}

/**
 * A board in board order must be ranked by standard competition ranking on (tier, shown rating):
 * established rows first, ratings never rising within a tier, and a rank that changes only with the group.
 */
function assertCompetitionRanks(rows: LeaderboardRow[], startPosition = 0) {
  rows.forEach((row, i) => {
    assert.equal(Number.isInteger(row.rating), true, `${row.playerId} shows a whole rating`);
    if (i === 0) return;
    const prev = rows[i - 1];
    assert.ok(!prev.provisional || row.provisional, `established before provisional at ${i}`);
    const sameGroup = prev.provisional === row.provisional && prev.rating === row.rating;
    if (prev.provisional === row.provisional) assert.ok(prev.rating >= row.rating, `ratings fall within a tier at ${i}`);
    assert.equal(row.rank, sameGroup ? prev.rank : startPosition + i + 1, `rank of ${row.playerId} at position ${startPosition + i}`);
  });
}

/** Where a store suite runs: a fresh database before each test, and how to open a store on it. */
interface Backend {
  name: string;
  sqlite: boolean;
  fresh(): Promise<void>;
  open(owner?: string, options?: StoreOptions): Promise<Store>;
  cleanup(): Promise<void>;
  /** Runs SQL straight on the database, around the store. */
  raw(sql: string): Promise<any[]>;
  /** The schema version the store's migrations have reached. */
  schemaVersion(): Promise<number>;
  setSchemaVersion(version: number): Promise<void>;
  /** Builds the schema as an older build left it: migrations up to `version` only. */
  migrateTo(version: number): Promise<void>;
  latestVersion: number;
  /** The last version before token expiry and rated-only boards came in. */
  beforeTokenLife: number;
}

let dir: string;
let file: string;
const sqliteBackend: Backend = {
  name: "SQLite",
  sqlite: true,
  async fresh() {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "parlor-store-"));
    file = path.join(dir, "nested", "parlor.db");
  },
  async open(owner, options) {
    return openSqliteStore({ file, owner, ...options });
  },
  async cleanup() {
    fs.rmSync(dir, { recursive: true, force: true });
  },
  async raw(sql) {
    const db = new Database(file);
    try {
      const statement = db.prepare(sql);
      return statement.reader ? statement.all() : (statement.run(), []);
    } finally {
      db.close();
    }
  },
  async schemaVersion() {
    return (await this.raw("PRAGMA user_version"))[0].user_version;
  },
  async setSchemaVersion(version) {
    const db = new Database(file);
    db.pragma(`user_version = ${version}`);
    db.close();
  },
  async migrateTo(version) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    for (const m of MIGRATIONS.filter((m) => m.version <= version)) db.exec(m.sql);
    db.pragma(`user_version = ${version}`);
    db.close();
  },
  latestVersion: MIGRATIONS[MIGRATIONS.length - 1].version,
  beforeTokenLife: 4,
};

let postgres: TestPostgres | null = null;
let pgUrl = "";
const postgresBackend: Backend = {
  name: "PostgreSQL",
  sqlite: false,
  async fresh() {
    postgres ??= await startPostgres();
    pgUrl = await postgres.createDatabase();
  },
  async open(owner, options) {
    return openPostgresStore({ url: pgUrl, owner, poolSize: 4, ...options });
  },
  async cleanup() {},
  async raw(sql) {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  },
  async schemaVersion() {
    return (await this.raw("SELECT MAX(version)::int AS v FROM schema_migrations"))[0].v;
  },
  async setSchemaVersion(version) {
    await this.raw(`DELETE FROM schema_migrations WHERE version > ${PG_MIGRATIONS.length}`);
    if (version > PG_MIGRATIONS.length) await this.raw(`INSERT INTO schema_migrations (version, applied_at) VALUES (${version}, 0)`);
  },
  async migrateTo(version) {
    await this.raw("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
    for (const m of PG_MIGRATIONS.filter((m) => m.version <= version)) {
      await this.raw(m.sql);
      await this.raw(`INSERT INTO schema_migrations (version, applied_at) VALUES (${m.version}, 0)`);
    }
  },
  latestVersion: PG_MIGRATIONS[PG_MIGRATIONS.length - 1].version,
  beforeTokenLife: 1,
};

after(async () => {
  await postgres?.stop();
});

for (const backend of [sqliteBackend, postgresBackend]) describe(`${backend.name} store`, function () {
  this.timeout(60_000);
  let store: Store;
  const reopen = async (owner?: string) => {
    await store.close();
    store = await backend.open(owner);
  };

  beforeEach(async () => {
    await backend.fresh();
    store = await backend.open();
  });
  afterEach(async () => {
    await store.close();
    await backend.cleanup();
  });

  const guest = (name: string) => store.createGuest(name);

  describe("players and tokens", () => {
    it("creates guests whose token finds them, and stores only the token's hash", async () => {
      const g = await guest("alice");
      assert.ok(Buffer.from(g.token, "base64url").length >= 16, "at least 128 bits");
      assert.equal((await store.playerByToken(g.token))!.id, g.playerId);
      assert.equal(await store.playerByToken("nope"), null);
      assert.equal(await store.playerByToken(""), null);
      await store.close();
      assert.deepEqual(await backend.raw("SELECT token_hash FROM tokens"), [{ token_hash: hashToken(g.token) }]);
      if (backend.sqlite) {
        for (const f of fs.readdirSync(path.dirname(file))) {
          assert.ok(!fs.readFileSync(path.join(path.dirname(file), f)).includes(g.token), `token in clear in ${f}`);
        }
      }
      store = await backend.open();
    });

    it("validates names: 1-20 characters of letters, digits, spaces, _ and -", async () => {
      assert.deepEqual(validatePlayerName("  Zoë_99-x "), { ok: true, name: "Zoë_99-x" });
      assert.deepEqual(validatePlayerName("李小龍"), { ok: true, name: "李小龍" });
      assert.equal(validatePlayerName("a".repeat(20)).ok, true);
      for (const bad of ["", "   ", "a".repeat(21), "bob!", "<b>", "a\nb", "tab\there", 5, null, undefined, {}]) {
        const checked = validatePlayerName(bad);
        assert.equal(checked.ok, false, JSON.stringify(bad));
        if (!checked.ok) assert.match(checked.message, /^(Your name|Please) .*\.$/, "a sentence a player can read");
      }
      assert.deepEqual(validatePlayerName("a".repeat(21)), { ok: false, message: "Your name must be at most 20 characters." });
      assert.deepEqual(validatePlayerName(""), { ok: false, message: "Please choose a name." });
      await assert.rejects(store.createGuest("no;way"));
    });

    it("keeps players, tokens and stats across close and reopen; migrations run once", async () => {
      const a = await guest("alice");
      const b = await guest("bob");
      await store.recordResult(result(a.playerId, b.playerId, a.playerId));
      await reopen();
      await reopen();
      assert.equal((await store.playerByToken(a.token))!.name, "alice");
      assert.equal((await store.leaderboard("tictactoe", 10, 0))[0].playerId, a.playerId);
      assert.equal(await backend.schemaVersion(), backend.latestVersion);
      if (backend.sqlite) assert.deepEqual(await backend.raw("PRAGMA journal_mode"), [{ journal_mode: "wal" }]);
    });

    it("migrates once when several processes open the same new database at the same moment", async () => {
      await store.close();
      await backend.cleanup();
      await backend.fresh();
      const stores = await Promise.all([backend.open("p1"), backend.open("p2"), backend.open("p3")]);
      await Promise.all(stores.map((s) => s.close()));
      store = await backend.open();
      assert.equal(await backend.schemaVersion(), backend.latestVersion);
      assert.equal((await store.createGuest("after")).name, "after");
    });

    it("refuses a database from a newer build rather than writing to an unknown schema", async () => {
      await store.close();
      await backend.setSchemaVersion(999);
      await assert.rejects(backend.open(), /schema version 999/);
      await backend.setSchemaVersion(backend.latestVersion);
      store = await backend.open();
    });

    it("bots exist once and never appear on leaderboards", async () => {
      const a = await guest("alice");
      await store.ensureBot("bot", "Parlor Bot");
      await store.ensureBot("bot", "Parlor Bot");
      assert.equal((await store.getPlayer("bot"))!.isBot, true);
      const out = await store.recordResult(result("bot", a.playerId, "bot", { rated: true }));
      assert.deepEqual(out.ratingChanges, {}, "games against bots are unrated");
      // Nor does alice, whose only game was that unrated loss.
      assert.deepEqual(await store.leaderboard("tictactoe", 10, 0), []);
      const stats = (await store.profile(a.playerId))!.stats[0];
      assert.deepEqual([stats.losses, stats.games, stats.ratedGames, stats.rating, stats.provisional], [1, 1, 0, 1500, true]);
    });
  });

  describe("recording results", () => {
    it("is idempotent by match id: a second call changes nothing", async () => {
      const a = await guest("alice");
      const b = await guest("bob");
      const r = result(a.playerId, b.playerId, a.playerId);
      const first = await store.recordResult(r);
      assert.equal(first.recorded, true);
      assert.ok(first.ratingChanges[a.playerId].after > 1500);
      const before = await store.profile(a.playerId);
      const second = await store.recordResult({ ...r, winner: b.playerId });
      assert.deepEqual(second, { recorded: false, ratingChanges: {} });
      assert.deepEqual(await store.profile(a.playerId), before);
      assert.equal((await store.getMatch(r.matchId))!.winner, a.playerId);
    });

    it("rated games move ratings; unrated ones count in history only", async () => {
      const a = await guest("alice");
      const b = await guest("bob");
      await store.recordResult(result(a.playerId, b.playerId, a.playerId, { rated: false }));
      assert.equal((await store.getRating(a.playerId, "tictactoe")).rating, 1500);
      assert.equal((await store.profile(a.playerId))!.stats[0].wins, 1);
      await store.recordResult(result(a.playerId, b.playerId, null, { rated: true, game: "rps" }));
      const rps = (await store.profile(b.playerId))!.stats.find((s) => s.game === "rps")!;
      assert.equal(rps.draws, 1);
      assert.ok(rps.deviation < 350);
    });

    it("stores aborted matches without touching stats", async () => {
      const a = await guest("alice");
      const b = await guest("bob");
      const r = result(a.playerId, b.playerId, null, { aborted: true, reason: "no_show" });
      assert.equal((await store.recordResult(r)).recorded, true);
      assert.equal((await store.profile(a.playerId))!.stats.length, 0);
      assert.equal((await store.getMatch(r.matchId))!.aborted, true);
      assert.equal((await store.getMatch(r.matchId))!.rated, false);
    });

    it("rejects invalid results and writes nothing", async () => {
      const a = await guest("alice");
      const b = await guest("bob");
      const bad: [string, MatchResult][] = [
        ["self", result(a.playerId, a.playerId, null)],
        ["unknown player", result(a.playerId, "ghost", null)],
        ["winner not playing", result(a.playerId, b.playerId, "ghost")],
        ["unknown game", { ...result(a.playerId, b.playerId, null), game: "chess" as GameName }],
        ["aborted with a winner", result(a.playerId, b.playerId, a.playerId, { aborted: true })],
        ["no match id", { ...result(a.playerId, b.playerId, null), matchId: "" }],
        ["no reason", { ...result(a.playerId, b.playerId, null), reason: "" as MatchResult["reason"] }],
        ["a player without a name", { ...result(a.playerId, b.playerId, null), players: [{ playerId: a.playerId }, { playerId: b.playerId, name: "bob" }] as MatchResult["players"] }],
        ["three players", { ...result(a.playerId, b.playerId, null), players: [{ playerId: a.playerId, name: "a" }, { playerId: b.playerId, name: "b" }, { playerId: "c", name: "c" }] }],
      ];
      for (const [why, r] of bad) {
        await assert.rejects(store.recordResult(r), Error, why);
        assert.equal(await store.getMatch(r.matchId), null, why);
      }
      assert.equal((await store.profile(a.playerId))!.stats.length, 0);
      assert.ok((await store.checkStatsInvariant()).ok);
    });

    it("round-trips a match for replay", async () => {
      const a = await guest("alice");
      const b = await guest("bob");
      const moves = [0, 3, 1, 4, 2].map((cell, i) => ({ seat: (i % 2) as 0 | 1, move: cell, at: i * 100 }));
      const r = result(a.playerId, b.playerId, a.playerId, { moves });
      await store.recordResult(r);
      const m = (await store.getMatch(r.matchId))!;
      assert.deepEqual(m.moves, moves);
      assert.deepEqual(m.players, r.players);
      assert.equal(m.reason, "line");
      assert.deepEqual([m.startedAt, m.endedAt], [r.startedAt, r.endedAt]);
      assert.ok(m.ratingChanges[b.playerId].after < 1500);
      assert.deepEqual(m.options, {}, "a match handed in without options reads back as the defaults");
    });

    it("keeps the rule options a match was played with", async () => {
      const a = await guest("alice");
      const b = await guest("bob");
      const r = { ...result(a.playerId, b.playerId, a.playerId), game: "rps" as const, reason: "rounds" as const, options: { winsNeeded: 3, maxRounds: 5 } };
      await store.recordResult(r);
      assert.deepEqual((await store.getMatch(r.matchId))!.options, { winsNeeded: 3, maxRounds: 5 });
    });

    it("lists abandons a player lost since a time", async () => {
      const a = await guest("alice");
      const b = await guest("bob");
      await store.recordResult(result(a.playerId, b.playerId, b.playerId, { reason: "abandoned", endedAt: 5000 }));
      await store.recordResult(result(b.playerId, a.playerId, b.playerId, { reason: "abandoned", endedAt: 6000 }));
      await store.recordResult(result(a.playerId, b.playerId, a.playerId, { reason: "abandoned", endedAt: 7000 }));
      await store.recordResult(result(a.playerId, b.playerId, b.playerId, { reason: "resign", endedAt: 8000 }));
      await store.recordResult(result(a.playerId, b.playerId, null, { reason: "abandoned", endedAt: 9000 })); // nobody lost
      assert.deepEqual(await store.abandonsSince(a.playerId, 0), [5000, 6000]);
      assert.deepEqual(await store.abandonsSince(a.playerId, 5500), [6000]);
      assert.deepEqual(await store.abandonsSince(b.playerId, 0), [7000]);
    });
  });

  describe("leaderboards and profiles", () => {
    it("ranks by rating, pages with offset, and agrees with my-rank", async () => {
      const players = await Promise.all(Array.from({ length: 12 }, (_, i) => guest(`p${i}`)));
      // p0 beats everyone, p1 beats everyone after, and so on: a clear order.
      for (let i = 0; i < players.length; i++) {
        for (let j = i + 1; j < players.length; j++) await store.recordResult(result(players[i].playerId, players[j].playerId, players[i].playerId));
      }
      const top = await store.leaderboard("tictactoe", 50, 0);
      assert.equal(top.length, 12);
      assert.deepEqual(top.map((r) => r.rank), Array.from({ length: 12 }, (_, i) => i + 1));
      for (let i = 1; i < top.length; i++) assert.ok(top[i - 1].rating >= top[i].rating);
      assert.equal(top[0].playerId, players[0].playerId);
      assert.deepEqual(await store.leaderboard("tictactoe", 3, 4), top.slice(4, 7));
      assert.deepEqual(await store.leaderboard("rps", 10, 0), []);
      // SQLite reads LIMIT -1 as "everything"; the store must not.
      assert.deepEqual(await store.leaderboard("tictactoe", -1, 0), []);
      assert.deepEqual(await store.leaderboard("tictactoe", 2, -5), top.slice(0, 2));
      assert.deepEqual((await store.leaderboardAround(players[5].playerId, "tictactoe", -3))!.rows, [top[5]]);

      for (const row of top) {
        const around = (await store.leaderboardAround(row.playerId, "tictactoe", 2))!;
        assert.deepEqual(around.me, row);
        assert.deepEqual(around.rows, top.slice(Math.max(0, row.rank - 3), row.rank + 2));
      }
      assert.equal(await store.leaderboardAround(players[0].playerId, "rps", 2), null);
      assert.equal(await store.leaderboardAround("ghost", "tictactoe", 2), null);
    });

    it("a profile has stats per game and the last 20 matches, newest first", async () => {
      const a = await guest("alice");
      const b = await guest("bob");
      for (let i = 0; i < 25; i++) {
        await store.recordResult(result(i % 2 ? a.playerId : b.playerId, i % 2 ? b.playerId : a.playerId, null, { game: i % 3 ? "tictactoe" : "rps", endedAt: 10_000 + i }));
      }
      const profile = (await store.profile(a.playerId))!;
      assert.equal(profile.player.name, "alice");
      assert.deepEqual(profile.stats.map((s) => [s.game, s.games]), [["rps", 9], ["tictactoe", 16]]);
      assert.equal(profile.recent.length, 20);
      assert.deepEqual(profile.recent.map((m) => m.endedAt), Array.from({ length: 20 }, (_, i) => 10_024 - i));
      assert.equal(await store.profile("ghost"), null);
    });

    it("a profile's rating card: each game with a rated result, with its leaderboard rank", async () => {
      const [a, b, c, d] = await Promise.all(["a", "b", "c", "d"].map((n) => guest(n)));
      await store.recordResult(result(a.playerId, b.playerId, a.playerId));
      await store.recordResult(result(a.playerId, c.playerId, null));
      await store.recordResult(result(a.playerId, b.playerId, a.playerId, { game: "rps", rated: false }));
      await store.recordResult(result(d.playerId, c.playerId, d.playerId, { game: "connectfour" }));
      const card = async (id: string) => playerRatings(store, id, (await store.profile(id))!.stats);
      const board = await store.leaderboard("tictactoe", 10, 0);
      const row = (id: string) => board.find((r) => r.playerId === id)!;
      const stats = (await store.profile(a.playerId))!.stats.find((s) => s.game === "tictactoe")!;
      assert.deepEqual(await card(a.playerId), [
        { game: "tictactoe", rating: row(a.playerId).rating, rd: Math.round(stats.deviation), provisional: true, wins: 1, losses: 0, draws: 1, rank: 1 },
      ], "rps, played only unrated, is left out");
      const [forB] = await card(b.playerId);
      assert.deepEqual([forB.game, forB.wins, forB.losses, forB.draws, forB.rank], ["tictactoe", 0, 1, 0, row(b.playerId).rank]);
      assert.deepEqual((await card(c.playerId)).map((r) => [r.game, r.rank]), [["tictactoe", row(c.playerId).rank], ["connectfour", 2]], "in the registry's order");
      assert.equal(Number.isInteger((await card(c.playerId))[0].rd), true);
      assert.deepEqual(await card((await guest("e")).playerId), [], "no rated result, no card");
    });

    // SQLite's query plans; PostgreSQL's own planner chooses there (player_stats_rank is a partial index on ranked rows).
    if (backend.sqlite) it("keeps top-N, my-rank, recent matches and abandons on their indexes at 20,000 players", async () => {
      const raw = new Database(file);
      const insertPlayer = raw.prepare("INSERT INTO players (id, name, is_bot, created_at) VALUES (?, ?, 0, 0)");
      // Every fifth player provisional, so that both tiers are large.
      const insertStats = raw.prepare(
        "INSERT INTO player_stats (player_id, game, rating, deviation, volatility, wins, games, rated_games, ranked) VALUES (?, 'tictactoe', ?, ?, 0.06, 1, 1, 1, 1)",
      );
      const insertMatch = raw.prepare(
        `INSERT INTO matches (id, game, player0_id, player0_name, player1_id, player1_name, winner_id, reason, rated, aborted, moves, rating_changes, started_at, ended_at)
         VALUES (?, 'tictactoe', ?, 'a', ?, 'b', ?, 'abandoned', 1, 0, '[]', '{}', 0, ?)`,
      );
      const n = 20_000;
      raw.transaction(() => {
        for (let i = 0; i < n; i++) {
          insertPlayer.run(`s${i}`, `s${i}`);
          insertStats.run(`s${i}`, 1000 + ((i * 7919) % 1500) + (i % 3) * 0.25, i % 5 === 0 ? 200 : 80);
        }
        for (let i = 0; i < n; i++) insertMatch.run(`x${i}`, `s${i}`, `s${(i * 31 + 1) % n}`, `s${i}`, i);
      })();
      await (store as SqliteStore).rebuildRankBuckets();
      const plan = (q: string, ...args: unknown[]) =>
        (raw.prepare(`EXPLAIN QUERY PLAN ${q}`).all(...args) as { detail: string }[]).map((r) => r.detail);
      const noTableScan = (lines: string[]) =>
        assert.ok(!lines.some((l) => /^SCAN (s|p|player_stats|players|matches)\b/.test(l)), lines.join(" | "));
      // Without statistics (as a fresh server runs) and with them.
      for (const analyzed of [false, true]) {
        if (analyzed) raw.exec("ANALYZE");
        const top = plan(HOT_QUERIES.top, "tictactoe", 50, 0);
        noTableScan(top);
        assert.match(top[0], /^SEARCH s USING (COVERING )?INDEX player_stats_board \(game=\? AND ranked=\?\)/);
        assert.ok(!top.some((l) => l.includes("TEMP B-TREE")), "top-N reads in index order, no sort");
        // My rank reads only the histogram, whatever the rank.
        const ahead = plan(HOT_QUERIES.ahead, { game: "tictactoe", provisional: 1, bucket: 1500 });
        noTableScan(ahead);
        assert.ok(!ahead.some((l) => l.includes("player_stats")), ahead.join(" | "));
        assert.ok(ahead.some((l) => /^SEARCH rating_buckets USING PRIMARY KEY \(game=\? AND provisional<\?\)/.test(l)), ahead.join(" | "));
        assert.ok(ahead.some((l) => /^SEARCH rating_buckets USING PRIMARY KEY \(game=\? AND provisional=\? AND bucket>\?\)/.test(l)), ahead.join(" | "));
        for (const q of ["aheadSameRating", "aheadHigher", "aheadTier", "behindSameRating", "behindLower", "behindTier"] as const) {
          const lines = plan(HOT_QUERIES[q], { game: "tictactoe", provisional: 0, rating: 1500, id: "s1", n: 5 });
          noTableScan(lines);
          assert.ok(lines.some((l) => /INDEX player_stats_board \(game=\? AND ranked=\? AND provisional=\?/.test(l)), `${q}: ${lines.join(" | ")}`);
          assert.ok(!lines.some((l) => l.includes("TEMP B-TREE")), `${q} reads in index order: ${lines.join(" | ")}`);
        }
        const page = plan(HOT_QUERIES.matchPage, { player: "s1", endedAt: 500, id: "x500", n: 21 });
        noTableScan(page);
        assert.ok(page.some((l) => /INDEX matches_player0 \(player0_id=\? AND \(ended_at,id\)<\(\?,\?\)\)/.test(l)), page.join(" | "));
        assert.ok(page.some((l) => /INDEX matches_player1 \(player1_id=\? AND \(ended_at,id\)<\(\?,\?\)\)/.test(l)), page.join(" | "));
        const abandons = plan(HOT_QUERIES.abandons, { player: "s1", since: 0 });
        noTableScan(abandons);
        assert.ok(abandons.some((l) => /INDEX matches_player0 \(player0_id=\? AND ended_at>\?\)/.test(l)), abandons.join(" | "));
      }
      raw.close();
      // And the store's own answers hold at that size.
      const board = await store.leaderboard("tictactoe", 50, 0);
      assert.equal(board.length, 50);
      const mid = (await store.leaderboardAround("s12345", "tictactoe", 3))!;
      assert.equal(mid.rows.length, 7);
      assert.deepEqual(mid.rows[3], mid.me);
      // Positions equal ranks only where no two rows tie, so compare by player: the page around my position.
      const full = await store.leaderboard("tictactoe", n, 0);
      const at = full.findIndex((r) => r.playerId === "s12345");
      assert.deepEqual(mid.rows, full.slice(at - 3, at + 4));
      assert.deepEqual(await store.leaderboard("tictactoe", 7, at - 3), mid.rows);
      assert.equal(full.filter((r) => !r.provisional).length, n - n / 5, "established first");
      assert.ok(full.slice(0, n - n / 5).every((r) => !r.provisional));
      assertCompetitionRanks(full);
      // Match x<i> has s<i> beat s<(31i+1) mod n> by abandonment, at time i.
      const lostBy7 = Array.from({ length: n }, (_, i) => i).filter((i) => (i * 31 + 1) % n === 7);
      assert.deepEqual(await store.abandonsSince("s7", 0), lostBy7);
    });
  });

  describe("leaderboards people can trust", () => {
    const board = async (game: GameName = "tictactoe") => (await store.leaderboard(game, 100, 0)).map((r) => [r.playerId, r.rank, r.rating, r.provisional]);

    it("lists only players with a rated game: unrated games, bot games and aborted ones rank nobody", async () => {
      const [a, b, c, d] = await Promise.all(["a", "b", "c", "d"].map((n) => guest(n)));
      await store.ensureBot("bot", "Parlor Bot");
      await store.recordResult(result(a.playerId, b.playerId, a.playerId, { rated: false }));
      await store.recordResult(result("bot", c.playerId, "bot", { rated: true }));
      await store.recordResult(result(c.playerId, d.playerId, null, { aborted: true, reason: "no_show" }));
      assert.deepEqual(await board(), []);
      for (const p of [a, b, c, d]) assert.equal(await store.leaderboardAround(p.playerId, "tictactoe", 2), null, p.name);
      // One rated game puts both of its players on that game's board, and nobody else.
      await store.recordResult(result(a.playerId, d.playerId, d.playerId));
      assert.deepEqual((await board()).map((r) => r[0]), [d.playerId, a.playerId]);
      assert.deepEqual(await board("rps"), []);
      const stats = (await store.profile(a.playerId))!.stats.find((s) => s.game === "tictactoe")!;
      assert.deepEqual([stats.games, stats.ratedGames, stats.wins, stats.losses], [2, 1, 1, 1]);
      // More unrated games change W/L but not who is ranked.
      await store.recordResult(result(b.playerId, c.playerId, b.playerId, { rated: false }));
      assert.deepEqual((await board()).map((r) => r[0]), [d.playerId, a.playerId]);
      assert.deepEqual((await store.checkStatsInvariant()).problems, []);
    });

    it("equal shown ratings share a rank (1, 2, 2, 4) on the board, in my rank and around me", async () => {
      const [a, b, c, d] = await Promise.all(["a", "b", "c", "d"].map((n) => guest(n)));
      // Two fresh players who draw both stay at exactly 1500; c beats d.
      await store.recordResult(result(a.playerId, b.playerId, null));
      await store.recordResult(result(c.playerId, d.playerId, c.playerId));
      const rows = await store.leaderboard("tictactoe", 10, 0);
      const [first, x, y, last] = rows;
      assert.deepEqual(rows.map((r) => r.rank), [1, 2, 2, 4]);
      assert.deepEqual([first.playerId, last.playerId], [c.playerId, d.playerId]);
      assert.deepEqual([x.rating, y.rating], [1500, 1500]);
      assert.deepEqual(new Set([x.playerId, y.playerId]), new Set([a.playerId, b.playerId]));
      for (const row of rows) {
        const around = (await store.leaderboardAround(row.playerId, "tictactoe", 5))!;
        assert.deepEqual(around.me, row);
        assert.deepEqual(around.rows, rows);
      }
      assert.deepEqual(await store.leaderboard("tictactoe", 2, 2), rows.slice(2), "a page that starts inside a tie keeps its rank");
      assert.deepEqual((await store.checkStatsInvariant()).problems, []);
    });

    it("marks ratings with deviation >= 110 provisional and ranks them below every established one", async () => {
      const [a, b, c, d] = await Promise.all(["a", "b", "c", "d"].map((n) => guest(n)));
      // Fourteen games, won in turn, settle a and b below 110; c's single win leaves it provisional, far higher.
      for (let i = 0; i < 14; i++) await store.recordResult(result(a.playerId, b.playerId, i % 2 ? b.playerId : a.playerId));
      await store.recordResult(result(c.playerId, d.playerId, c.playerId));
      const rows = await store.leaderboard("tictactoe", 10, 0);
      assert.deepEqual(rows.map((r) => r.provisional), [false, false, true, true]);
      assert.deepEqual(rows.slice(2).map((r) => r.playerId), [c.playerId, d.playerId]);
      assert.ok(rows[2].rating > rows[0].rating, "the provisional leader rates higher, yet ranks third");
      assertCompetitionRanks(rows);
      const stats = (await store.profile(c.playerId))!.stats[0];
      assert.equal(stats.provisional, true);
      assert.ok(stats.deviation >= 110);
      assert.equal((await store.profile(a.playerId))!.stats[0].provisional, false);
      // Around the top provisional player: the established rows above, in board order.
      const around = (await store.leaderboardAround(c.playerId, "tictactoe", 2))!;
      assert.deepEqual(around.rows, rows);
      assert.deepEqual(around.me, rows[2]);
      const at = rows.findIndex((r) => r.playerId === b.playerId);
      assert.deepEqual((await store.leaderboardAround(b.playerId, "tictactoe", 1))!.rows, rows.slice(Math.max(0, at - 1), at + 2));
      assert.deepEqual((await store.checkStatsInvariant()).problems, []);
    });

    it("rounds half up, ties on the rounded rating and splits tiers at exactly 110, across pages and around every player", async () => {
      // Written around the store, to hit the edges exactly: ids, ratings, deviations.
      const seeded: [string, number, number][] = [
        ["e1", 1700.2, 80],
        ["e2", 1650.4, 90],
        ["e3", 1649.6, 100],
        ["e4", 1649.5, 60], // shows 1650: halves round up
        ["e5", 1649.49, 109.99], // shows 1649; still established
        ["p1", 1800, 110], // provisional from 110 on
        ["p3", 1600.6, 300],
        ["p2", 1600.5, 200],
        ["p4", 1500, 350],
      ];
      const rated = seeded.map(([id, rating, deviation]) => `('${id}', 'tictactoe', ${rating}, ${deviation}, 0.06, 1, 0, 0, 1, 1, TRUE)`);
      const players = [...seeded.map(([id]) => id), "unrated"].map((id) => `('${id}', '${id}', FALSE, 0)`);
      await backend.raw(`INSERT INTO players (id, name, is_bot, created_at) VALUES ${players.join(", ")}`);
      await backend.raw(
        `INSERT INTO player_stats (player_id, game, rating, deviation, volatility, wins, losses, draws, games, rated_games, ranked) VALUES ${rated.join(", ")},
         ('unrated', 'tictactoe', 1900, 350, 0.06, 1, 0, 0, 1, 0, FALSE)`,
      );
      if (backend.sqlite) await (store as SqliteStore).rebuildRankBuckets();
      const rows = await store.leaderboard("tictactoe", 100, 0);
      assert.deepEqual(
        rows.map((r) => [r.playerId, r.rank, r.rating, r.provisional]),
        [
          ["e1", 1, 1700, false],
          ["e2", 2, 1650, false],
          ["e3", 2, 1650, false],
          ["e4", 2, 1650, false],
          ["e5", 5, 1649, false],
          ["p1", 6, 1800, true],
          ["p3", 7, 1601, true],
          ["p2", 7, 1601, true],
          ["p4", 9, 1500, true],
        ],
      );
      for (let offset = 0; offset < rows.length; offset++) {
        for (const limit of [1, 2, 3]) assert.deepEqual(await store.leaderboard("tictactoe", limit, offset), rows.slice(offset, offset + limit), `page ${offset}+${limit}`);
      }
      for (const [i, row] of rows.entries()) {
        for (const radius of [0, 1, 3]) {
          const around = (await store.leaderboardAround(row.playerId, "tictactoe", radius))!;
          assert.deepEqual(around.me, row, `${row.playerId} r${radius}`);
          assert.deepEqual(around.rows, rows.slice(Math.max(0, i - radius), i + radius + 1), `${row.playerId} r${radius}`);
        }
      }
      assert.equal(await store.leaderboardAround("unrated", "tictactoe", 2), null);
    });

    it("keeps ranks right while results move players between ratings and tiers", async () => {
      const players = await Promise.all(Array.from({ length: 10 }, (_, i) => guest(`t${i}`)));
      let seed = 11;
      const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
      for (let i = 0; i < 120; i++) {
        // The last two players join late, so they are still provisional at the end.
        const n = i < 100 ? 8 : 10;
        const x = Math.floor(random() * n);
        const a = players[x].playerId;
        const b = players[(x + 1 + Math.floor(random() * (n - 1))) % n].playerId;
        const roll = random();
        await store.recordResult(result(a, b, roll < 0.2 ? null : roll < 0.6 ? a : b));
        if (i % 20 !== 19) continue;
        const rows = await store.leaderboard("tictactoe", 100, 0);
        assertCompetitionRanks(rows);
        for (const row of rows) assert.deepEqual((await store.leaderboardAround(row.playerId, "tictactoe", 0))!.me, row);
        assert.deepEqual((await store.checkStatsInvariant()).problems, []);
      }
      const rows = await store.leaderboard("tictactoe", 100, 0);
      assert.ok(rows.some((r) => r.provisional) && rows.some((r) => !r.provisional), "both tiers were exercised");
    });
  });

  describe("match history pages", () => {
    it("pages newest first by cursor, each match once, ties on the end time by match id", async () => {
      const a = await guest("alice");
      const b = await guest("bob");
      const c = await guest("carol");
      // 25 matches, three to an end time, alice on either side; carol's games are not alice's.
      for (let i = 0; i < 25; i++) {
        const [x, y] = i % 2 ? [a.playerId, b.playerId] : [b.playerId, a.playerId];
        await store.recordResult(result(x, y, null, { matchId: `h${String(i).padStart(2, "0")}`, endedAt: 50_000 + Math.floor(i / 3) }));
      }
      await store.recordResult(result(b.playerId, c.playerId, null, { endedAt: 50_004 }));
      const expected = Array.from({ length: 25 }, (_, i) => `h${String(i).padStart(2, "0")}`).reverse();
      const seen: string[] = [];
      let before: Awaited<ReturnType<Store["matchesOf"]>>["next"] | undefined;
      for (let pages = 0; ; pages++) {
        assert.ok(pages < 10, "the pages end");
        const page = await store.matchesOf(a.playerId, 7, before ?? undefined);
        assert.ok(page.matches.length <= 7);
        seen.push(...page.matches.map((m) => m.matchId));
        if (!page.next) break;
        assert.deepEqual(page.next, { endedAt: page.matches.at(-1)!.endedAt, matchId: page.matches.at(-1)!.matchId });
        before = page.next;
      }
      assert.deepEqual(seen, expected);
      // A page that ends exactly at the last match says there is no next one.
      const exact = await store.matchesOf(a.playerId, 25);
      assert.equal(exact.matches.length, 25);
      assert.equal(exact.next, null);
      assert.deepEqual((await store.matchesOf(a.playerId, 24)).next, { endedAt: 50_000, matchId: "h01" });
      assert.deepEqual(await store.matchesOf(a.playerId, 0), { matches: [], next: null });
      assert.deepEqual(await store.matchesOf("ghost", 5), { matches: [], next: null });
      const profile = (await store.profile(a.playerId))!;
      assert.deepEqual(profile.recent.map((m) => m.matchId), expected.slice(0, 20));
      const page = await store.matchesOf(a.playerId, 3, { endedAt: 50_004, matchId: "h13" });
      assert.deepEqual(page.matches.map((m) => m.matchId), ["h12", "h11", "h10"]);
      assert.deepEqual(page.matches[0], await store.getMatch("h12"), "a listed match is the whole match");
    });
  });

  describe("token life", () => {
    const DAY = 24 * 60 * 60_000;
    let clock = 0;
    const openAt = async (ttlMs = 30 * DAY) => {
      await store.close();
      store = await backend.open(undefined, { tokenTtlMs: ttlMs, now: () => clock });
    };
    const usedAt = async (token: string) => Number((await backend.raw(`SELECT used_at FROM tokens WHERE token_hash = '${hashToken(token)}'`))[0]?.used_at);

    it("expires a token TOKEN_TTL after its last use, renewing it on use at most once an hour", async () => {
      clock = 1_000_000_000_000;
      await openAt();
      const g = await guest("alice");
      assert.equal(await usedAt(g.token), clock);
      // Used within the hour: valid, nothing written.
      clock += 59 * 60_000;
      assert.equal((await store.playerByToken(g.token))!.id, g.playerId);
      assert.equal(await usedAt(g.token), clock - 59 * 60_000);
      // An hour after the last renewal: renewed to now.
      clock += 60_000;
      assert.ok(await store.playerByToken(g.token));
      assert.equal(await usedAt(g.token), clock);
      // Used every 29 days, it lives on (sliding).
      for (let i = 0; i < 3; i++) {
        clock += 29 * DAY;
        assert.ok(await store.playerByToken(g.token), `after ${i + 1} × 29 days`);
      }
      // Left unused for 30 days, it is refused, and gone.
      clock += 30 * DAY;
      assert.equal(await store.playerByToken(g.token), null);
      assert.deepEqual(await backend.raw("SELECT token_hash FROM tokens"), []);
      clock -= 30 * DAY;
      assert.equal(await store.playerByToken(g.token), null, "an expired token does not come back");
      assert.ok(await store.getPlayer(g.playerId), "the player stays");
    });

    it("renews often enough for a short TTL, and never expires with an infinite one", async () => {
      clock = 5_000_000;
      await openAt(10 * 60_000);
      const g = await guest("bob");
      for (let i = 0; i < 10; i++) {
        clock += 5 * 60_000;
        assert.ok(await store.playerByToken(g.token), `use ${i}`);
      }
      clock += 10 * 60_000;
      assert.equal(await store.playerByToken(g.token), null);
      await openAt(Infinity);
      const h = await guest("carol");
      clock += 10_000 * DAY;
      assert.ok(await store.playerByToken(h.token));
      assert.equal(await usedAt(h.token), clock, "still renewed, so a TTL set later counts from real use");
    });

    it("revokes one token at once and leaves the others", async () => {
      const a = await guest("alice");
      const b = await guest("bob");
      await store.revokeToken(a.token);
      assert.equal(await store.playerByToken(a.token), null);
      assert.equal((await store.playerByToken(b.token))!.id, b.playerId);
      await store.revokeToken(a.token);
      await store.revokeToken("never-issued");
      await store.revokeToken("");
      await store.revokeToken("x".repeat(10_000));
      assert.equal((await backend.raw("SELECT token_hash FROM tokens")).length, 1);
      await reopen();
      assert.equal(await store.playerByToken(a.token), null, "revoked for good");
    });
  });

  it("migrates a database from before token life: tokens expire from now, only rated games rank, history pages", async () => {
    await store.close();
    await backend.cleanup();
    await backend.fresh();
    await backend.migrateTo(backend.beforeTokenLife);
    // What that build wrote: c's only game, an unrated loss to the bot, had put c on the board.
    await backend.raw(`INSERT INTO players (id, name, is_bot, created_at) VALUES ('a', 'a', FALSE, 0), ('b', 'b', FALSE, 0), ('c', 'c', FALSE, 0), ('bot', 'Bot', TRUE, 0)`);
    await backend.raw(`INSERT INTO tokens (token_hash, player_id, created_at) VALUES ('${hashToken("legacy-token")}', 'a', 0)`);
    await backend.raw(
      `INSERT INTO matches (id, game, player0_id, player0_name, player1_id, player1_name, winner_id, reason, rated, aborted, moves, rating_changes, started_at, ended_at)
       VALUES ('m1', 'tictactoe', 'a', 'a', 'b', 'b', 'a', 'line', TRUE, FALSE, '[]', '{}', 1, 2),
              ('m2', 'tictactoe', 'bot', 'Bot', 'c', 'c', 'bot', 'line', FALSE, FALSE, '[]', '{}', 3, 4)`,
    );
    await backend.raw(
      `INSERT INTO player_stats (player_id, game, rating, deviation, volatility, wins, losses, draws, games, ranked) VALUES
       ('a', 'tictactoe', 1662.3, 290.3, 0.06, 1, 0, 0, 1, TRUE), ('b', 'tictactoe', 1337.7, 290.3, 0.06, 0, 1, 0, 1, TRUE),
       ('c', 'tictactoe', 1500, 350, 0.06, 0, 1, 0, 1, TRUE), ('bot', 'tictactoe', 1500, 350, 0.06, 1, 0, 0, 1, FALSE)`,
    );
    const before = Date.now();
    store = await backend.open();
    assert.equal(await backend.schemaVersion(), backend.latestVersion);
    const usedAt = Number((await backend.raw("SELECT used_at FROM tokens"))[0].used_at);
    assert.ok(usedAt >= before - 1000 && usedAt <= Date.now(), `expiry counts from the migration (${usedAt}, ${before})`);
    assert.equal((await store.playerByToken("legacy-token"))!.id, "a");
    assert.deepEqual((await store.leaderboard("tictactoe", 10, 0)).map((r) => [r.playerId, r.rank, r.rating, r.provisional]), [["a", 1, 1662, true], ["b", 2, 1338, true]]);
    assert.equal(await store.leaderboardAround("c", "tictactoe", 2), null);
    assert.deepEqual((await store.profile("a"))!.stats.map((s) => s.ratedGames), [1]);
    assert.deepEqual((await store.profile("c"))!.stats.map((s) => s.ratedGames), [0]);
    assert.deepEqual((await store.checkStatsInvariant()).problems, []);
    assert.deepEqual((await store.matchesOf("c", 5)).matches.map((m) => m.matchId), ["m2"]);
    // And the migrated board keeps working: c's first rated game ranks c.
    await store.recordResult(result("c", "b", "c", { matchId: "m3" }));
    assert.deepEqual((await store.leaderboard("tictactoe", 10, 0)).map((r) => r.playerId).sort(), ["a", "b", "c"]);
    assert.deepEqual((await store.checkStatsInvariant()).problems, []);
  });

  describe("several processes on one database", () => {
    it("applies concurrent results for the same player one after the other, losing none", async () => {
      const other = await backend.open("other");
      try {
        const a = await guest("alice");
        const opponents = await Promise.all(Array.from({ length: 8 }, (_, i) => guest(`o${i}`)));
        // Eight results for alice at once, from two "processes".
        const outcomes = await Promise.all(opponents.map((o, i) => (i % 2 ? other : store).recordResult(result(a.playerId, o.playerId, a.playerId))));
        assert.ok(outcomes.every((o) => o.recorded));
        const stats = (await store.profile(a.playerId))!.stats.find((s) => s.game === "tictactoe")!;
        assert.deepEqual([stats.wins, stats.games], [8, 8]);
        // Each rating step started from the one before: the changes chain.
        const steps = outcomes.map((o) => o.ratingChanges[a.playerId]).sort((x, y) => x.before - y.before);
        for (let i = 1; i < steps.length; i++) assert.equal(steps[i].before, steps[i - 1].after);
        assert.equal(Math.round(steps.at(-1)!.after), (await store.leaderboard("tictactoe", 1, 0))[0].rating);
        assert.deepEqual((await store.checkStatsInvariant()).problems, []);
      } finally {
        await other.close();
      }
    });

    it("records one match id once when two processes hand it in at the same moment", async () => {
      const other = await backend.open("other");
      try {
        const a = await guest("alice");
        const b = await guest("bob");
        const r = result(a.playerId, b.playerId, a.playerId);
        const outcomes = await Promise.all([store.recordResult(r), other.recordResult({ ...r, winner: b.playerId })]);
        assert.deepEqual(outcomes.map((o) => o.recorded).sort(), [false, true]);
        const profile = (await store.profile(a.playerId))!;
        assert.equal(profile.stats[0].games, 1);
        assert.equal(profile.recent.length, 1);
        assert.deepEqual((await store.checkStatsInvariant()).problems, []);
      } finally {
        await other.close();
      }
    });

    it("recovers after a crash only the games its own process noted", async () => {
      const [a, b, c, d] = await Promise.all(["a", "b", "c", "d"].map((n) => guest(n)));
      await reopen("p1");
      const start = (matchId: string, x: { playerId: string; name: string }, y: { playerId: string; name: string }) => ({
        matchId,
        game: "tictactoe" as const,
        players: [
          { playerId: x.playerId, name: x.name },
          { playerId: y.playerId, name: y.name },
        ],
        rated: true,
        startedAt: 1000,
      });
      await store.recordStart(start("mine", a, b));
      const p2 = await backend.open("p2");
      try {
        await p2.recordStart(start("theirs", c, d));
        // p1 restarts after a crash: its game is recorded as aborted; p2's game, still running, is not touched.
        await reopen("p1");
        assert.equal(await store.recoverInterrupted(5000), 1);
        const mine = (await store.getMatch("mine"))!;
        assert.deepEqual([mine.reason, mine.aborted, mine.winner], ["crash", true, null]);
        assert.equal(await store.getMatch("theirs"), null);
        // p2 finishes its game normally, once.
        const finished = await p2.recordResult({ ...result(c.playerId, d.playerId, c.playerId), matchId: "theirs" });
        assert.equal(finished.recorded, true);
        assert.equal(await store.recoverInterrupted(6000), 0);
        assert.equal(await p2.recoverInterrupted(6000), 0, "the finished game left the in-progress list");
      } finally {
        await p2.close();
      }
    });
  });

  describe("the stats invariant", () => {
    it("holds after a batch of random matches, checked in SQL and recomputed here", async () => {
      const players = await Promise.all(Array.from({ length: 20 }, (_, i) => guest(`r${i}`)));
      await store.ensureBot("bot", "Parlor Bot");
      let seed = 7;
      const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
      const recorded: MatchResult[] = [];
      for (let i = 0; i < 200; i++) {
        const a = random() < 0.1 ? "bot" : players[Math.floor(random() * 20)].playerId;
        let b = players[Math.floor(random() * 20)].playerId;
        if (b === a) b = players[(players.findIndex((p) => p.playerId === a) + 1) % 20].playerId;
        const roll = random();
        const winner = roll < 0.45 ? a : roll < 0.9 ? b : null;
        const aborted = random() < 0.05;
        const r = result(a, b, aborted ? null : winner, { game: random() < 0.5 ? "tictactoe" : "rps", rated: random() < 0.8, aborted });
        await store.recordResult(r);
        if (random() < 0.2) await store.recordResult(r); // duplicates must not count
        recorded.push(r);
      }
      assert.deepEqual(await store.checkStatsInvariant(), { ok: true, problems: [] });
      // Recompute from what the store gives back: W/L/D/games from getMatch, and ratings by replaying Glicko-2.
      const stored = await Promise.all(recorded.map(async (r) => (await store.getMatch(r.matchId))!));
      const ratings = new Map<string, Rating>();
      const ratingOf = (p: string, game: string) => ratings.get(`${p} ${game}`) ?? DEFAULT_RATING;
      for (const m of stored) {
        const [a, b] = m.players.map((x) => x.playerId);
        assert.equal(m.rated, m.rated && !m.aborted && a !== "bot" && b !== "bot", "bot and aborted games are stored unrated");
        if (!m.rated) {
          assert.deepEqual(m.ratingChanges, {});
          continue;
        }
        const next = rate(ratingOf(a, m.game), ratingOf(b, m.game), m.winner === null ? 0.5 : m.winner === a ? 1 : 0);
        assert.deepEqual(m.ratingChanges, {
          [a]: { before: ratingOf(a, m.game).rating, after: next.a.rating },
          [b]: { before: ratingOf(b, m.game).rating, after: next.b.rating },
        });
        ratings.set(`${a} ${m.game}`, next.a);
        ratings.set(`${b} ${m.game}`, next.b);
      }
      for (const p of [...players.map((x) => x.playerId), "bot"]) {
        for (const game of ["tictactoe", "rps"] as const) {
          const mine = stored.filter((m) => !m.aborted && m.game === game && m.players.some((x) => x.playerId === p));
          const expected = {
            wins: mine.filter((m) => m.winner === p).length,
            losses: mine.filter((m) => m.winner && m.winner !== p).length,
            draws: mine.filter((m) => m.winner === null).length,
            games: mine.length,
          };
          const stats = (await store.profile(p))!.stats.find((s) => s.game === game);
          const zero = { wins: 0, losses: 0, draws: 0, games: 0 };
          assert.deepEqual(stats ? { wins: stats.wins, losses: stats.losses, draws: stats.draws, games: stats.games } : zero, expected);
          assert.deepEqual(await store.getRating(p, game), ratingOf(p, game));
        }
      }
      assert.ok(stored.some((m) => m.rated) && stored.some((m) => m.aborted) && stored.some((m) => !m.rated && !m.aborted));
    });

    it("notices when stats and matches disagree", async () => {
      const a = await guest("alice");
      const b = await guest("bob");
      await store.recordResult(result(a.playerId, b.playerId, a.playerId));
      await backend.raw(`UPDATE player_stats SET wins = wins + 1 WHERE player_id = '${a.playerId}'`);
      const check = await store.checkStatsInvariant();
      assert.equal(check.ok, false);
      assert.match(check.problems.join("\n"), /stats 2\/0\/0 in 1 games \(1 rated\), matches add up to 1\/0\/0 in 1 \(1 rated\)/);
    });

    it("notices a bot flagged for the leaderboard", async () => {
      const a = await guest("alice");
      await store.ensureBot("bot", "Parlor Bot");
      await store.recordResult(result(a.playerId, "bot", a.playerId));
      assert.ok((await store.checkStatsInvariant()).ok);
      await backend.raw("UPDATE player_stats SET ranked = TRUE WHERE player_id = 'bot'");
      const check = await store.checkStatsInvariant();
      assert.equal(check.ok, false);
      assert.match(check.problems.join("\n"), /player bot tictactoe: ranked flag/);
    });
  });
});
