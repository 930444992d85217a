import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { Client } from "colyseus.js";
import { startRedis, type TestRedis } from "../loadtest/redisServer";
import { spawnServer } from "../loadtest/run";
import { collect, tempDir, waitForState } from "./support/harness";

async function playerVia(port: number, name: string) {
  const res = await fetch(`http://127.0.0.1:${port}/api/guest`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name }) });
  assert.equal(res.status, 201);
  const guest = (await res.json()) as { playerId: string; token: string };
  const client = new Client(`ws://127.0.0.1:${port}`);
  client.auth.token = guest.token;
  const lobby = await client.joinOrCreate("lobby");
  return { ...guest, client, lobby };
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

describe("challenges in a cluster: two processes on one real Redis", function () {
  this.timeout(120_000);
  let redis: TestRedis;
  let servers: Awaited<ReturnType<typeof spawnServer>>[] = [];

  before(async function () {
    this.timeout(60_000);
    redis = await startRedis();
    const env = { REDIS_URL: redis.url, DATA_DIR: tempDir("parlor-challenges-cluster-"), MONITOR_PASSWORD: "cluster-test" };
    // One after the other, so the first holds the lobby.
    servers = [await spawnServer(env), await spawnServer(env)];
  });
  after(async () => {
    await Promise.all(servers.map((s) => stop(s.child)));
    await redis?.stop();
  });

  it("a challenge's link answers from the process without the lobby; accepted, it matches players of both processes", async () => {
    const [p1, p2] = servers;
    const ann = await playerVia(p1.port, "Ann Cluster");
    const bob = await playerVia(p2.port, "Bob Cluster");
    assert.equal(ann.lobby.roomId, bob.lobby.roomId, "one lobby for the cluster");
    const [sent, received, matchedA, matchedB] = [collect(ann.lobby, "challenge:sent"), collect(bob.lobby, "challenge:received"), collect(ann.lobby, "matched"), collect(bob.lobby, "matched")];
    ann.lobby.send("challenge:send", { to: bob.playerId, game: "tictactoe", rated: true });
    const { challenge } = await sent.next();
    assert.deepEqual((await received.next()).challenge, challenge);

    for (const { port } of servers) {
      const res = await fetch(`http://127.0.0.1:${port}/api/challenges/${challenge.id}`);
      assert.equal(res.status, 200, `the process on ${port} finds it`);
      assert.deepEqual(await res.json(), challenge);
    }

    const accepted = [collect(ann.lobby, "challenge:accepted"), collect(bob.lobby, "challenge:accepted")];
    bob.lobby.send("challenge:accept", { id: challenge.id });
    const [ma, mb] = await Promise.all([matchedA.next(), matchedB.next()]);
    for (const heard of accepted) assert.deepEqual(await heard.next(), { id: challenge.id });
    const rooms = [await ann.client.consumeSeatReservation(ma.reservation), await bob.client.consumeSeatReservation(mb.reservation)];
    await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "playing" && s.rated === true)));
    for (const { port } of servers) {
      const res = await fetch(`http://127.0.0.1:${port}/api/challenges/${challenge.id}`);
      assert.equal(res.status, 404, `accepted, it is gone on ${port} too`);
    }
    rooms[0].send("resign");
    await waitForState(rooms[1], (s) => s.status === "finished");
    for (const r of [...rooms, ann.lobby, bob.lobby]) await r.leave();
  });
});
