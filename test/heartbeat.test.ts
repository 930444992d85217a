import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocket, WebSocketServer } from "ws";
import { pingsPerTick, startHeartbeat } from "../server/heartbeat";
import { readConfig } from "../base/config";
import { signUp, startTestServer } from "./support/harness";

/** A real ws server with the heartbeat on, as app.ts runs it (the transport's `pong` handler resets the count). */
async function serverWithHeartbeat(intervalMs: number, maxRetries: number, tickMs: number) {
  const httpServer = http.createServer();
  const wss = new WebSocketServer({ server: httpServer });
  wss.on("connection", (socket: WebSocket & { pingCount?: number }) => {
    socket.pingCount = 0;
    socket.on("pong", () => (socket.pingCount = 0));
  });
  await new Promise<void>((r) => httpServer.listen(0, "127.0.0.1", r));
  const stop = startHeartbeat(wss, intervalMs, maxRetries, tickMs);
  const url = `ws://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const connect = async (options: { autoPong?: boolean } = {}) => {
    const ws = new WebSocket(url, options);
    await new Promise((r, j) => ws.once("open", r).once("error", j));
    return ws;
  };
  const close = async () => {
    stop();
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
    await new Promise((r) => httpServer.close(r));
  };
  return { connect, close, wss };
}

describe("the spread heartbeat (server/heartbeat.ts)", () => {
  it("pings each client once per interval, a share on each tick", () => {
    assert.equal(pingsPerTick(0, 100, 3000), 0);
    assert.equal(pingsPerTick(1, 100, 3000), 1);
    assert.equal(pingsPerTick(30, 100, 3000), 1);
    assert.equal(pingsPerTick(5000, 100, 3000), 167);
    // Never fewer than every client per interval.
    for (const n of [1, 7, 29, 31, 999, 20_000]) assert.ok(pingsPerTick(n, 100, 3000) * 30 >= n);
  });

  it("keeps answering clients, closes a client that stops answering pings", async function () {
    this.timeout(10_000);
    const server = await serverWithHeartbeat(200, 2, 20);
    try {
      const alive = await server.connect();
      let pings = 0;
      alive.on("ping", () => pings++);
      const silent = await server.connect({ autoPong: false });
      const closed = new Promise<number>((r) => silent.once("close", r));
      const started = Date.now();
      await closed;
      // Two unanswered pings, then closed on the third turn: about three intervals, never before two.
      assert.ok(Date.now() - started >= 2 * 200 - 50, `closed after ${Date.now() - started} ms`);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(alive.readyState, WebSocket.OPEN);
      assert.ok(pings >= 3, `${pings} pings`);
      alive.close();
    } finally {
      await server.close();
    }
  });

  it("spreads one pass over the interval instead of pinging every client at once", async function () {
    this.timeout(10_000);
    const server = await serverWithHeartbeat(600, 2, 30);
    try {
      const clients = await Promise.all(Array.from({ length: 40 }, () => server.connect()));
      const first = await Promise.all(clients.map((c) => new Promise<number>((r) => c.once("ping", () => r(Date.now())))));
      // 40 clients, 2 a tick: one pass takes 20 ticks (600 ms); at once would be a few ms.
      const spread = Math.max(...first) - Math.min(...first);
      assert.ok(spread >= 300, `first pings spread over ${spread} ms`);
      for (const c of clients) c.close();
    } finally {
      await server.close();
    }
  });
});

describe("WS_PING_SECONDS (the server's heartbeat interval)", () => {
  it("is read from env, 3 s unless set", () => {
    assert.equal(readConfig({}).wsPingMs, 3000);
    assert.equal(readConfig({ WS_PING_SECONDS: "10" }).wsPingMs, 10_000);
    assert.throws(() => readConfig({ WS_PING_SECONDS: "often" }), /WS_PING_SECONDS/);
  });

  it("is what the server pings by: a lobby socket that stops answering is closed after two missed pings", async () => {
    const server = await startTestServer({ wsPingMs: 300 });
    try {
      const [a, b] = await Promise.all([signUp(server, "Silent"), signUp(server, "Answering")]);
      const [silent, answering] = await Promise.all([a.client.joinOrCreate("lobby"), b.client.joinOrCreate("lobby")]);
      // A peer that has gone away without closing: its socket no longer answers pings.
      const ws = (silent.connection.transport as unknown as { ws: WebSocket }).ws;
      let pings = 0;
      ws.on("ping", () => pings++);
      ws.pong = () => {};
      const started = Date.now();
      await new Promise<void>((r) => silent.onLeave(() => r()));
      assert.ok(pings >= 2, `closed after ${pings} pings, ${Date.now() - started} ms`);
      assert.ok(Date.now() - started < 5000);
      assert.ok(answering.connection.isOpen, "the answering socket stays");
      await answering.leave();
    } finally {
      await server.close();
    }
  });
});
