import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { MIGRATIONS } from "../store/migrations";
import { openPostgresStore, PG_MIGRATIONS } from "../store/postgres";
import { openSqliteStore } from "../store/sqlite";
import { hashToken } from "../store/tokens";
import type { Store } from "../store/types";
import { tempDir } from "./support/harness";
import { startPostgres, type TestPostgres } from "./support/postgres";

const FIXTURES = path.join(__dirname, "fixtures");
const players = JSON.parse(fs.readFileSync(path.join(FIXTURES, "schema-fixtures.json"), "utf8")) as Record<"sqlite" | "postgres", Record<"ann" | "bob", { playerId: string; token: string }>>;

/** What a database holds that players care about, in a stable order: nothing of it may change in an upgrade. */
const SNAPSHOT = [
  "SELECT id, name, is_bot, created_at FROM players ORDER BY id",
  "SELECT token_hash, player_id, created_at, used_at FROM tokens ORDER BY token_hash",
  "SELECT player_id, game, rating, deviation, volatility, wins, losses, draws, games, rated_games, ranked FROM player_stats ORDER BY player_id, game",
  "SELECT id, game, player0_id, player1_id, winner_id, reason, rated, aborted, moves, rating_changes, started_at, ended_at, options FROM matches ORDER BY id",
];

interface Upgrade {
  name: string;
  who: Record<"ann" | "bob", { playerId: string; token: string }>;
  /** A database as the build before accounts left it; resolves to how to read it raw and open a store on it. */
  make(): Promise<{ raw(sql: string): Promise<any[]>; version(): Promise<number>; open(): Promise<Store>; done(): Promise<void> }>;
  latest: number;
  before: number;
}

let postgres: TestPostgres | null = null;
after(async () => postgres?.stop());

const upgrades: Upgrade[] = [
  {
    name: "SQLite file made by schema 6",
    who: players.sqlite,
    latest: MIGRATIONS.at(-1)!.version,
    before: 6,
    async make() {
      const dir = tempDir("parlor-upgrade-");
      const file = path.join(dir, "parlor.db");
      fs.copyFileSync(path.join(FIXTURES, "parlor-v6.db"), file);
      const raw = async (sql: string): Promise<any[]> => {
        const db = new Database(file);
        try {
          return db.prepare(sql).all();
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
    },
  },
  {
    name: "PostgreSQL database made by schema 3",
    who: players.postgres,
    latest: PG_MIGRATIONS.at(-1)!.version,
    before: 3,
    async make() {
      postgres ??= await startPostgres();
      const url = await postgres.createDatabase();
      const raw = async (sql: string) => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          return (await client.query(sql)).rows;
        } finally {
          await client.end();
        }
      };
      await raw(fs.readFileSync(path.join(FIXTURES, "parlor-pg-v3.sql"), "utf8"));
      return {
        raw,
        version: async () => (await raw("SELECT MAX(version)::int AS v FROM schema_migrations"))[0].v,
        open: () => openPostgresStore({ url, poolSize: 2, tokenTtlMs: Infinity }),
        done: async () => {},
      };
    },
  },
];

for (const upgrade of upgrades) describe(`accounts schema: upgrading a ${upgrade.name}`, function () {
  this.timeout(60_000);

  it("upgrades in place and loses nothing: guests, tokens, ratings and history are as they were, and every token is a session", async () => {
    const db = await upgrade.make();
    try {
      assert.equal(await db.version(), upgrade.before, "the fixture is at the old schema");
      const before = await Promise.all(SNAPSHOT.map((q) => db.raw(q)));
      assert.equal(before[0].length, 2);
      assert.equal(before[3].length, 2);
      const store = await db.open();
      try {
        assert.equal(await db.version(), upgrade.latest);
        assert.deepEqual(await Promise.all(SNAPSHOT.map((q) => db.raw(q))), before);
        const { ann, bob } = upgrade.who;
        const found = await store.sessionByToken(ann.token);
        assert.equal(found?.player.id, ann.playerId, "an old token still signs its guest in");
        assert.match(found!.sessionId, /^[0-9a-f]{32}$/);
        const sessions = await store.sessionsOf(ann.playerId);
        assert.deepEqual(sessions.map((s) => [s.sessionId, s.device]), [[found!.sessionId, ""]]);
        const ids = (await db.raw("SELECT session_id FROM tokens")).map((r) => r.session_id);
        assert.equal(new Set(ids).size, 2, "each old token got its own session id");
        assert.equal((await store.profile(bob.playerId))!.stats.length, 2);
        assert.deepEqual((await store.checkStatsInvariant()).problems, []);
        // And the new tables work on the upgraded database.
        assert.equal(await store.claimAccount({ playerId: ann.playerId, username: "Ann", usernameKey: "ann", passwordHash: "$argon2id$x" }, 5), "claimed");
        assert.equal((await store.accountByKey("ann"))?.playerId, ann.playerId);
      } finally {
        await store.close();
      }
      // Opening again runs nothing twice.
      const again = await db.open();
      assert.equal(await db.version(), upgrade.latest);
      await again.close();
    } finally {
      await db.done();
    }
  });
});

