import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { openSqliteStore, type SqliteStore } from "../store/sqlite";
import type { Guest, MatchResult } from "../store/types";
import { tempDir } from "./support/harness";

/** The SQLite store's writer thread: group commit, per-write outcomes, shutdown, a dying thread, read-your-writes. */
describe("SQLite writer thread", function () {
  this.timeout(60_000);
  let dir: string;
  let file: string;
  let store: SqliteStore;

  beforeEach(() => {
    dir = tempDir("parlor-writer-");
    file = path.join(dir, "parlor.db");
    store = openSqliteStore({ file });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  let counter = 0;
  const result = (a: Guest, b: Guest, extra: Partial<MatchResult> = {}): MatchResult => ({
    matchId: `w${++counter}`,
    game: "tictactoe",
    players: [
      { playerId: a.playerId, name: a.name },
      { playerId: b.playerId, name: b.name },
    ],
    winner: a.playerId,
    reason: "line",
    rated: true,
    moves: [{ seat: 0, move: 4, at: 10 }],
    startedAt: 1000,
    endedAt: 2000,
    ...extra,
  });
  const guests = (n: number) => Promise.all(Array.from({ length: n }, (_, i) => store.createGuest(`g${i}`)));
  const matchIds = (f: string) => {
    const db = new Database(f, { readonly: true });
    try {
      return new Set((db.prepare("SELECT id FROM matches").all() as { id: string }[]).map((r) => r.id));
    } finally {
      db.close();
    }
  };

  it("gives each write of a batch its own outcome: a duplicate match id is recorded once, a bad result fails alone", async () => {
    const players = await guests(20);
    const results = Array.from({ length: 400 }, (_, i) => result(players[i % 20], players[(i + 1 + (i % 19)) % 20]));
    const twice = results[100];
    // Well-formed, so it reaches the writer, but its second player does not exist: its savepoint rolls back alone.
    const unknownPlayer = result(players[0], { playerId: "nobody", name: "nobody", token: "" });
    // All in one turn of the event loop: they cross to the writer together and commit as one batch.
    const calls = [
      ...results.map((r) => store.recordResult(r)),
      store.recordResult({ ...twice, winner: twice.players[1].playerId }),
      store.recordResult(unknownPlayer),
      store.recordStart({ matchId: "live", game: "tictactoe", players: results[0].players, rated: true, startedAt: 5 }),
    ];
    const outcomes = await Promise.allSettled(calls);
    const values = outcomes.slice(0, 400).map((o) => (assert.equal(o.status, "fulfilled"), (o as PromiseFulfilledResult<any>).value));
    assert.ok(values.every((v) => v.recorded), "every good result is recorded");
    assert.deepEqual(outcomes[400], { status: "fulfilled", value: { recorded: false, ratingChanges: {} } }, "the second hand-in of a match id changes nothing");
    assert.equal(outcomes[401].status, "rejected");
    assert.match((outcomes[401] as PromiseRejectedResult).reason.message, /unknown player "nobody"/);
    assert.equal(outcomes[402].status, "fulfilled");

    // Within the batch each result started from the ratings the one before it left: a player's changes chain.
    const mine = values.map((v) => v.ratingChanges[players[0].playerId]).filter(Boolean);
    for (let i = 1; i < mine.length; i++) assert.equal(mine[i].before, mine[i - 1].after);
    const stats = (await store.profile(players[0].playerId))!.stats[0];
    assert.equal(stats.games, results.filter((r) => r.players.some((p) => p.playerId === players[0].playerId)).length);
    assert.equal(stats.rating, mine.at(-1).after);
    assert.deepEqual((await store.getMatch(twice.matchId))!.winner, twice.winner, "the first hand-in stands");
    assert.equal(await store.getMatch(unknownPlayer.matchId), null);
    assert.deepEqual((await store.checkStatsInvariant()).problems, []);
    assert.equal(matchIds(file).size, 400);
  });

  it("reads on the event loop see every write that has been acknowledged", async () => {
    const [a, b] = await guests(2);
    assert.equal((await store.playerByToken(a.token))!.id, a.playerId, "a new guest signs in at once");
    for (let i = 0; i < 30; i++) {
      const outcome = await store.recordResult(result(i % 2 ? a : b, i % 2 ? b : a));
      const winner = i % 2 ? a : b;
      assert.equal((await store.getRating(winner.playerId, "tictactoe")).rating, outcome.ratingChanges[winner.playerId].after);
      assert.equal((await store.profile(a.playerId))!.stats[0].games, i + 1);
      assert.equal((await store.leaderboard("tictactoe", 10, 0)).length, 2);
    }
    await store.revokeToken(a.token);
    assert.equal(await store.playerByToken(a.token), null, "a revoked token is refused at once");
    assert.equal((await store.ensureBot("bot", "Bot")).isBot, true);
    assert.equal((await store.getPlayer("bot"))!.isBot, true);
  });

  it("close() commits every write handed over before it, then closes both connections", async () => {
    const players = await guests(10);
    const pending = Array.from({ length: 300 }, (_, i) => store.recordResult(result(players[i % 10], players[(i + 1) % 10])));
    const closing = store.close();
    await assert.rejects(store.recordResult(result(players[0], players[1])), /closed/, "nothing is taken after close begins");
    const outcomes = await Promise.all(pending);
    await closing;
    assert.ok(outcomes.every((o) => o.recorded));
    assert.ok(!fs.existsSync(`${file}-wal`) || fs.statSync(`${file}-wal`).size === 0, "the WAL was checkpointed on close");
    assert.equal(matchIds(file).size, 300);
    store = openSqliteStore({ file });
    assert.deepEqual((await store.checkStatsInvariant()).problems, []);
  });

  it("a writer thread that dies rejects its pending writes, loses none it acknowledged, and is replaced", async () => {
    const players = await guests(10);
    const acknowledged = await store.recordResult(result(players[0], players[1]));
    assert.ok(acknowledged.recorded);
    // A batch big enough to still be running when the thread is ended.
    const results = Array.from({ length: 3000 }, (_, i) => result(players[i % 10], players[(i + 3) % 10]));
    const calls = results.map((r) => store.recordResult(r));
    await new Promise((r) => setImmediate(r));
    await store.crashWriter();
    const outcomes = await Promise.allSettled(calls);
    const rejected = outcomes.filter((o) => o.status === "rejected") as PromiseRejectedResult[];
    assert.ok(rejected.length > 0, "writes in flight when the thread died were rejected, not left hanging");
    for (const r of rejected) assert.match(r.reason.message, /SQLite writer thread stopped/);

    // Every acknowledged write is in the file; the next write goes to a new thread.
    const after = await store.recordResult(result(players[2], players[3]));
    assert.ok(after.recorded);
    await store.close();
    const stored = matchIds(file);
    outcomes.forEach((o, i) => o.status === "fulfilled" && assert.ok(stored.has(results[i].matchId), `acknowledged ${results[i].matchId} is stored`));
    assert.ok(stored.has(`w${counter}`));
    store = openSqliteStore({ file });
    assert.deepEqual((await store.checkStatsInvariant()).problems, []);
    // A rejected write may be handed in again: idempotent by match id, each match ends up recorded once.
    await Promise.all(results.filter((_, i) => outcomes[i].status === "rejected").map((r) => store.recordResult(r)));
    await store.close();
    assert.equal(matchIds(file).size, results.length + 2);
    store = openSqliteStore({ file });
    assert.deepEqual((await store.checkStatsInvariant()).problems, []);
  });

  it("refuses a result that cannot cross to the thread without failing the others handed over with it", async () => {
    const [a, b] = await guests(2);
    const good = store.recordResult(result(a, b));
    const odd = store.recordResult({ ...result(a, b), options: { bad: (() => 1) as unknown as number } });
    const alsoGood = store.recordResult(result(b, a));
    await assert.rejects(odd, /cannot hand this write/);
    assert.ok((await good).recorded);
    assert.ok((await alsoGood).recorded);
  });
});
