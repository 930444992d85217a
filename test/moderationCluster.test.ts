import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { Client, type Room } from "colyseus.js";
import { startRedis, type TestRedis } from "../loadtest/redisServer";
import { spawnServer } from "../loadtest/run";
import { CLOSE_BANNED } from "../protocol/wire";
import { closeCode, collect, tempDir, waitForState } from "./support/harness";

const PASSWORD = "moderation-cluster-test";
const adminHeaders = { authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString("base64")}`, "content-type": "application/json" };

async function playerVia(port: number, name: string) {
  const res = await fetch(`http://127.0.0.1:${port}/api/guest`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name }) });
  assert.equal(res.status, 201);
  const guest = (await res.json()) as { playerId: string; token: string };
  const client = new Client(`ws://127.0.0.1:${port}`);
  client.auth.token = guest.token;
  return { ...guest, client, lobby: await client.joinOrCreate("lobby") };
}

const socketPort = (room: Room) => Number(new URL((room.connection.transport as unknown as { ws: WebSocket }).ws.url).port);

describe("moderation in a cluster: two Parlor processes on one real Redis", function () {
  this.timeout(120_000);
  let redis: TestRedis;
  let servers: { child: ChildProcess; port: number }[] = [];

  before(async function () {
    this.timeout(60_000);
    redis = await startRedis();
    const env = { REDIS_URL: redis.url, DATA_DIR: tempDir("parlor-moderation-cluster-"), MONITOR_PASSWORD: PASSWORD };
    // One after the other, so that the first holds the lobby.
    servers = [await spawnServer(env), await spawnServer(env)];
  });
  after(async () => {
    await Promise.all(
      servers.map((s) => {
        if (s.child.exitCode !== null) return;
        const exited = new Promise((resolve) => s.child.once("exit", resolve));
        s.child.kill("SIGTERM");
        return exited;
      }),
    );
    await redis?.stop();
  });

  it("a ban through one process closes the player's sockets on both with 4403; the chat filter switch follows on every process", async () => {
    const [p1, p2] = servers;
    const ann = await playerVia(p1.port, "ann");
    const bob = await playerVia(p2.port, "bob");
    assert.equal(socketPort(ann.lobby), p1.port, "the lobby lives on the first process");
    const matched = [collect(ann.lobby, "matched").next(), collect(bob.lobby, "matched").next()];
    ann.lobby.send("queue", { game: "tictactoe" });
    bob.lobby.send("queue", { game: "tictactoe" });
    const [ma, mb] = await Promise.all(matched);
    const game = await ann.client.consumeSeatReservation(ma.reservation);
    const other = await bob.client.consumeSeatReservation(mb.reservation);
    assert.equal(socketPort(game), p2.port, "the game went to the second process");
    await Promise.all([game, other].map((r) => waitForState(r, (s) => s.status === "playing")));

    const closed = [closeCode(ann.lobby, 5000), closeCode(game, 5000)];
    const ban = await fetch(`http://127.0.0.1:${p2.port}/admin/api/players/${ann.playerId}/ban`, { method: "POST", headers: adminHeaders, body: "{}" });
    assert.equal(ban.status, 200);
    assert.deepEqual(await Promise.all(closed), [CLOSE_BANNED, CLOSE_BANNED], "the lobby's socket on the other process too");
    assert.equal(bob.lobby.connection.isOpen && other.connection.isOpen, true, "nobody else's");
    await assert.rejects(ann.client.joinOrCreate("lobby"), (e: Error) => /^BANNED: /.test(e.message));

    const off = await fetch(`http://127.0.0.1:${p2.port}/admin/api/chat-filter`, { method: "PUT", headers: adminHeaders, body: JSON.stringify({ enabled: false }) });
    assert.deepEqual(await off.json(), { enabled: false });
    const deadline = Date.now() + 5000;
    let seen: unknown;
    while (Date.now() < deadline) {
      seen = await (await fetch(`http://127.0.0.1:${p1.port}/admin/api/chat-filter`, { headers: adminHeaders })).json();
      if ((seen as { enabled: boolean }).enabled === false) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.deepEqual(seen, { enabled: false }, "the first process follows");
    for (const room of [bob.lobby, other]) await room.leave();
  });
});