for (const backend of ["SQLite", "PostgreSQL"] as const) describe(`${backend} accounts and sessions`, function () {
  this.timeout(60_000);
  let store: Store;
  let done: () => Promise<void>;

  beforeEach(async () => {
    if (backend === "SQLite") {
      const dir = tempDir("parlor-accounts-");
      store = openSqliteStore({ file: path.join(dir, "parlor.db") });
      done = async () => fs.rmSync(dir, { recursive: true, force: true });
    } else {
      postgres ??= await startPostgres();
      store = await openPostgresStore({ url: await postgres.createDatabase(), poolSize: 4 });
      done = async () => {};
    }
  });
  afterEach(async () => {
    await store.close();
    await done();
  });

  const claim = (playerId: string, username: string, usernameKey = username.toLowerCase()) =>
    store.claimAccount({ playerId, username, usernameKey, passwordHash: `hash-of-${username}` }, 1000);

  it("claims once per player and once per username key; the player keeps their id", async () => {
    const [ann, bob] = await Promise.all([store.createGuest("Ann"), store.createGuest("Bob")]);
    assert.equal(await claim(ann.playerId, "Ann"), "claimed");
    assert.equal(await claim(ann.playerId, "Other"), "already-claimed");
    assert.equal(await claim(bob.playerId, "ANN", "ann"), "taken");
    assert.equal(await claim(bob.playerId, "Bob"), "claimed");
    assert.deepEqual(await store.accountOf(ann.playerId), { playerId: ann.playerId, username: "Ann", passwordHash: "hash-of-Ann" });
    assert.equal(await store.accountByKey("nobody"), null);
  });

  it("sessions: each sign-in its own token, stored hashed; revoke one; a password change ends all the others", async () => {
    const ann = await store.createGuest("Ann", "Firefox on Linux");
    const first = (await store.sessionByToken(ann.token))!;
    const phone = await store.createSession(ann.playerId, "Safari on iOS");
    const tablet = await store.createSession(ann.playerId, "Chrome on Android");
    assert.notEqual(phone.token, tablet.token);
    assert.equal((await store.playerByToken(phone.token))?.id, ann.playerId);
    const sessions = await store.sessionsOf(ann.playerId);
    assert.deepEqual(sessions.map((s) => s.device).sort(), ["Chrome on Android", "Firefox on Linux", "Safari on iOS"]);
    for (const s of sessions) assert.ok(s.createdAt > 0 && s.lastSeenAt >= s.createdAt);

    const bob = await store.createGuest("Bob");
    assert.equal(await store.revokeSession(bob.playerId, phone.sessionId), null, "only one's own sessions");
    assert.equal(await store.revokeSession(ann.playerId, phone.sessionId), hashToken(phone.token));
    assert.equal(await store.playerByToken(phone.token), null);
    assert.equal(await store.revokeSession(ann.playerId, phone.sessionId), null, "already gone");

    await claim(ann.playerId, "Ann");
    const ended = await store.changePassword(ann.playerId, "new-hash", first.sessionId, 2000);
    assert.deepEqual(ended, [hashToken(tablet.token)]);
    assert.equal(await store.playerByToken(tablet.token), null);
    assert.equal((await store.playerByToken(ann.token))?.id, ann.playerId, "the session that changed it stays");
    assert.equal((await store.accountOf(ann.playerId))?.passwordHash, "new-hash");
    assert.equal((await store.playerByToken(bob.token))?.id, bob.playerId);
  });
});
