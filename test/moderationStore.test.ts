import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { MIGRATIONS } from "../store/migrations";
import { openPostgresStore, PG_MIGRATIONS } from "../store/postgres";
import { openSqliteStore } from "../store/sqlite";
import type { ChatLine, MatchResult, NewReport, Store } from "../store/types";
import { tempDir } from "./support/harness";
import { startPostgres, type TestPostgres } from "./support/postgres";

const FIXTURES = path.join(__dirname, "fixtures");
type Who = { ann: { playerId: string; token: string; phoneToken: string }; bob: { playerId: string; token: string }; cid: { playerId: string; token: string } };
const fixturePlayers = JSON.parse(fs.readFileSync(path.join(FIXTURES, "schema-fixtures-v7.json"), "utf8")) as Record<"sqlite" | "postgres", Who>;

let postgres: TestPostgres | null = null;
after(async () => postgres?.stop());

/** A database to run a store on, and SQL straight on it (JSON columns decoded as the store would). */
interface Db {
  raw(sql: string, values?: unknown[]): Promise<any[]>;
  version(): Promise<number>;
  open(): Promise<Store>;
  done(): Promise<void>;
}

function sqliteDb(file: string, dir: string): Db {
  const raw = async (sql: string, values: unknown[] = []): Promise<any[]> => {
    const db = new Database(file);
    try {
      return db.prepare(sql).all(...values);
    } finally {
      db.close();
    }
  };
  return {
    raw,
    version: async () => (await raw("PRAGMA user_version"))[0].user_version,
    open: async () => openSqliteStore({ file, tokenTtlMs: Infinity }),
    done: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresDb(load?: string): Promise<Db> {
  postgres ??= await startPostgres();
  const url = await postgres.createDatabase();
  const raw = async (sql: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql, values)).rows;
    } finally {
      await client.end();
    }
  };
  if (load) await raw(load);
  return {
    raw,
    version: async () => (await raw("SELECT MAX(version)::int AS v FROM schema_migrations"))[0].v,
    open: () => openPostgresStore({ url, poolSize: 4, tokenTtlMs: Infinity }),
    done: async () => {},
  };
}

const backends = [
  {
    name: "SQLite",
    latest: MIGRATIONS.at(-1)!.version,
    before: 7,
    who: fixturePlayers.sqlite,
    json: (v: string) => JSON.parse(v),
    async fresh(): Promise<Db> {
      const dir = tempDir("parlor-moderation-");
      return sqliteDb(path.join(dir, "parlor.db"), dir);
    },
    async fromFixture(): Promise<Db> {
      const dir = tempDir("parlor-upgrade-");
      const file = path.join(dir, "parlor.db");
      fs.copyFileSync(path.join(FIXTURES, "parlor-v7.db"), file);
      return sqliteDb(file, dir);
    },
  },
  {
    name: "PostgreSQL",
    latest: PG_MIGRATIONS.at(-1)!.version,
    before: 4,
    who: fixturePlayers.postgres,
    json: (v: unknown) => v,
    fresh: () => postgresDb(),
    fromFixture: () => postgresDb(fs.readFileSync(path.join(FIXTURES, "parlor-pg-v4.sql"), "utf8")),
  },
];

/** What a database holds that players care about, in a stable order: nothing of it may change in the upgrade. */
const SNAPSHOT = [
  "SELECT id, name, is_bot, created_at FROM players ORDER BY id",
  "SELECT token_hash, player_id, created_at, used_at, session_id, device FROM tokens ORDER BY token_hash",
  "SELECT player_id, username, username_key, password_hash, created_at, password_changed_at FROM accounts ORDER BY player_id",
  "SELECT player_id, game, rating, deviation, volatility, wins, losses, draws, games, rated_games, ranked FROM player_stats ORDER BY player_id, game",
  "SELECT id, game, player0_id, player1_id, winner_id, reason, rated, aborted, moves, rating_changes, started_at, ended_at, options FROM matches ORDER BY id",
];

const line = (seq: number, playerId: string, text: string): ChatLine => ({ seq, channel: "players", playerId, name: "Bob", text, phrase: null, at: 1000 + seq });

