import assert from "node:assert/strict";
import { Client, type Room } from "colyseus.js";
import WebSocket from "ws";
import { closeCode, collect, signUp, sleep, socketOf, startGame, startTestServer, waitForState, type TestServer } from "./support/harness";

const basic = (password: string) => ({ authorization: `Basic ${Buffer.from(`admin:${password}`).toString("base64")}` });

/** Opens a raw WebSocket with chosen headers; resolves "open" or the HTTP status it was refused with. */
function rawConnect(url: string, headers: Record<string, string> = {}): Promise<{ opened: true; socket: WebSocket } | { opened: false; status: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.once("open", () => resolve({ opened: true, socket }));
    socket.once("unexpected-response", (_req, res) => resolve({ opened: false, status: res.statusCode ?? 0 }));
    socket.once("error", () => resolve({ opened: false, status: 0 }));
  });
}

describe("hardening", () => {
  describe("payloads and floods", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ maxPayloadBytes: 1024 });
    });
    after(() => server.close());

    it("closes only the socket that sends an oversized frame; the game goes on", async () => {
      const a = await signUp(server, "big");
      const b = await signUp(server, "small");
      const { rooms } = await startGame(server, "tictactoe", a, b, { rated: true, graceMs: 5000 });
      const [x, o] = rooms;
      const closed = closeCode(x);
      socketOf(x).send(Buffer.alloc(4096, 1));
      assert.equal(await closed, 1009, "1009: message too big");
      const seen = await waitForState(o, (s) => s.players.get(x.sessionId).connected === false);
      assert.equal(seen.status, "playing", "the room stays up and the seat is kept for the grace period");
      const back = await a.client.reconnect(x.reconnectionToken);
      back.send("move", { cell: 4 });
      await waitForState(o, (s) => s.board[4] === "X");
      back.leave();
      o.leave();
    });

    it("answers a burst with RATE_LIMITED, then disconnects a client that keeps flooding", async () => {
      const a = await signUp(server, "flood");
      const b = await signUp(server, "calm");
      const { rooms } = await startGame(server, "rps", a, b, { rated: true, graceMs: 5000 });
      const [flooder, calm] = rooms;
      const errors = collect(flooder, "error");
      for (let i = 0; i < 30; i++) flooder.send("resign", { junk: i });
      const limited = await errors.next((e) => e.code === "RATE_LIMITED");
      assert.match(limited.message, /20 messages a second/);
      await sleep(1100);
      const closed = closeCode(flooder);
      for (let i = 0; i < 100; i++) flooder.send("resign", { junk: i });
      assert.equal(await closed, 4029);
      // The calm player is unaffected and the game state is intact.
      assert.equal(calm.state.status, "playing");
      calm.send("choose", { hand: "rock" });
      await waitForState(calm, (s) => s.players.get(calm.sessionId).chosen === true);
      calm.leave();
    });
    it("a client slowed down by RATE_LIMITED can still leave: the leave is read over the budget", async () => {
      const a = await signUp(server, "hasty");
      const b = await signUp(server, "patient");
      const { rooms } = await startGame(server, "tictactoe", a, b, { rated: false, graceMs: 5000 });
      const [hasty, patient] = rooms;
      const errors = collect(hasty, "error");
      for (let i = 0; i < 30; i++) hasty.send("resign", { junk: i });
      await errors.next((e) => e.code === "RATE_LIMITED");
      // Within the same second: the leave is answered (and leave() resolves) instead of being dropped.
      const code = await Promise.race([hasty.leave(), sleep(3000).then(() => "never answered")]);
      assert.notEqual(code, "never answered");
      const seen = await waitForState(patient, (s) => s.players.get(hasty.sessionId)?.connected === false || s.status !== "playing");
      assert.ok(seen);
      patient.leave();
    });
  });

  describe("who may connect", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({
        maxConnectionsPerIp: 3,
        apiRequestsPerMinute: 8,
        signupsPerHour: 4,
        production: true,
        allowedOrigins: ["https://games.example.org"],
      });
    });
    after(() => server.close());

    it("limits open WebSockets per address", async () => {
      const guest = await signUp(server, "many");
      const lobbies: Room[] = [];
      for (let i = 0; i < 3; i++) lobbies.push(await guest.client.joinOrCreate("lobby"));
      await assert.rejects(guest.client.joinOrCreate("lobby"), "a fourth socket from the same address is refused");
      const refused = await rawConnect(`${server.wsUrl}/x/y`);
      assert.deepEqual(refused, { opened: false, status: 429 });
      await lobbies[0].leave();
      await sleep(50);
      lobbies.push(await guest.client.joinOrCreate("lobby"));
      lobbies.slice(1).forEach((l) => l.leave());
    });

    it("checks the Origin at the WebSocket upgrade and on HTTP", async () => {
      const evil = await rawConnect(`${server.wsUrl}/x/y`, { origin: "https://evil.example.com" });
      assert.deepEqual(evil, { opened: false, status: 403 });
      const listed = await rawConnect(`${server.wsUrl}/x/y`, { origin: "https://games.example.org" });
      assert.equal(listed.opened, true);
      if (listed.opened) listed.socket.close();
      const own = await rawConnect(`${server.wsUrl}/x/y`, { origin: server.url });
      assert.equal(own.opened, true, "the server's own origin");
      if (own.opened) own.socket.close();
      const localhost = await rawConnect(`${server.wsUrl}/x/y`, { origin: "http://localhost:5173" });
      assert.deepEqual(localhost, { opened: false, status: 403 }, "no localhost in production");

      const res = await fetch(`${server.url}/api/leaderboard?game=rps`, { headers: { origin: "https://evil.example.com" } });
      assert.equal(res.status, 403);
      assert.equal(((await res.json()) as any).code, "ORIGIN_NOT_ALLOWED");
      assert.equal((await fetch(`${server.url}/api/leaderboard?game=rps`, { headers: { origin: "https://games.example.org" } })).status, 200);
    });

    it("rate-limits the HTTP API and sign-ups per address", async () => {
      await sleep(10);
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await fetch(`${server.url}/api/leaderboard?game=tictactoe`)).status);
      assert.ok(statuses.includes(429), statuses.join(","));
      const limited = await fetch(`${server.url}/api/leaderboard?game=tictactoe`);
      assert.equal(limited.status, 429);
      const body = (await limited.json()) as any;
      assert.equal(body.code, "RATE_LIMITED");
      assert.ok(limited.headers.get("ratelimit") || limited.headers.get("ratelimit-policy"));
    });

    it("sends secure headers", async () => {
      const res = await fetch(`${server.url}/healthz`);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
      assert.ok(res.headers.get("content-security-policy"));
      assert.equal(res.headers.get("x-powered-by"), null);
    });
  });

  describe("observability", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer();
    });
    after(() => server.close());

    it("/healthz answers for load balancers", async () => {
      const res = await fetch(`${server.url}/healthz`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { status: "ok" });
    });

    it("/metrics is Prometheus text behind authentication, with the game server's numbers", async () => {
      assert.equal((await fetch(`${server.url}/metrics`)).status, 401);
      const a = await signUp(server, "m1");
      const b = await signUp(server, "m2");
      const lobbyA = await a.client.joinOrCreate("lobby");
      const lobbyB = await b.client.joinOrCreate("lobby");
      const matched = collect(lobbyB, "matched");
      const matchedA = collect(lobbyA, "matched");
      lobbyA.send("queue", { game: "tictactoe" });
      await sleep(50);
      lobbyB.send("queue", { game: "tictactoe" });
      const [ma, mb] = await Promise.all([matchedA.next(), matched.next()]);
      const rooms = [await a.client.consumeSeatReservation(ma.reservation), await b.client.consumeSeatReservation(mb.reservation)];
      await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "playing")));
      const x = rooms.find((r) => r.state.players.get(r.sessionId).seat === 0)!;
      x.send("move", { cell: 4 });
      await waitForState(rooms[0], (s) => s.board[4] === "X");
      x.send("resign");
      await waitForState(rooms[0], (s) => s.status === "finished");

      const res = await fetch(`${server.url}/metrics`, { headers: basic(server.monitorPassword) });
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type")!, /text\/plain/);
      const text = await res.text();
      const value = (pattern: RegExp) => Number(text.match(pattern)?.[1]);
      assert.ok(value(/^parlor_ccu (\d+)/m) >= 4, "two lobby and two game clients");
      assert.equal(value(/^parlor_rooms\{room="tictactoe"\} (\d+)/m), 1);
      assert.equal(value(/^parlor_rooms\{room="lobby"\} (\d+)/m), 1);
      assert.match(text, /^parlor_queue_size\{game="tictactoe"\} 0/m);
      assert.ok(value(/^parlor_time_to_match_seconds_count\{game="tictactoe"\} (\d+)/m) >= 2);
      assert.ok(value(/^parlor_matches_total\{game="tictactoe",outcome="win",reason="resign"\} (\d+)/m) >= 1);
      assert.ok(value(/^parlor_move_seconds_count\{game="tictactoe"\} (\d+)/m) >= 1);
      assert.ok(value(/^parlor_message_handler_seconds_count\{room="tictactoe",type="move"\} (\d+)/m) >= 1);
      assert.match(text, /^parlor_nodejs_eventloop_lag_seconds /m);
      rooms.forEach((r) => r.leave());
      lobbyA.leave();
      lobbyB.leave();
    });
  });

  describe("joins without a server-made seat never reach a game", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer();
    });
    after(() => server.close());

    it("refuses forged seat options, and spectators never get a seat", async () => {
      const a = await signUp(server, "ann");
      const b = await signUp(server, "ben");
      const { rooms } = await startGame(server, "tictactoe", a, b);
      const c = await signUp(server, "cat");
      await assert.rejects(c.client.joinById(rooms[0].roomId, { seatFor: rooms[0].roomId, playerId: a.playerId }), /SEAT_RESERVED/);
      const forger = new Client(server.wsUrl);
      forger.auth.token = a.token;
      const watching = await forger.joinById(rooms[0].roomId, { spectate: true });
      const errors = collect(watching, "error");
      watching.send("move", { cell: 0 });
      assert.equal((await errors.next()).code, "NOT_A_PLAYER", "even the same player, as a spectator, cannot act");
      [...rooms, watching].forEach((r) => r.leave());
    });
  });
});
