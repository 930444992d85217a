import assert from "node:assert/strict";
import http from "node:http";
import WebSocket from "ws";
import { HeartbeatTransport } from "../server/heartbeatTransport";
import { sleep } from "./support/harness";

/** The heartbeat alone: sockets that are not rooms' clients, answered as Colyseus answers a pong. */
class BareHeartbeat extends HeartbeatTransport {
  protected async onConnection(raw: any) {
    raw.pingCount = 0;
    raw.on("pong", () => (raw.pingCount = 0));
  }
}

describe("the WebSocket heartbeat, spread over its interval", () => {
  it("ends a socket that stops answering pings, and keeps those that answer, however many", async () => {
    const server = http.createServer();
    const transport = new BareHeartbeat({ server, pingInterval: 200, pingMaxRetries: 2 });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
    const open = (autoPong: boolean) =>
      new Promise<WebSocket>((resolve) => {
        const ws = new WebSocket(url, { autoPong });
        ws.once("open", () => resolve(ws));
      });
    const alive = await Promise.all(Array.from({ length: 25 }, () => open(true)));
    const pings = new Array(alive.length).fill(0);
    alive.forEach((ws, i) => ws.on("ping", () => pings[i]++));
    const silent = await open(false);
    const start = Date.now();
    const closed = await new Promise<number>((resolve) => silent.once("close", resolve));
    assert.equal(closed, 1006, "the silent socket was terminated, after its missed pongs");
    await sleep(400);
    assert.ok(alive.every((ws) => ws.readyState === WebSocket.OPEN), "every socket that answers stays");
    // Each socket is pinged once an interval at most, in its turn, and all of them are.
    const rounds = (Date.now() - start) / 200;
    assert.ok(pings.every((n) => n >= 1 && n <= Math.ceil(rounds) + 1), `pings per socket in ${rounds.toFixed(1)} intervals: ${pings.join(" ")}`);
    alive.forEach((ws) => ws.close());
    await transport.shutdown();
    server.close();
  });
});
