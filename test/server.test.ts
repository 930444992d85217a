import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { GAME_NAMES } from "../games/registry";
import { clientBuildIsStale, ensureClientBuilt } from "../server/clientBuild";
import { signUp, startGame, startTestServer, type TestServer } from "./support/harness";

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` });

describe("server: HTTP, monitor", () => {
  let server: TestServer;
  before(async function () {
    this.timeout(120_000);
    // What `npm start` does first: build the browser client when it is missing or stale.
    ensureClientBuilt(() => undefined);
    server = await startTestServer({ monitorPassword: undefined });
  });
  after(() => server.close());

  it("serves a page at / on the same port as the API and the WebSocket", async () => {
    const res = await fetch(`${server.url}/`);
    assert.equal(res.status, 200);
    const page = await res.text();
    assert.match(page, /<title>Parlor<\/title>/);
    // The built client: its hashed bundle is served from the same port, cached for good.
    const bundle = /src="(\/assets\/[^"]+\.js)"/.exec(page)![1];
    const js = await fetch(`${server.url}${bundle}`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get("cache-control")!, /immutable/);
    assert.equal(res.headers.get("cache-control"), "no-cache");
  });

  it("tells a client the games, the reconnection grace and the server's clock at GET /api/info", async () => {
    const before = Date.now();
    const res = await fetch(`${server.url}/api/info`);
    const after = Date.now();
    assert.equal(res.status, 200);
    const info = (await res.json()) as { games: string[]; reconnectGraceMs: number; now: number };
    assert.deepEqual(info.games, GAME_NAMES, "every registered game, in registry order");
    assert.ok(info.games.includes("connectfour"));
    assert.equal(info.reconnectGraceMs, server.config.graceMs);
    assert.ok(info.now >= before && info.now <= after, `now ${info.now} is within the request (${before}..${after})`);
  });

  it("sees the client build as stale once a client source is newer than it", () => {
    assert.equal(clientBuildIsStale(), false, "just built");
    const source = path.resolve(__dirname, "../client/index.html");
    const { atime, mtime } = fs.statSync(source);
    try {
      fs.utimesSync(source, atime, new Date(Date.now() + 60_000));
      assert.equal(clientBuildIsStale(), true);
    } finally {
      fs.utimesSync(source, atime, mtime);
    }
    assert.equal(clientBuildIsStale(), false);
  });

  it("generates a random monitor password when MONITOR_PASSWORD is unset", () => {
    assert.ok(server.monitorPassword.length >= 16);
    assert.notEqual(server.monitorPassword, "admin");
  });

  it("puts the monitor behind basic auth", async () => {
    assert.equal((await fetch(`${server.url}/monitor/`)).status, 401);
    assert.equal((await fetch(`${server.url}/monitor/api`, { headers: basic("admin", "admin") })).status, 401);
    assert.equal((await fetch(`${server.url}/monitor/api`, { headers: basic("admin", "wrong") })).status, 401);
    assert.equal((await fetch(`${server.url}/monitor/`, { headers: basic("admin", server.monitorPassword) })).status, 200);
  });

  it("lists game rooms in the monitor with game, players and status", async () => {
    const alice = await signUp(server, "alice");
    const bob = await signUp(server, "bob");
    const { roomId, rooms } = await startGame(server, "rps", alice, bob);
    const res = await fetch(`${server.url}/monitor/api`, { headers: basic("admin", server.monitorPassword) });
    assert.equal(res.status, 200);
    const body = (await res.json()) as any;
    assert.ok(body.columns.some((c: any) => c.metadata === "players"));
    const room = body.rooms.find((r: any) => r.roomId === roomId);
    assert.equal(room.metadata.game, "rps");
    assert.equal(room.metadata.players, "alice vs bob");
    assert.equal(room.metadata.status, "playing");
    rooms.forEach((r) => r.leave());
  });
});

describe("server: monitor password from env", () => {
  it("uses MONITOR_PASSWORD when set", async () => {
    const server = await startTestServer({ monitorPassword: "from-the-environment" });
    try {
      const ok = await fetch(`${server.url}/monitor/api`, { headers: basic("admin", "from-the-environment") });
      assert.equal(ok.status, 200);
    } finally {
      await server.close();
    }
  });
});
