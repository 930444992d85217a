import assert from "node:assert/strict";
import { Client, type Room } from "colyseus.js";
import { collect, type Collector, seat, signUp, sleep, startGame, startTestServer, waitForState, type TestGuest, type TestServer } from "./support/harness";

/** Drops the socket without a consented leave, as a lost connection does. */
function dropConnection(room: Room) {
  (room.connection as any).transport.ws.close();
}

describe("game rooms: seats, clocks, grace, spectators, rematch, result sink", () => {
  let server: TestServer;
  let alice: TestGuest;
  let bob: TestGuest;

  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());
  beforeEach(async () => {
    alice = await signUp(server, "alice");
    bob = await signUp(server, "bob");
  });

  const resultsFor = (roomId: string) => server.results.filter((r) => r.result.matchId === roomId);

  describe("seats", () => {
    it("refuses a direct join as a player, with a clear error", async () => {
      const match = await server.createMatch("tictactoe", [seat(alice), seat(bob)], { rated: true });
      await assert.rejects(alice.client.joinById(match.roomId), (e: any) => /SEAT_RESERVED/.test(e.message));
      const carol = await signUp(server, "carol");
      await assert.rejects(carol.client.joinById(match.roomId, { seat: 0 }), (e: any) => /SEAT_RESERVED/.test(e.message));
    });

    it("refuses a client that tries to create a game room", async () => {
      await assert.rejects(
        alice.client.create("tictactoe", { players: [seat(alice), seat(bob)], rated: true, grant: "guess" }),
        (e: any) => /created by the lobby/.test(e.message),
      );
    });

    it("refuses joins without a valid token", async () => {
      const match = await server.createMatch("tictactoe", [seat(alice), seat(bob)], { rated: true });
      const anonymous = new Client(server.wsUrl);
      await assert.rejects(anonymous.joinById(match.roomId, { spectate: true }), (e: any) => /AUTH_REQUIRED/.test(e.message));
      const forger = new Client(server.wsUrl);
      forger.auth.token = "not-a-real-token";
      await assert.rejects(forger.joinById(match.roomId, { spectate: true }), (e: any) => /AUTH_INVALID/.test(e.message));
    });

    it("a reservation cannot be used twice", async () => {
      const match = await server.createMatch("tictactoe", [seat(alice), seat(bob)], { rated: true });
      const reservation = match.reservations[alice.playerId] as any;
      const first = await alice.client.consumeSeatReservation(reservation);
      const other = new Client(server.wsUrl);
      other.auth.token = alice.token;
      await assert.rejects(other.consumeSeatReservation(reservation));
      first.leave();
    });

    it("refuses moves until both players have taken their seats", async () => {
      const match = await server.createMatch("tictactoe", [seat(alice), seat(bob)], { rated: true });
      const room = await alice.client.consumeSeatReservation(match.reservations[alice.playerId] as any);
      await waitForState(room, (s) => s.status === "waiting" && s.players.size === 1);
      const errors = collect(room, "error");
      room.send("move", { cell: 4 });
      assert.equal((await errors.next()).code, "GAME_NOT_STARTED");
      assert.equal(room.state.board[4], "");
      const other = await bob.client.consumeSeatReservation(match.reservations[bob.playerId] as any);
      await waitForState(room, (s) => s.status === "playing");
      room.send("move", { cell: 4 });
      await waitForState(other, (s) => s.board[4] === "X");
      room.leave();
      other.leave();
    });

    it("aborts unrated when a player never shows up", async () => {
      const match = await server.createMatch("tictactoe", [seat(alice), seat(bob)], { rated: true, noShowMs: 300 });
      const room = await alice.client.consumeSeatReservation(match.reservations[alice.playerId] as any);
      const final = await waitForState(room, (s) => s.status === "aborted");
      assert.equal(final.reason, "no_show");
      // Like a finished game, an aborted one is shown only once its record is committed.
      const [only, ...rest] = resultsFor(match.roomId);
      assert.equal(rest.length, 0);
      assert.equal(only.result.aborted, true);
      assert.equal(only.result.rated, false);
    });
  });

  describe("clocks", () => {
    it("the player who runs out of time loses by timeout", async () => {
      const { roomId, rooms } = await startGame(server, "tictactoe", alice, bob, { rated: true, turnMs: 300 });
      const [x] = rooms;
      x.send("move", { cell: 0 });
      const final = await waitForState(x, (s) => s.status === "finished", 3000);
      assert.equal(final.reason, "timeout");
      assert.equal(final.winner, 0, "O did not move in time");
      assert.equal(resultsFor(roomId).length, 1);
      rooms.forEach((r) => r.leave());
    });

    it("each accepted move restarts the turn clock", async () => {
      const { rooms } = await startGame(server, "tictactoe", alice, bob, { rated: true, turnMs: 400 });
      const [x, o] = rooms;
      const first = x.state.deadline;
      await sleep(250);
      x.send("move", { cell: 0 });
      await waitForState(o, (s) => s.board[0] === "X");
      assert.ok(o.state.deadline >= first + 200);
      await sleep(250);
      o.send("move", { cell: 4 });
      await waitForState(x, (s) => s.board[4] === "O");
      assert.equal(x.state.status, "playing", "700 ms in, but no single turn took 400 ms");
      rooms.forEach((r) => r.leave());
    });
  });

  describe("disconnects", () => {
    it("keeps the seat through a drop; reconnecting within the grace resumes the game", async () => {
      const { roomId, rooms } = await startGame(server, "tictactoe", alice, bob, { rated: true, graceMs: 3000 });
      const [x, o] = rooms;
      const token = x.reconnectionToken;
      const xSession = x.sessionId;
      dropConnection(x);
      const seen = await waitForState(o, (s) => s.players.get(xSession).connected === false);
      const deadline = seen.players.get(xSession).reconnectDeadline;
      assert.ok(deadline > Date.now() && deadline <= Date.now() + 3000, "the opponent sees the grace deadline");

      const back = await alice.client.reconnect(token);
      assert.equal(back.sessionId, xSession);
      await waitForState(o, (s) => s.players.get(xSession).connected === true && s.players.get(xSession).reconnectDeadline === 0);
      back.send("move", { cell: 0 });
      await waitForState(o, (s) => s.board[0] === "X");
      assert.equal(resultsFor(roomId).length, 0, "the game goes on");
      back.leave();
      o.leave();
    });

    it("after the grace, the player who left loses by abandonment", async () => {
      const { roomId, rooms } = await startGame(server, "tictactoe", alice, bob, { rated: true, graceMs: 300 });
      const [x, o] = rooms;
      dropConnection(o);
      const final = await waitForState(x, (s) => s.status === "finished", 3000);
      assert.equal(final.reason, "abandoned");
      assert.equal(final.winner, 0);
      const [only, ...rest] = resultsFor(roomId);
      assert.equal(rest.length, 0);
      assert.equal(only.result.winner, alice.playerId);
      x.leave();
    });

    it("a reconnection token works once", async () => {
      const { rooms } = await startGame(server, "tictactoe", alice, bob, { rated: true, graceMs: 3000 });
      const [x, o] = rooms;
      const token = x.reconnectionToken;
      dropConnection(x);
      await waitForState(o, (s) => s.players.get(x.sessionId).connected === false);
      const back = await alice.client.reconnect(token);
      await assert.rejects(alice.client.reconnect(token));
      back.leave();
      o.leave();
    });
  });

  describe("the end is told once it is stored", () => {
    it("no patch says finished before the result and its rating changes are in the store, even if the loser leaves at once", async () => {
      const { roomId, rooms } = await startGame(server, "tictactoe", alice, bob, { rated: true });
      const [x, o] = rooms;
      // The real store, made slow: the result takes 300 ms to be written.
      const store = server.store;
      const write = store.recordResult.bind(store);
      store.recordResult = async (result) => {
        await sleep(300);
        return write(result);
      };
      try {
        let storedWhenTold: boolean | null = null;
        x.onStateChange((s: any) => {
          if (s.status === "finished" && storedWhenTold === null) storedWhenTold = server.results.some((r) => r.result.matchId === roomId);
        });
        o.send("resign");
        await sleep(50);
        // A leave flushes a patch of its own; it must not carry the end early.
        o.leave();
        const final = await waitForState(x, (s) => s.status === "finished");
        assert.equal(storedWhenTold, true, "the winner heard the end only once the result was stored");
        assert.ok(final.players.get(x.sessionId).ratingChange > 0, "with its rating change");
      } finally {
        store.recordResult = write;
      }
      x.leave();
    });
  });

  describe("the result sink is called exactly once per match", () => {
    it("resign, then a timeout and a disconnect that would each have ended it", async () => {
      const { roomId, rooms } = await startGame(server, "tictactoe", alice, bob, { rated: true, turnMs: 200, graceMs: 200 });
      const [x, o] = rooms;
      o.send("resign");
      o.send("resign");
      x.send("resign");
      await waitForState(x, (s) => s.status === "finished");
      dropConnection(o);
      dropConnection(x);
      await sleep(600);
      assert.equal(resultsFor(roomId).length, 1);
      assert.equal(resultsFor(roomId)[0].result.reason, "resign");
    });

    it("both players drop and both graces run out", async () => {
      const { roomId, rooms } = await startGame(server, "rps", alice, bob, { rated: true, graceMs: 150, turnMs: 250 });
      rooms.forEach(dropConnection);
      await sleep(700);
      assert.equal(resultsFor(roomId).length, 1);
      assert.equal(resultsFor(roomId)[0].result.reason, "abandoned");
    });

    it("a timeout racing a last move", async () => {
      const { roomId, rooms } = await startGame(server, "tictactoe", alice, bob, { rated: true, turnMs: 120 });
      const [x, o] = rooms;
      for (const [mover, cell] of [[x, 0], [o, 3], [x, 1], [o, 4]] as const) {
        mover.send("move", { cell });
        await waitForState(x, (s) => s.board[cell] !== "" || s.status !== "playing");
      }
      await sleep(500);
      x.send("move", { cell: 2 });
      await sleep(200);
      assert.equal(resultsFor(roomId).length, 1);
      rooms.forEach((r) => r.leave());
    });

    it("the store counts a second call for the same match once", async () => {
      const { roomId, rooms } = await startGame(server, "tictactoe", alice, bob);
      rooms[0].send("resign");
      await waitForState(rooms[1], (s) => s.status === "finished");
      const { result } = resultsFor(roomId)[0];
      const again = await server.store.recordResult(result);
      assert.equal(again.recorded, false);
      const profile = (await server.store.profile(alice.playerId))!;
      assert.equal(profile.stats.find((s) => s.game === "tictactoe")!.games, 1);
      rooms.forEach((r) => r.leave());
    });
  });

  describe("spectators", () => {
    it("watch by room id, are counted, and every action they send is refused", async () => {
      const { rooms } = await startGame(server, "tictactoe", alice, bob);
      const carol = await signUp(server, "carol");
      const watcher = await carol.client.joinById(rooms[0].roomId, { spectate: true });
      await waitForState(rooms[0], (s) => s.spectators === 1);
      const errors = collect(watcher, "error");
      for (const [type, payload] of [["move", { cell: 0 }], ["resign", undefined], ["rematch", undefined]] as const) {
        watcher.send(type, payload as never);
        assert.equal((await errors.next()).code, "NOT_A_PLAYER");
      }
      rooms[0].send("move", { cell: 4 });
      await waitForState(watcher, (s) => s.board[4] === "X");
      watcher.leave();
      await waitForState(rooms[0], (s) => s.spectators === 0);
      rooms.forEach((r) => r.leave());
    });
  });

  describe("rematch", () => {
    it("both ask within the window: a new room with sides swapped, rated like the first", async () => {
      const { rooms } = await startGame(server, "tictactoe", alice, bob, { rated: true });
      const [x, o] = rooms;
      o.send("resign");
      await waitForState(x, (s) => s.status === "finished");
      const offers = rooms.map((r) => collect(r, "rematch"));
      x.send("rematch");
      await waitForState(o, (s) => s.players.get(x.sessionId).wantsRematch === true);
      o.send("rematch");
      const [ra, rb] = await Promise.all(offers.map((c) => c.next()));
      const again = [await alice.client.consumeSeatReservation(ra.reservation), await bob.client.consumeSeatReservation(rb.reservation)];
      const state = await waitForState(again[0], (s) => s.status === "playing");
      assert.equal(state.rated, true);
      assert.equal(state.players.get(again[1].sessionId).mark, "X", "bob moves first now");
      assert.equal(state.players.get(again[0].sessionId).mark, "O");
      [...rooms, ...again].forEach((r) => r.leave());
    });

    it("is refused before the end, and after the opponent has left", async () => {
      const { rooms } = await startGame(server, "tictactoe", alice, bob, { rated: false });
      const [x, o] = rooms;
      const errors = collect(x, "error");
      x.send("rematch");
      assert.equal((await errors.next()).code, "REMATCH_UNAVAILABLE");
      o.send("resign");
      await waitForState(x, (s) => s.status === "finished");
      await o.leave();
      await waitForState(x, (s) => s.players.get(o.sessionId).connected === false);
      x.send("rematch");
      assert.equal((await errors.next()).code, "REMATCH_UNAVAILABLE");
      x.leave();
    });
  });

  describe("server bots", () => {
    it("a bot takes its turns with the pure rules until the game ends", async () => {
      server.store.ensureBot("bot", "Parlor Bot");
      const match = await server.createMatch("tictactoe", [{ playerId: "bot", name: "Parlor Bot", rating: 1500, bot: true }, seat(alice)], { rated: true });
      const room = await alice.client.consumeSeatReservation(match.reservations[alice.playerId] as any);
      while (room.state.status !== "finished") {
        await waitForState(room, (s) => s.turn === 1 || s.status === "finished", 3000);
        if (room.state.status === "finished") break;
        const free = [...room.state.board].findIndex((c: string) => c === "");
        const filled = room.state.board.filter((c: string) => c !== "").length;
        room.send("move", { cell: free });
        await waitForState(room, (s) => s.board.filter((c: string) => c !== "").length > filled);
      }
      const [only, ...rest] = resultsFor(match.roomId);
      assert.equal(rest.length, 0);
      assert.equal(only.result.rated, false, "games against bots are never rated");
      room.leave();
    });
  });
});
