import assert from "node:assert/strict";
import http from "node:http";
import { matchMaker } from "@colyseus/core";
import { Client, type Room } from "colyseus.js";
import WebSocket from "ws";
import { setShuttingDown } from "../rooms/ParlorRoom";
import { log } from "../base/log";
import { closeCode, collect, seat, signUp, sleep, socketOf, startGame, startTestServer, waitForState, type TestGuest, type TestServer } from "./support/harness";

type Reservation = { room: { roomId: string; processId: string; name: string }; sessionId: string };

function post(server: TestServer, path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/matchmake/${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function lobbyRoom(): Promise<any> {
  const [listing] = await matchMaker.query({ name: "lobby" });
  return matchMaker.getLocalRoomById(listing.roomId);
}

const reservedSeats = (room: any) => Object.keys(room.reservedSeats).length;

/** Counts what the server logs at warn and above while `fn` runs; the logger still writes as usual. */
async function countLogs(fn: () => Promise<void>): Promise<{ warn: number; error: number; messages: string[] }> {
  const counts = { warn: 0, error: 0, messages: [] as string[] };
  const original = { warn: log.warn, error: log.error };
  log.warn = function (this: unknown, ...args: unknown[]) {
    counts.warn++;
    counts.messages.push(JSON.stringify(args).slice(0, 200));
    return (original.warn as (...a: unknown[]) => void).apply(log, args);
  } as typeof log.warn;
  log.error = function (this: unknown, ...args: unknown[]) {
    counts.error++;
    counts.messages.push(JSON.stringify(args).slice(0, 200));
    return (original.error as (...a: unknown[]) => void).apply(log, args);
  } as typeof log.error;
  try {
    await fn();
  } finally {
    log.warn = original.warn;
    log.error = original.error;
  }
  return counts;
}

/**
 * Opens the game socket of a reservation (or a reconnection) by hand, waits for the server's JOIN_ROOM frame and
 * closes before acknowledging it: a join handshake that dies half-way. Resolves the reconnection token it carried.
 */
function joinAndDropBeforeAck(server: TestServer, r: Reservation, token: string, reconnectionToken?: string): Promise<string> {
  const query = new URLSearchParams({ sessionId: r.sessionId, _authToken: token, ...(reconnectionToken ? { reconnectionToken } : {}) });
  const socket = new WebSocket(`${server.wsUrl}/${r.room.processId}/${r.room.roomId}?${query}`);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no JOIN_ROOM frame")), 3000);
    socket.on("message", (data: Buffer) => {
      if (data[0] !== 10 /* JOIN_ROOM */) return reject(new Error(`unexpected frame ${data[0]}`));
      clearTimeout(timer);
      socket.terminate();
      resolve(data.subarray(2, 2 + data[1]).toString("utf8"));
    });
    socket.on("error", reject);
  });
}