for (const backend of backends) {
  describe(`moderation schema: upgrading a ${backend.name} database made by schema ${backend.before}`, function () {
    this.timeout(60_000);

    it("upgrades in place, loses nothing, and the new columns and tables work", async () => {
      const db = await backend.fromFixture();
      try {
        assert.equal(await db.version(), backend.before, "the fixture is at the old schema");
        const before = await Promise.all(SNAPSHOT.map((q) => db.raw(q)));
        assert.deepEqual(before.map((rows) => rows.length), [3, 4, 1, 4, 3]);
        const store = await db.open();
        const { ann, bob, cid } = backend.who;
        try {
          assert.equal(await db.version(), backend.latest);
          assert.deepEqual(await Promise.all(SNAPSHOT.map((q) => db.raw(q))), before);
          // Sessions, accounts, ratings and history read as before.
          const found = await store.sessionByToken(ann.token);
          assert.equal(found?.player.id, ann.playerId);
          assert.deepEqual(found!.player, { id: ann.playerId, name: "Ann", isBot: false, createdAt: found!.player.createdAt, bannedAt: null, chatMutedUntil: null });
          assert.equal((await store.playerByToken(ann.phoneToken))?.id, ann.playerId);
          assert.deepEqual((await store.sessionsOf(ann.playerId)).map((s) => s.device).sort(), ["Firefox on Linux", "Safari on iOS"]);
          assert.equal((await store.accountByKey("ann"))?.playerId, ann.playerId);
          assert.equal((await store.profile(bob.playerId))!.stats.length, 2);
          assert.equal((await store.matchesOf(ann.playerId, 10)).matches.length, 3);
          assert.deepEqual((await store.checkStatsInvariant()).problems, []);
          // The new parts, on the old data: Ann and Bob finished games; Ann and Cid only aborted one.
          assert.equal(await store.havePlayed(ann.playerId, bob.playerId), true);
          assert.equal(await store.havePlayed(cid.playerId, ann.playerId), false);
          assert.deepEqual(await store.preferences(ann.playerId), { chatOff: false, challenges: "everyone", muted: [] });
          await store.setPreferences(ann.playerId, { challenges: "played" });
          await store.setMuted(ann.playerId, cid.playerId, true, 7000);
          assert.deepEqual(await store.preferences(ann.playerId), { chatOff: false, challenges: "played", muted: [cid.playerId] });
          const id = await store.fileReport({ reporterId: ann.playerId, reportedId: cid.playerId, reason: "name", note: "", roomId: "", matchId: null, lines: [], at: 8000 });
          assert.deepEqual((await store.reports({ open: true, limit: 10 })).map((r) => [r.id, r.reportedName]), [[id, "Cid"]]);
          assert.equal((await store.moderate(cid.playerId, { kind: "ban" }, 9000))?.bannedAt, 9000);
          assert.equal((await store.sessionByToken(cid.token))?.player.bannedAt, 9000, "an old token reads the ban");
        } finally {
          await store.close();
        }
        const again = await db.open();
        assert.equal(await db.version(), backend.latest, "opening again runs nothing twice");
        assert.equal((await again.getPlayer(cid.playerId))?.bannedAt, 9000);
        await again.close();
      } finally {
        await db.done();
      }
    });
  });

  describe(`${backend.name} store: preferences, mutes, reports, moderation`, function () {
    this.timeout(60_000);
    let db: Db;
    let store: Store;
    let ann: string;
    let bob: string;
    let cid: string;

    beforeEach(async () => {
      db = await backend.fresh();
      store = await db.open();
      [ann, bob, cid] = (await Promise.all(["Ann", "Bob", "Cid"].map((n) => store.createGuest(n)))).map((g) => g.playerId);
    });
    afterEach(async () => {
      await store.close();
      await db.done();
    });

    let n = 0;
    const match = (a: string, b: string, extra: Partial<MatchResult> = {}): MatchResult => ({
      matchId: `mod-${++n}`, game: "tictactoe", players: [{ playerId: a, name: "A" }, { playerId: b, name: "B" }],
      winner: a, reason: "line", rated: true, moves: [], startedAt: 1000 + n, endedAt: 2000 + n, ...extra,
    });
    const report = (extra: Partial<NewReport> = {}): NewReport => ({
      reporterId: ann, reportedId: bob, reason: "abuse", note: "", roomId: "room1", matchId: "m1", lines: [], at: 1000, ...extra,
    });
    const log = async () => (await db.raw("SELECT player_id, action, at FROM moderation_log ORDER BY id")).map((r) => ({ ...r, action: backend.json(r.action), at: Number(r.at) }));

    it("preferences: the defaults, then each change alone leaves the other", async () => {
      const defaults = { chatOff: false, challenges: "everyone", muted: [] };
      assert.deepEqual(await store.preferences(ann), defaults);
      assert.deepEqual(await store.preferences("nobody-such"), defaults);
      await store.setPreferences(ann, { chatOff: true });
      assert.deepEqual(await store.preferences(ann), { ...defaults, chatOff: true });
      await store.setPreferences(ann, { challenges: "nobody" });
      assert.deepEqual(await store.preferences(ann), { ...defaults, chatOff: true, challenges: "nobody" });
      await store.setPreferences(ann, {});
      await store.setPreferences(ann, { challenges: "nobody" });
      assert.deepEqual(await store.preferences(ann), { ...defaults, chatOff: true, challenges: "nobody" }, "setting the same again changes nothing");
      await store.setPreferences(ann, { chatOff: false, challenges: "played" });
      assert.deepEqual(await store.preferences(ann), { ...defaults, challenges: "played" });
      assert.deepEqual(await store.preferences(bob), defaults, "one player's preferences are theirs alone");
      await store.setPreferences("nobody-such", { chatOff: true });
      assert.deepEqual(await store.preferences("nobody-such"), defaults, "an unknown player gets no row");
      await assert.rejects(store.setPreferences(ann, { challenges: "friends" as never }), "the schema refuses a policy it does not know");
      assert.deepEqual(await store.preferences(ann), { ...defaults, challenges: "played" });
    });

    it("mutes: oldest first, muting twice and unmuting one not muted are no errors, each player's own", async () => {
      await store.setMuted(ann, bob, true, 100);
      await store.setMuted(ann, cid, true, 200);
      await store.setMuted(ann, bob, true, 300);
      assert.deepEqual((await store.preferences(ann)).muted, [bob, cid], "muting again keeps the first time");
      await store.setMuted(ann, bob, false, 400);
      await store.setMuted(ann, bob, false, 500);
      await store.setMuted(ann, cid, true, 600);
      assert.deepEqual((await store.preferences(ann)).muted, [cid]);
      await store.setMuted(ann, bob, true, 700);
      assert.deepEqual((await store.preferences(ann)).muted, [cid, bob]);
      await store.setMuted(bob, ann, false, 800);
      assert.deepEqual((await store.preferences(bob)).muted, []);
      await store.setMuted(ann, ann, true, 900);
      await store.setMuted(ann, "nobody-such", true, 900);
      await store.setMuted("nobody-such", ann, true, 900);
      assert.deepEqual((await store.preferences(ann)).muted, [cid, bob], "oneself and unknown players are not muted");
      assert.deepEqual((await store.preferences("nobody-such")).muted, []);
    });

    it("havePlayed: only a recorded match together that was not aborted, either seat", async () => {
      assert.equal(await store.havePlayed(ann, bob), false);
      await store.recordResult(match(ann, bob, { winner: null, reason: "no_show", aborted: true, rated: false }));
      assert.equal(await store.havePlayed(ann, bob), false, "an aborted match is not a game played");
      await store.recordResult(match(bob, cid, { winner: null, reason: "draw" }));
      assert.equal(await store.havePlayed(ann, bob), false);
      assert.equal(await store.havePlayed(ann, cid), false);
      assert.equal(await store.havePlayed(ann, ann), false);
      assert.equal(await store.havePlayed(bob, cid), true);
      assert.equal(await store.havePlayed(cid, bob), true);
      await store.recordStart({ matchId: "live-1", game: "tictactoe", players: [{ playerId: ann, name: "Ann" }, { playerId: bob, name: "Bob" }], rated: true, startedAt: 5000 });
      assert.equal(await store.havePlayed(ann, bob), false, "a game still in progress is not one played");
      await store.recordResult(match(bob, ann, { matchId: "live-1", winner: bob, reason: "resign" }));
      assert.equal(await store.havePlayed(ann, bob), true);
      assert.equal(await store.havePlayed(bob, ann), true);
    });

    it("reports: kept with their lines, newest first, open or all, names as they are now; resolving twice is refused", async () => {
      const lines = [line(3, bob, "first"), line(4, bob, "the reported one")];
      const first = await store.fileReport(report({ at: 1000, lines, note: "said rude things" }));
      const second = await store.fileReport(report({ at: 3000, reporterId: cid, reason: "spam", roomId: "", matchId: null }));
      const third = await store.fileReport(report({ at: 2000, reportedId: cid, reason: "cheating" }));
      assert.equal(new Set([first, second, third]).size, 3);
      for (const id of [first, second, third]) assert.match(id, /^[0-9a-f]{32}$/);

      const open = await store.reports({ open: true, limit: 10 });
      assert.deepEqual(open.map((r) => r.id), [second, third, first]);
      assert.deepEqual(open[2], {
        id: first, reporterId: ann, reporterName: "Ann", reportedId: bob, reportedName: "Bob", reason: "abuse", note: "said rude things",
        roomId: "room1", matchId: "m1", lines, at: 1000, resolvedAt: null, resolution: null,
      });
      assert.deepEqual([open[0].roomId, open[0].matchId, open[0].lines, open[0].reporterName], ["", null, [], "Cid"]);
      assert.deepEqual((await store.reports({ open: true, limit: 2 })).map((r) => r.id), [second, third]);
      assert.deepEqual(await store.reports({ open: true, limit: 0 }), []);

      assert.equal(await store.resolveReport(third, "warned", 4000), true);
      assert.equal(await store.resolveReport(third, "again", 5000), false, "already closed");
      assert.equal(await store.resolveReport("nope", "x", 5000), false);
      assert.deepEqual((await store.reports({ open: true, limit: 10 })).map((r) => r.id), [second, first]);
      const all = await store.reports({ open: false, limit: 10 });
      assert.deepEqual(all.map((r) => r.id), [second, third, first]);
      assert.deepEqual([all[1].resolvedAt, all[1].resolution], [4000, "warned"]);

      await store.moderate(bob, { kind: "rename", name: "Robert" }, 6000);
      assert.equal((await store.reports({ open: true, limit: 10 }))[1].reportedName, "Robert", "names are the current ones");
      await assert.rejects(store.fileReport(report({ reportedId: "nobody-such" })), "a report is about a player");
      assert.equal((await store.reports({ open: false, limit: 10 })).length, 3);
    });

    it("moderate: ban, unban, mute, unmute and rename change the player and are logged; an unknown player is null", async () => {
      const bobToken = (await store.createSession(bob, "test")).token;
      assert.deepEqual(await store.moderate(bob, { kind: "ban" }, 1000), { ...(await store.getPlayer(bob))!, bannedAt: 1000 });
      assert.equal((await store.getPlayer(bob))?.bannedAt, 1000);
      assert.equal((await store.moderate(bob, { kind: "ban" }, 2000))?.bannedAt, 1000, "banning again keeps the first ban");
      assert.equal((await store.sessionByToken(bobToken))?.player.bannedAt, 1000, "the token still reads (the rooms refuse it)");
      assert.equal((await store.moderate(bob, { kind: "unban" }, 3000))?.bannedAt, null);
      assert.equal((await store.moderate(bob, { kind: "mute", until: 90_000 }, 4000))?.chatMutedUntil, 90_000);
      assert.equal((await store.getPlayer(bob))?.chatMutedUntil, 90_000);
      assert.equal((await store.moderate(bob, { kind: "unmute" }, 5000))?.chatMutedUntil, null);
      const renamed = await store.moderate(bob, { kind: "rename", name: "Bob'); DROP TABLE players; --" }, 6000);
      assert.equal(renamed?.name, "Bob'); DROP TABLE players; --");
      assert.equal((await store.profile(bob))?.player.name, renamed?.name);
      assert.deepEqual(await store.getPlayer(bob), renamed);
      assert.equal((await store.getPlayer(ann))?.name, "Ann");
      assert.deepEqual(await log(), [
        { player_id: bob, action: { kind: "ban" }, at: 1000 },
        { player_id: bob, action: { kind: "ban" }, at: 2000 },
        { player_id: bob, action: { kind: "unban" }, at: 3000 },
        { player_id: bob, action: { kind: "mute", until: 90_000 }, at: 4000 },
        { player_id: bob, action: { kind: "unmute" }, at: 5000 },
        { player_id: bob, action: { kind: "rename", name: "Bob'); DROP TABLE players; --", previousName: "Bob" }, at: 6000 },
      ]);
      // The store's reading of it: newest first, as many as asked for; another player's log is their own.
      assert.deepEqual(await store.moderationLog(bob, 2), [
        { action: { kind: "rename", name: "Bob'); DROP TABLE players; --", previousName: "Bob" }, at: 6000 },
        { action: { kind: "unmute" }, at: 5000 },
      ]);
      assert.equal((await store.moderationLog(bob, 100)).length, 6);
      assert.deepEqual(await store.moderationLog(ann, 100), []);

      assert.equal(await store.moderate("nobody-such", { kind: "ban" }, 7000), null);
      await assert.rejects(store.moderate(ann, { kind: "mute", until: Number.NaN }, 7000));
      await assert.rejects(store.moderate(ann, { kind: "demote" } as never, 7000));
      assert.equal((await log()).length, 6, "nothing is logged for an unknown player or a refused action");
      assert.deepEqual(await store.getPlayer(ann), { id: ann, name: "Ann", isBot: false, createdAt: (await store.getPlayer(ann))!.createdAt, bannedAt: null, chatMutedUntil: null });
    });

    it("purgeReports: deletes reports resolved before the time, never open ones, and says how many", async () => {
      const [a, b, c] = [await store.fileReport(report({ at: 10 })), await store.fileReport(report({ at: 20 })), await store.fileReport(report({ at: 30 }))];
      await store.resolveReport(a, "done", 100);
      await store.resolveReport(b, "done", 200);
      assert.equal(await store.purgeReports(100), 0, "strictly before");
      assert.equal(await store.purgeReports(150), 1);
      assert.equal(await store.purgeReports(150), 0);
      assert.deepEqual((await store.reports({ open: false, limit: 10 })).map((r) => r.id), [c, b]);
      assert.equal(await store.purgeReports(Number.MAX_SAFE_INTEGER), 1);
      assert.deepEqual((await store.reports({ open: false, limit: 10 })).map((r) => r.id), [c], "an open report is never purged");
    });
  });
}
