import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import type { GameName } from "../games/types";
import { MIGRATIONS } from "../store/migrations";
import { validatePlayerName } from "../store/playerName";
import { HOT_QUERIES, hashToken, openSqliteStore, type SqliteStore } from "../store/sqlite";
import { DEFAULT_RATING, rate } from "../rating/glicko2";
import type { MatchResult, Rating } from "../store/types";

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

describe("SQLite store", () => {
  let dir: string;
  let file: string;
  let store: SqliteStore;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "parlor-store-"));
    file = path.join(dir, "nested", "parlor.db");
    store = openSqliteStore({ file });
  });
  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const guest = (name: string) => store.createGuest(name);

  describe("players and tokens", () => {
    it("creates guests whose token finds them, and stores only the token's hash", () => {
      const g = guest("alice");
      assert.ok(Buffer.from(g.token, "base64url").length >= 16, "at least 128 bits");
      assert.equal(store.playerByToken(g.token)!.id, g.playerId);
      assert.equal(store.playerByToken("nope"), null);
      assert.equal(store.playerByToken(""), null);
      store.close();
      const raw = new Database(file, { readonly: true });
      const rows = raw.prepare("SELECT token_hash FROM tokens").all() as { token_hash: string }[];
      raw.close();
      assert.deepEqual(rows, [{ token_hash: hashToken(g.token) }]);
      for (const f of fs.readdirSync(path.dirname(file))) {
        assert.ok(!fs.readFileSync(path.join(path.dirname(file), f)).includes(g.token), `token in clear in ${f}`);
      }
      store = openSqliteStore({ file });
    });

    it("validates names: 1-20 characters of letters, digits, spaces, _ and -", () => {
      assert.deepEqual(validatePlayerName("  Zoë_99-x "), { ok: true, name: "Zoë_99-x" });
      assert.deepEqual(validatePlayerName("李小龍"), { ok: true, name: "李小龍" });
      assert.equal(validatePlayerName("a".repeat(20)).ok, true);
      for (const bad of ["", "   ", "a".repeat(21), "bob!", "<b>", "a\nb", "tab\there", 5, null, undefined, {}]) {
        const checked = validatePlayerName(bad);
        assert.equal(checked.ok, false, JSON.stringify(bad));
        if (!checked.ok) assert.ok(checked.message.length > 5);
      }
      assert.throws(() => store.createGuest("no;way"));
    });

    it("keeps players, tokens and stats across close and reopen; migrations run once", () => {
      const a = guest("alice");
      const b = guest("bob");
      store.recordResult(result(a.playerId, b.playerId, a.playerId));
      store.close();
      store = openSqliteStore({ file });
      store.close();
      store = openSqliteStore({ file });
      assert.equal(store.playerByToken(a.token)!.name, "alice");
      assert.equal(store.leaderboard("tictactoe", 10, 0)[0].playerId, a.playerId);
      const raw = new Database(file, { readonly: true });
      assert.equal(raw.pragma("user_version", { simple: true }), MIGRATIONS[MIGRATIONS.length - 1].version);
      assert.equal(raw.pragma("journal_mode", { simple: true }), "wal");
      raw.close();
    });

    it("refuses a database from a newer build rather than writing to an unknown schema", () => {
      store.close();
      const raw = new Database(file);
      raw.pragma("user_version = 999");
      raw.close();
      assert.throws(() => openSqliteStore({ file }), /schema version 999/);
      const again = new Database(file);
      again.pragma(`user_version = ${MIGRATIONS[MIGRATIONS.length - 1].version}`);
      again.close();
      store = openSqliteStore({ file });
    });

    it("bots exist once and never appear on leaderboards", () => {
      const a = guest("alice");
      store.ensureBot("bot", "Parlor Bot");
      store.ensureBot("bot", "Parlor Bot");
      assert.equal(store.getPlayer("bot")!.isBot, true);
      const out = store.recordResult(result("bot", a.playerId, "bot", { rated: true }));
      assert.deepEqual(out.ratingChanges, {}, "games against bots are unrated");
      assert.deepEqual(store.leaderboard("tictactoe", 10, 0).map((r) => r.playerId), [a.playerId]);
      const stats = store.profile(a.playerId)!.stats[0];
      assert.deepEqual([stats.losses, stats.games, stats.rating], [1, 1, 1500]);
    });
  });

  describe("recording results", () => {
    it("is idempotent by match id: a second call changes nothing", () => {
      const a = guest("alice");
      const b = guest("bob");
      const r = result(a.playerId, b.playerId, a.playerId);
      const first = store.recordResult(r);
      assert.equal(first.recorded, true);
      assert.ok(first.ratingChanges[a.playerId].after > 1500);
      const before = store.profile(a.playerId);
      const second = store.recordResult({ ...r, winner: b.playerId });
      assert.deepEqual(second, { recorded: false, ratingChanges: {} });
      assert.deepEqual(store.profile(a.playerId), before);
      assert.equal(store.getMatch(r.matchId)!.winner, a.playerId);
    });

    it("rated games move ratings; unrated ones count in history only", () => {
      const a = guest("alice");
      const b = guest("bob");
      store.recordResult(result(a.playerId, b.playerId, a.playerId, { rated: false }));
      assert.equal(store.getRating(a.playerId, "tictactoe").rating, 1500);
      assert.equal(store.profile(a.playerId)!.stats[0].wins, 1);
      store.recordResult(result(a.playerId, b.playerId, null, { rated: true, game: "rps" }));
      const rps = store.profile(b.playerId)!.stats.find((s) => s.game === "rps")!;
      assert.equal(rps.draws, 1);
      assert.ok(rps.deviation < 350);
    });

    it("stores aborted matches without touching stats", () => {
      const a = guest("alice");
      const b = guest("bob");
      const r = result(a.playerId, b.playerId, null, { aborted: true, reason: "no_show" });
      assert.equal(store.recordResult(r).recorded, true);
      assert.equal(store.profile(a.playerId)!.stats.length, 0);
      assert.equal(store.getMatch(r.matchId)!.aborted, true);
      assert.equal(store.getMatch(r.matchId)!.rated, false);
    });

    it("rejects invalid results and writes nothing", () => {
      const a = guest("alice");
      const b = guest("bob");
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
        assert.throws(() => store.recordResult(r), Error, why);
        assert.equal(store.getMatch(r.matchId), null, why);
      }
      assert.equal(store.profile(a.playerId)!.stats.length, 0);
      assert.ok(store.checkStatsInvariant().ok);
    });

    it("round-trips a match for replay", () => {
      const a = guest("alice");
      const b = guest("bob");
      const moves = [0, 3, 1, 4, 2].map((cell, i) => ({ seat: i % 2, move: cell, at: i * 100 }));
      const r = result(a.playerId, b.playerId, a.playerId, { moves });
      store.recordResult(r);
      const m = store.getMatch(r.matchId)!;
      assert.deepEqual(m.moves, moves);
      assert.deepEqual(m.players, r.players);
      assert.equal(m.reason, "line");
      assert.deepEqual([m.startedAt, m.endedAt], [r.startedAt, r.endedAt]);
      assert.ok(m.ratingChanges[b.playerId].after < 1500);
    });

    it("lists abandons a player lost since a time", () => {
      const a = guest("alice");
      const b = guest("bob");
      store.recordResult(result(a.playerId, b.playerId, b.playerId, { reason: "abandoned", endedAt: 5000 }));
      store.recordResult(result(b.playerId, a.playerId, b.playerId, { reason: "abandoned", endedAt: 6000 }));
      store.recordResult(result(a.playerId, b.playerId, a.playerId, { reason: "abandoned", endedAt: 7000 }));
      store.recordResult(result(a.playerId, b.playerId, b.playerId, { reason: "resign", endedAt: 8000 }));
      store.recordResult(result(a.playerId, b.playerId, null, { reason: "abandoned", endedAt: 9000 })); // nobody lost
      assert.deepEqual(store.abandonsSince(a.playerId, 0), [5000, 6000]);
      assert.deepEqual(store.abandonsSince(a.playerId, 5500), [6000]);
      assert.deepEqual(store.abandonsSince(b.playerId, 0), [7000]);
    });
  });

  describe("leaderboards and profiles", () => {
    it("ranks by rating, pages with offset, and agrees with my-rank", () => {
      const players = Array.from({ length: 12 }, (_, i) => guest(`p${i}`));
      // p0 beats everyone, p1 beats everyone after, and so on: a clear order.
      for (let i = 0; i < players.length; i++) {
        for (let j = i + 1; j < players.length; j++) store.recordResult(result(players[i].playerId, players[j].playerId, players[i].playerId));
      }
      const top = store.leaderboard("tictactoe", 50, 0);
      assert.equal(top.length, 12);
      assert.deepEqual(top.map((r) => r.rank), Array.from({ length: 12 }, (_, i) => i + 1));
      for (let i = 1; i < top.length; i++) assert.ok(top[i - 1].rating >= top[i].rating);
      assert.equal(top[0].playerId, players[0].playerId);
      assert.deepEqual(store.leaderboard("tictactoe", 3, 4), top.slice(4, 7));
      assert.deepEqual(store.leaderboard("rps", 10, 0), []);
      // SQLite reads LIMIT -1 as "everything"; the store must not.
      assert.deepEqual(store.leaderboard("tictactoe", -1, 0), []);
      assert.deepEqual(store.leaderboard("tictactoe", 2, -5), top.slice(0, 2));
      assert.deepEqual(store.leaderboardAround(players[5].playerId, "tictactoe", -3)!.rows, [top[5]]);

      for (const row of top) {
        const around = store.leaderboardAround(row.playerId, "tictactoe", 2)!;
        assert.deepEqual(around.me, row);
        assert.deepEqual(around.rows, top.slice(Math.max(0, row.rank - 3), row.rank + 2));
      }
      assert.equal(store.leaderboardAround(players[0].playerId, "rps", 2), null);
      assert.equal(store.leaderboardAround("ghost", "tictactoe", 2), null);
    });

    it("a profile has stats per game and the last 20 matches, newest first", () => {
      const a = guest("alice");
      const b = guest("bob");
      for (let i = 0; i < 25; i++) {
        store.recordResult(result(i % 2 ? a.playerId : b.playerId, i % 2 ? b.playerId : a.playerId, null, { game: i % 3 ? "tictactoe" : "rps", endedAt: 10_000 + i }));
      }
      const profile = store.profile(a.playerId)!;
      assert.equal(profile.player.name, "alice");
      assert.deepEqual(profile.stats.map((s) => [s.game, s.games]), [["rps", 9], ["tictactoe", 16]]);
      assert.equal(profile.recent.length, 20);
      assert.deepEqual(profile.recent.map((m) => m.endedAt), Array.from({ length: 20 }, (_, i) => 10_024 - i));
      assert.equal(store.profile("ghost"), null);
    });

    it("keeps top-N, my-rank, recent matches and abandons on their indexes at 20,000 players", () => {
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
      store.rebuildRankBuckets();
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
      const board = store.leaderboard("tictactoe", 50, 0);
      assert.equal(board.length, 50);
      const mid = store.leaderboardAround("s12345", "tictactoe", 3)!;
      assert.equal(mid.rows.length, 7);
      assert.deepEqual(mid.rows[3], mid.me);
      assert.deepEqual(store.leaderboard("tictactoe", 7, mid.me.rank - 4), mid.rows);
      // Match x<i> has s<i> beat s<(31i+1) mod n> by abandonment, at time i.
      const lostBy7 = Array.from({ length: n }, (_, i) => i).filter((i) => (i * 31 + 1) % n === 7);
      assert.deepEqual(store.abandonsSince("s7", 0), lostBy7);
    });
  });

  describe("the stats invariant", () => {
    it("holds after a batch of random matches, checked in SQL and recomputed here", () => {
      const players = Array.from({ length: 20 }, (_, i) => guest(`r${i}`));
      store.ensureBot("bot", "Parlor Bot");
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
        store.recordResult(r);
        if (random() < 0.2) store.recordResult(r); // duplicates must not count
        recorded.push(r);
      }
      assert.deepEqual(store.checkStatsInvariant(), { ok: true, problems: [] });
      // Recompute from what the store gives back: W/L/D/games from getMatch, and ratings by replaying Glicko-2.
      const stored = recorded.map((r) => store.getMatch(r.matchId)!);
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
          const stats = store.profile(p)!.stats.find((s) => s.game === game);
          const zero = { wins: 0, losses: 0, draws: 0, games: 0 };
          assert.deepEqual(stats ? { wins: stats.wins, losses: stats.losses, draws: stats.draws, games: stats.games } : zero, expected);
          assert.deepEqual(store.getRating(p, game), ratingOf(p, game));
        }
      }
      assert.ok(stored.some((m) => m.rated) && stored.some((m) => m.aborted) && stored.some((m) => !m.rated && !m.aborted));
    });

    it("notices when stats and matches disagree", () => {
      const a = guest("alice");
      const b = guest("bob");
      store.recordResult(result(a.playerId, b.playerId, a.playerId));
      const raw = new Database(file);
      raw.prepare("UPDATE player_stats SET wins = wins + 1 WHERE player_id = ?").run(a.playerId);
      raw.close();
      const check = store.checkStatsInvariant();
      assert.equal(check.ok, false);
      assert.match(check.problems.join("\n"), /stats 2\/0\/0 in 1 games, matches add up to 1\/0\/0 in 1/);
    });

    it("notices a bot flagged for the leaderboard", () => {
      const a = guest("alice");
      store.ensureBot("bot", "Parlor Bot");
      store.recordResult(result(a.playerId, "bot", a.playerId));
      assert.ok(store.checkStatsInvariant().ok);
      const raw = new Database(file);
      raw.prepare("UPDATE player_stats SET ranked = 1 WHERE player_id = 'bot'").run();
      raw.close();
      const check = store.checkStatsInvariant();
      assert.equal(check.ok, false);
      assert.match(check.problems.join("\n"), /player bot tictactoe: ranked flag/);
    });
  });
});
