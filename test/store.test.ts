import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import type { GameName } from "../games/registry";
import { MIGRATIONS } from "../store/migrations";
import { validatePlayerName } from "../store/playerName";
import pg from "pg";
import { openPostgresStore, PG_MIGRATIONS } from "../store/postgres";
import { HOT_QUERIES, hashToken, openSqliteStore, type SqliteStore } from "../store/sqlite";
import { DEFAULT_RATING, rate } from "../rating/glicko2";
import type { MatchResult, Rating, Store } from "../store/types";
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

/** Where a store suite runs: a fresh database before each test, and how to open a store on it. */
interface Backend {
  name: string;
  sqlite: boolean;
  fresh(): Promise<void>;
  open(owner?: string): Promise<Store>;
  cleanup(): Promise<void>;
  /** Runs SQL straight on the database, around the store. */
  raw(sql: string): Promise<any[]>;
  /** The schema version the store's migrations have reached. */
  schemaVersion(): Promise<number>;
  setSchemaVersion(version: number): Promise<void>;
  latestVersion: number;
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
  async open(owner) {
    return openSqliteStore({ file, owner });
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
  latestVersion: MIGRATIONS[MIGRATIONS.length - 1].version,
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
  async open(owner) {
    return openPostgresStore({ url: pgUrl, owner, poolSize: 4 });
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
  latestVersion: PG_MIGRATIONS[PG_MIGRATIONS.length - 1].version,
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
        if (!checked.ok) assert.ok(checked.message.length > 5);
      }
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
      assert.deepEqual((await store.leaderboard("tictactoe", 10, 0)).map((r) => r.playerId), [a.playerId]);
      const stats = (await store.profile(a.playerId))!.stats[0];
      assert.deepEqual([stats.losses, stats.games, stats.rating], [1, 1, 1500]);
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
        ["no reason", { ...result(a.playerId, b.playerId, null), reason: "" }],
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
      const moves = [0, 3, 1, 4, 2].map((cell, i) => ({ seat: i % 2, move: cell, at: i * 100 }));
      const r = result(a.playerId, b.playerId, a.playerId, { moves });
      await store.recordResult(r);
      const m = (await store.getMatch(r.matchId))!;
      assert.deepEqual(m.moves, moves);
      assert.deepEqual(m.players, r.players);
      assert.equal(m.reason, "line");
      assert.deepEqual([m.startedAt, m.endedAt], [r.startedAt, r.endedAt]);
      assert.ok(m.ratingChanges[b.playerId].after < 1500);
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

    // SQLite's query plans; PostgreSQL's own planner chooses there (player_stats_rank is a partial index on ranked rows).
    if (backend.sqlite) it("keeps top-N, my-rank, recent matches and abandons on their indexes at 20,000 players", async () => {
      const raw = new Database(file);
      const insertPlayer = raw.prepare("INSERT INTO players (id, name, is_bot, created_at) VALUES (?, ?, 0, 0)");
      const insertStats = raw.prepare(
        "INSERT INTO player_stats (player_id, game, rating, deviation, volatility, wins, games, ranked) VALUES (?, 'tictactoe', ?, 100, 0.06, 1, 1, 1)",
      );
      const insertMatch = raw.prepare(
        `INSERT INTO matches (id, game, player0_id, player0_name, player1_id, player1_name, winner_id, reason, rated, aborted, moves, rating_changes, started_at, ended_at)
         VALUES (?, 'tictactoe', ?, 'a', ?, 'b', ?, 'abandoned', 1, 0, '[]', '{}', 0, ?)`,
      );
      const n = 20_000;
      raw.transaction(() => {
        for (let i = 0; i < n; i++) {
          insertPlayer.run(`s${i}`, `s${i}`);
          insertStats.run(`s${i}`, 1000 + ((i * 7919) % 1500));
        }
        for (let i = 0; i < n; i++) insertMatch.run(`x${i}`, `s${i}`, `s${(i * 31 + 1) % n}`, `s${i}`, i);
      })();
      (store as SqliteStore).rebuildRankBuckets();
      const plan = (q: string, ...args: unknown[]) =>
        (raw.prepare(`EXPLAIN QUERY PLAN ${q}`).all(...args) as { detail: string }[]).map((r) => r.detail);
      const noTableScan = (lines: string[]) =>
        assert.ok(!lines.some((l) => /^SCAN (s|p|player_stats|players|matches)\b/.test(l)), lines.join(" | "));
      // Without statistics (as a fresh server runs) and with them.
      for (const analyzed of [false, true]) {
        if (analyzed) raw.exec("ANALYZE");
        const top = plan(HOT_QUERIES.top, "tictactoe", 50, 0);
        noTableScan(top);
        assert.match(top[0], /^SEARCH s USING (COVERING )?INDEX player_stats_rank \(game=\? AND ranked=\?\)/);
        assert.ok(!top.some((l) => l.includes("TEMP B-TREE")), "top-N reads in index order, no sort");
        const ahead = plan(HOT_QUERIES.ahead, { game: "tictactoe", rating: 1500, id: "s1" });
        noTableScan(ahead);
        assert.equal(ahead.filter((l) => /^SEARCH player_stats USING COVERING INDEX player_stats_rank/.test(l)).length, 2, ahead.join(" | "));
        assert.ok(ahead.some((l) => /^SEARCH rating_buckets USING PRIMARY KEY \(game=\? AND bucket>\?\)/.test(l)), ahead.join(" | "));
        const recent = plan(HOT_QUERIES.recent, "s1", 20, "s1", 20, 20);
        noTableScan(recent);
        assert.ok(recent.some((l) => l.includes("INDEX matches_player0")) && recent.some((l) => l.includes("INDEX matches_player1")));
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
      assert.deepEqual(await store.leaderboard("tictactoe", 7, mid.me.rank - 4), mid.rows);
      // Match x<i> has s<i> beat s<(31i+1) mod n> by abandonment, at time i.
      const lostBy7 = Array.from({ length: n }, (_, i) => i).filter((i) => (i * 31 + 1) % n === 7);
      assert.deepEqual(await store.abandonsSince("s7", 0), lostBy7);
    });
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
      assert.match(check.problems.join("\n"), /stats 2\/0\/0 in 1 games, matches add up to 1\/0\/0 in 1/);
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