describe("the front door", () => {
  describe("/matchmake", () => {
    let server: TestServer;
    let alice: TestGuest;
    before(async () => {
      server = await startTestServer({ allowedOrigins: ["https://play.example.org"] });
      alice = await signUp(server, "alice");
    });
    after(() => server.close());

    it("reserves no seat for a request without a valid player token", async () => {
      const lobby = await lobbyRoom();
      const before = reservedSeats(lobby);
      for (const [headers, code] of [
        [{}, "AUTH_REQUIRED"],
        [bearer("forged-token"), "AUTH_INVALID"],
        [{ authorization: "Basic YWRtaW46eA==" }, "AUTH_REQUIRED"],
      ] as const) {
        for (const path of ["joinOrCreate/lobby", "join/lobby", `joinById/${lobby.roomId}`]) {
          const res = await post(server, path, "{}", headers);
          assert.equal(res.status, 401, path);
          const body = await res.json();
          assert.equal(body.code, code, path);
          assert.match(body.error, new RegExp(`^${code}: `));
          assert.equal(body.sessionId, undefined);
        }
      }
      const reconnect = await post(server, `reconnect/${lobby.roomId}`, JSON.stringify({ reconnectionToken: "x" }));
      assert.equal(reconnect.status, 401);
      assert.equal(reservedSeats(lobby), before, "no seat was reserved");
      // colyseus.js sees the code in the error it throws.
      await assert.rejects(new Client(server.wsUrl).joinOrCreate("lobby"), /AUTH_REQUIRED/);
      // With the token, the same request gets a seat.
      const ok = await post(server, "joinOrCreate/lobby", "{}", bearer(alice.token));
      assert.equal(ok.status, 200);
      assert.ok((await ok.json()).sessionId);
    });

    it("caps the body before reading it, and refuses bodies that are not a JSON object", async () => {
      const big = await post(server, "joinOrCreate/lobby", JSON.stringify({ pad: "x".repeat(32 * 1024) }), bearer(alice.token));
      assert.equal(big.status, 413);
      assert.equal((await big.json()).code, "BAD_REQUEST");

      // A client announcing 32 MB is answered from the headers alone, before it sends the rest.
      const announced = await new Promise<number>((resolve, reject) => {
        const req = http.request(`${server.url}/matchmake/joinOrCreate/lobby`, {
          method: "POST",
          headers: { "content-type": "application/json", "content-length": String(32 * 1024 * 1024), ...bearer(alice.token) },
        });
        req.on("response", (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        });
        req.on("error", reject);
        req.write("{");
      });
      assert.equal(announced, 413);

      // A chunked body with no length is cut off at the cap too.
      const chunked = await new Promise<number>((resolve, reject) => {
        const req = http.request(`${server.url}/matchmake/joinOrCreate/lobby`, {
          method: "POST",
          headers: { "content-type": "application/json", "transfer-encoding": "chunked", ...bearer(alice.token) },
        });
        req.on("response", (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        for (let i = 0; i < 16; i++) req.write("x".repeat(1024));
        req.end();
      });
      assert.equal(chunked, 413);

      for (const body of ["{not json", "[1,2]", '"lobby"']) {
        const res = await post(server, "joinOrCreate/lobby", body, bearer(alice.token));
        assert.equal(res.status, 400, body);
        assert.equal((await res.json()).code, "BAD_REQUEST");
      }
    });

    it("applies the origin allowlist and answers CORS only for allowed origins", async () => {
      const foreign = await post(server, "joinOrCreate/lobby", "{}", { ...bearer(alice.token), origin: "https://evil.example" });
      assert.equal(foreign.status, 403);
      assert.equal((await foreign.json()).code, "ORIGIN_NOT_ALLOWED");
      assert.equal(foreign.headers.get("access-control-allow-origin"), null);
      const preflight = await fetch(`${server.url}/matchmake/joinOrCreate/lobby`, { method: "OPTIONS", headers: { origin: "https://evil.example" } });
      assert.equal(preflight.status, 403);
      assert.equal(preflight.headers.get("access-control-allow-origin"), null);

      const allowed = await fetch(`${server.url}/matchmake/joinOrCreate/lobby`, {
        method: "OPTIONS",
        headers: { origin: "https://play.example.org", "access-control-request-method": "POST" },
      });
      assert.equal(allowed.status, 204);
      assert.equal(allowed.headers.get("access-control-allow-origin"), "https://play.example.org");
      assert.equal(allowed.headers.get("access-control-allow-credentials"), "true");
      const join = await post(server, "joinOrCreate/lobby", "{}", { ...bearer(alice.token), origin: "https://play.example.org" });
      assert.equal(join.status, 200);
      assert.equal(join.headers.get("access-control-allow-origin"), "https://play.example.org");
    });

    it("refuses what no client may ask, clearly and without logging errors", async () => {
      const bob = await signUp(server, "bob");
      const logs = await countLogs(async () => {
        const create = await post(server, "create/tictactoe", JSON.stringify({ players: [seat(alice), seat(bob)], rated: true, grant: "guess" }), bearer(alice.token));
        assert.equal(create.status, 403);
        const body = await create.json();
        assert.equal(body.code, "SEAT_RESERVED");
        assert.match(body.error, /created by the lobby/);
        for (const path of ["joinOrCreate/rps", "join/tictactoe"]) assert.equal((await post(server, path, "{}", bearer(alice.token))).status, 403, path);
        assert.equal((await post(server, "create/lobby", "{}", bearer(alice.token))).status, 403);
        assert.equal((await post(server, "remoteRoomCall/lobby", "{}", bearer(alice.token))).status, 404);
        assert.equal((await fetch(`${server.url}/matchmake/joinOrCreate/lobby`)).status, 404);
        const missing = await post(server, "joinById/no-such-room", "{}", bearer(alice.token));
        assert.match((await missing.json()).error, /not found/);
        // And through colyseus.js, as a developer would meet it.
        await assert.rejects(alice.client.create("tictactoe", {}), /created by the lobby/);
      });
      assert.equal(logs.error, 0, logs.messages.join("\n"));
      assert.equal(logs.warn, 0, logs.messages.join("\n"));
    });

    it("holds one unused reservation per player per room, so nobody can lock a live game against spectators", async () => {
      const [bob, carol, dave] = await Promise.all(["mm-bob", "mm-carol", "mm-dave"].map((n) => signUp(server, n)));
      const { roomId, rooms } = await startGame(server, "tictactoe", alice, bob, { rated: false });
      for (let i = 0; i < 70; i++) {
        const res = await post(server, `joinById/${roomId}`, JSON.stringify({ spectate: true }), bearer(carol.token));
        assert.equal(res.status, 200);
        assert.ok((await res.json()).sessionId, `request ${i}`);
      }
      const room = matchMaker.getLocalRoomById(roomId) as any;
      assert.equal(reservedSeats(room), 1, "each request replaced the one before");
      assert.equal((await matchMaker.query({ roomId }))[0].locked, false);
      const watcher = await dave.client.joinById(roomId, { spectate: true });
      await waitForState(rooms[0], (s) => s.spectators === 1);
      watcher.leave();
      rooms.forEach((r) => r.leave());
    });

    it("answers SERVER_SHUTTING_DOWN to a seat request or a join during shutdown", async () => {
      const reservation = await (await post(server, "joinOrCreate/lobby", "{}", bearer(alice.token))).json();
      setShuttingDown(true);
      try {
        const res = await post(server, "joinOrCreate/lobby", "{}", bearer(alice.token));
        assert.equal(res.status, 503);
        assert.equal((await res.json()).code, "SERVER_SHUTTING_DOWN");
        await assert.rejects(alice.client.consumeSeatReservation(reservation), /SERVER_SHUTTING_DOWN/);
      } finally {
        setShuttingDown(false);
      }
    });
  });

  describe("per-address rate limit on /matchmake", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ matchmakeRequestsPerMinute: 5, trustProxy: true });
    });
    after(() => server.close());

    it("refuses an address past its budget with RATE_LIMITED; other addresses go on", async () => {
      const guest = await signUp(server, "eager");
      const from = (ip: string) => post(server, "joinOrCreate/lobby", "{}", { ...bearer(guest.token), "x-real-ip": ip });
      for (let i = 0; i < 5; i++) assert.equal((await from("10.0.0.1")).status, 200);
      const limited = await from("10.0.0.1");
      assert.equal(limited.status, 429);
      assert.equal((await limited.json()).code, "RATE_LIMITED");
      // Tokenless requests count too: nobody can spend an address's budget for free and then get through.
      assert.equal((await post(server, "joinOrCreate/lobby", "{}", { "x-real-ip": "10.0.0.1" })).status, 429);
      assert.equal((await from("10.0.0.2")).status, 200);
    });
  });

  describe("wrong private codes, counted per address as the front door saw it", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ trustProxy: true, privateJoinFailuresPerMinute: 0, privateJoinFailuresPerMinutePerIp: 3 });
    });
    after(() => server.close());

    /** A player whose HTTP seat requests come from `ip` (X-Real-IP, trusted here), in the lobby. */
    async function fromAddress(name: string, ip: string) {
      const guest = await signUp(server, name);
      const client = new Client(server.wsUrl, { headers: { "x-real-ip": ip } });
      client.auth.token = guest.token;
      const lobby = await client.joinOrCreate("lobby");
      return { lobby, errors: collect(lobby, "error") };
    }

    it("players behind one address share its budget of wrong codes; another address is not limited", async () => {
      const host = await fromAddress("pa-host", "10.0.0.9");
      const created = collect(host.lobby, "private:created");
      host.lobby.send("private:create", { game: "tictactoe" });
      const { code } = await created.next();
      const wrong = code === "ZZZZZ" ? "YYYYY" : "ZZZZZ";
      const [bob, cat, dan] = await Promise.all([fromAddress("pa-bob", "10.0.0.1"), fromAddress("pa-cat", "10.0.0.1"), fromAddress("pa-dan", "10.0.0.2")]);
      for (const p of [bob, bob, cat]) {
        p.lobby.send("private:join", { code: wrong });
        assert.equal((await p.errors.next()).code, "PRIVATE_NOT_FOUND");
      }
      cat.lobby.send("private:join", { code });
      assert.equal((await cat.errors.next()).code, "PRIVATE_JOIN_LIMITED", "the address has spent its budget");
      dan.lobby.send("private:join", { code: wrong });
      assert.equal((await dan.errors.next()).code, "PRIVATE_NOT_FOUND", "another address is not limited");
      [host, bob, cat, dan].forEach((p) => p.lobby.leave());
    });
  });

  describe("seats and reconnection tokens belong to one player", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer();
    });
    after(() => server.close());

    it("a reservation works only with its own player's token", async () => {
      const [alice, bob, carol] = await Promise.all(["alice", "bob", "carol"].map((n) => signUp(server, n)));
      const match = await server.createMatch("tictactoe", [seat(alice), seat(bob)], { rated: true });
      const bobs = match.reservations[bob.playerId] as never;
      await assert.rejects(carol.client.consumeSeatReservation(bobs), /SEAT_RESERVED: this seat is reserved for another player/);
      await assert.rejects(new Client(server.wsUrl).consumeSeatReservation(bobs), /AUTH_REQUIRED/);
      const forger = new Client(server.wsUrl);
      forger.auth.token = "forged";
      await assert.rejects(forger.consumeSeatReservation(bobs), /AUTH_INVALID/);
      // Nothing changed: Bob's reservation still seats Bob, and the game starts.
      const b = await bob.client.consumeSeatReservation(bobs);
      const a = await alice.client.consumeSeatReservation(match.reservations[alice.playerId] as never);
      const state = await waitForState(a, (s) => s.status === "playing");
      assert.deepEqual([...state.players.values()].map((p: any) => p.name).sort(), ["alice", "bob"]);
      a.leave();
      b.leave();
    });

    it("a reconnection token works only for its own player", async () => {
      const [alice, bob, carol] = await Promise.all(["alice2", "bob2", "carol2"].map((n) => signUp(server, n)));
      const { rooms } = await startGame(server, "tictactoe", alice, bob, { rated: true, graceMs: 10_000 });
      const [x, o] = rooms;
      const token = x.reconnectionToken;
      socketOf(x).close();
      await waitForState(o, (s) => s.players.get(x.sessionId).connected === false);
      await assert.rejects(carol.client.reconnect(token), /SEAT_RESERVED/);
      await assert.rejects(new Client(server.wsUrl).reconnect(token), /AUTH_REQUIRED/);
      const forger = new Client(server.wsUrl);
      forger.auth.token = "forged";
      await assert.rejects(forger.reconnect(token), /AUTH_INVALID/);
      // The token is single-use, and none of that used it: Alice comes back with it and plays.
      const back = await alice.client.reconnect(token);
      await waitForState(o, (s) => s.players.get(x.sessionId).connected === true);
      back.send("move", { cell: 4 });
      await waitForState(o, (s) => s.board[4] === "X");
      assert.equal(server.results.length, 0);
      back.leave();
      o.leave();
    });
  });

  describe("a join that dies during its handshake", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer();
    });
    after(() => server.close());

    it("on a first join, leaves the seat waiting for the grace period; the player comes back with the reservation", async () => {
      const [alice, bob] = await Promise.all(["hs-alice", "hs-bob"].map((n) => signUp(server, n)));
      const match = await server.createMatch("tictactoe", [seat(alice), seat(bob)], { rated: true, graceMs: 10_000 });
      const bobRoom = await bob.client.consumeSeatReservation(match.reservations[bob.playerId] as never);
      const mine = match.reservations[alice.playerId] as Reservation;
      await joinAndDropBeforeAck(server, mine, alice.token);
      const seen = await waitForState(bobRoom, (s) => s.players.get(mine.sessionId)?.connected === false && s.players.get(mine.sessionId).reconnectDeadline > 0);
      assert.equal(seen.status, "playing");
      await sleep(1500);
      assert.equal(server.results.length, 0, "nothing is recorded: the seat waits for its player");
      assert.equal(bobRoom.state.status, "playing");
      const back = await alice.client.consumeSeatReservation(mine as never);
      await waitForState(bobRoom, (s) => s.players.get(mine.sessionId).connected === true);
      const state = await waitForState(back, (s) => s.players.size === 2);
      const x = state.players.get(back.sessionId).seat === 0 ? back : bobRoom;
      x.send("move", { cell: 0 });
      await waitForState(bobRoom, (s) => s.board[0] === "X");
      assert.equal(server.results.length, 0);
      back.leave();
      bobRoom.leave();
    });

    it("on a reconnection, leaves the seat waiting too; the newest reconnection token still works", async () => {
      const [alice, bob] = await Promise.all(["hr-alice", "hr-bob"].map((n) => signUp(server, n)));
      const { rooms, roomId } = await startGame(server, "tictactoe", alice, bob, { rated: true, graceMs: 10_000 });
      const [x, o] = rooms;
      const first = x.reconnectionToken.split(":")[1];
      socketOf(x).close();
      await waitForState(o, (s) => s.players.get(x.sessionId).connected === false);
      // The reconnection's HTTP step, then its socket, dropped before the join is acknowledged.
      const step = await (await post(server, `reconnect/${roomId}`, JSON.stringify({ reconnectionToken: first }), bearer(alice.token))).json();
      assert.equal(step.sessionId, x.sessionId);
      const newest = await joinAndDropBeforeAck(server, step, alice.token, first);
      await waitForState(o, (s) => s.players.get(x.sessionId).connected === false);
      await sleep(1500);
      assert.equal(server.results.length, 0, "a dropped reconnection is not an abandonment");
      const back = await alice.client.reconnect(`${roomId}:${newest}`);
      await waitForState(o, (s) => s.players.get(x.sessionId).connected === true);
      back.send("move", { cell: 8 });
      await waitForState(o, (s) => s.board[8] === "X");
      back.leave();
      o.leave();
    });
  });

  describe("floods and unknown types", () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer();
    });
    after(() => server.close());

    it("a client closed for flooding that reconnects at once starts with a fresh budget and plays on", async () => {
      const [alice, bob] = await Promise.all(["fl-alice", "fl-bob"].map((n) => signUp(server, n)));
      const { rooms } = await startGame(server, "tictactoe", alice, bob, { rated: true, graceMs: 10_000 });
      const [x, o] = rooms;
      const token = x.reconnectionToken;
      const closed = closeCode(x);
      for (let i = 0; i < 100; i++) x.send("resign", { junk: i });
      assert.equal(await closed, 4029);
      const back = await alice.client.reconnect(token);
      await waitForState(o, (s) => s.players.get(x.sessionId).connected === true);
      back.send("move", { cell: 4 });
      await waitForState(o, (s) => s.board[4] === "X");
      await sleep(300);
      assert.equal(server.results.length, 0, "the flooder was not recorded as abandoning");
      back.leave();
      o.leave();
    });

    it("logs a flooding client once, and stops reading its frames once it is being closed", async () => {
      const [alice, bob] = await Promise.all(["lg-alice", "lg-bob"].map((n) => signUp(server, n)));
      const { rooms } = await startGame(server, "rps", alice, bob, { rated: true, graceMs: 10_000 });
      const [flooder, calm] = rooms;
      const logs = await countLogs(async () => {
        const closed = closeCode(flooder, 10_000);
        // One burst of 5,000 frames, all buffered before the server reads the first.
        const frames = Array.from({ length: 5000 }, () => Buffer.from([13, 0xa4, ...Buffer.from("nope")]));
        socketOf(flooder).send(Buffer.concat(frames.slice(0, 1)));
        for (const frame of frames.slice(1)) socketOf(flooder).send(frame);
        assert.equal(await closed, 4029);
        await sleep(200);
      });
      const flooding = logs.messages.filter((m) => m.includes("flooding"));
      assert.equal(flooding.length, 1, logs.messages.slice(0, 5).join("\n"));
      assert.ok(logs.warn + logs.error <= 2, `${logs.warn} warnings, ${logs.error} errors`);
      assert.equal(calm.state.status, "playing");
      calm.leave();
    });

    it('answers UNKNOWN_TYPE to "__no_message_handler" and other built-in names, and keeps the socket', async () => {
      const guest = await signUp(server, "curious");
      const lobby = await guest.client.joinOrCreate("lobby");
      const errors = collect(lobby, "error");
      for (const type of ["__no_message_handler", "toString", "constructor", "__proto__", "nope"]) {
        lobby.send(type, {});
        const error = await errors.next();
        assert.equal(error.code, "UNKNOWN_TYPE", type);
      }
      assert.equal(socketOf(lobby).readyState, WebSocket.OPEN);
      lobby.leave();
    });
  });
});
