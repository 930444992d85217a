import assert from "node:assert/strict";
import type { Room } from "colyseus.js";
import { collect, type Collector, expectError, signUp, sleep, startGame, startTestServer, waitForState, type TestGuest, type TestServer } from "./support/harness";

/** Plays `cells` alternately starting with seat 0 (X); waits for each patch before the next move. */
async function play(rooms: Room[], bySeat: Room[], cells: number[]) {
  for (let i = 0; i < cells.length; i++) {
    const mover = bySeat[i % 2];
    const expected = i + 1;
    mover.send("move", { cell: cells[i] });
    await waitForState(rooms[0], (s) => s.board.filter((c: string) => c !== "").length === expected || s.status !== "playing");
  }
}

function seatOrder(rooms: [Room, Room]): [Room, Room] {
  const seat0 = rooms.find((r) => r.state.players.get(r.sessionId).seat === 0)!;
  return [seat0, rooms.find((r) => r !== seat0)!];
}

describe("tic-tac-toe room", () => {
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

  it("plays a full game to a win, highlights the line and records the result once", async () => {
    const { roomId, rooms } = await startGame(server, "tictactoe", alice, bob);
    const [x, o] = seatOrder(rooms);
    assert.equal(x.sessionId, rooms[0].sessionId, "seat 0 is the first player given to createMatch");
    const state = rooms[1].state;
    assert.equal(state.players.get(x.sessionId).mark, "X");
    assert.equal(state.players.get(o.sessionId).mark, "O");
    assert.equal(state.turn, 0);
    assert.ok(state.deadline > Date.now() + 20_000, "a 30 s turn clock is running");

    await play(rooms, [x, o], [0, 3, 1, 4, 2]);
    const final = await waitForState(rooms[1], (s) => s.status === "finished");
    assert.equal(final.winner, 0);
    assert.equal(final.reason, "line");
    assert.deepEqual([...final.winningLine], [0, 1, 2]);
    assert.equal(final.deadline, 0);

    const mine = server.results.filter((r) => r.result.matchId === roomId);
    assert.equal(mine.length, 1);
    const { result } = mine[0];
    assert.equal(result.winner, alice.playerId);
    assert.deepEqual(result.players.map((p) => p.playerId), [alice.playerId, bob.playerId]);
    assert.deepEqual(result.moves.map((m: any) => m.move), [0, 3, 1, 4, 2]);
    assert.ok(result.endedAt >= result.startedAt);
    rooms.forEach((r) => r.leave());
  });

  it("plays to a draw", async () => {
    const { roomId, rooms } = await startGame(server, "tictactoe", alice, bob);
    const [x, o] = seatOrder(rooms);
    await play(rooms, [x, o], [0, 1, 2, 4, 3, 5, 7, 6, 8]);
    const final = await waitForState(rooms[0], (s) => s.status === "finished");
    assert.equal(final.winner, -1);
    assert.equal(final.reason, "draw");
    const recorded = server.results.filter((r) => r.result.matchId === roomId);
    assert.equal(recorded.length, 1);
    assert.equal(recorded[0].result.winner, null);
    rooms.forEach((r) => r.leave());
  });

  it("ends at once on resign; the resigner loses", async () => {
    const { roomId, rooms } = await startGame(server, "tictactoe", alice, bob);
    const [x, o] = seatOrder(rooms);
    x.send("move", { cell: 4 });
    await waitForState(o, (s) => s.board[4] === "X");
    o.send("resign");
    const final = await waitForState(x, (s) => s.status === "finished");
    assert.equal(final.reason, "resign");
    assert.equal(final.winner, 0);
    assert.equal(server.results.filter((r) => r.result.matchId === roomId).length, 1);
    rooms.forEach((r) => r.leave());
  });

  it("sends each accepted move as a patch at once, well inside one 50 ms patch tick", async () => {
    const { rooms } = await startGame(server, "tictactoe", alice, bob);
    const [x, o] = seatOrder(rooms);
    // Several moves in a row: each is seen by the opponent long before a patch tick would send it.
    const cells = [0, 4, 8, 2];
    const gaps: number[] = [];
    for (let i = 0; i < cells.length; i++) {
      const mover = i % 2 === 0 ? x : o;
      const other = i % 2 === 0 ? o : x;
      const sent = performance.now();
      mover.send("move", { cell: cells[i] });
      await waitForState(other, (s) => s.board[cells[i]] !== "");
      gaps.push(performance.now() - sent);
    }
    // Not a timing target: only the behaviour "no patch tick". With a 50 ms tick, the median would sit near 25 ms.
    gaps.sort((a, b) => a - b);
    assert.ok(gaps[1] < 25, `median move round trip ${gaps[1].toFixed(1)} ms suggests moves wait for a patch tick`);
    rooms.forEach((r) => r.leave());
  });

  describe("rejects bad messages with an error and no change", () => {
    let rooms: [Room, Room];
    let x: Room;
    let o: Room;
    let xErrors: Collector;
    let oErrors: Collector;

    beforeEach(async () => {
      ({ rooms } = await startGame(server, "tictactoe", alice, bob));
      [x, o] = seatOrder(rooms);
      xErrors = collect(x, "error");
      oErrors = collect(o, "error");
      x.send("move", { cell: 4 });
      await waitForState(o, (s) => s.board[4] === "X");
    });
    afterEach(() => rooms.forEach((r) => r.leave()));

    const snapshot = (room: Room) => JSON.stringify({ board: [...room.state.board], turn: room.state.turn, status: room.state.status });

    async function rejected(room: Room, errors: Collector, type: string, payload: unknown, code: string) {
      const before = snapshot(o);
      const error = await expectError(room, errors, type, payload);
      assert.equal(error.code, code, `${type} ${JSON.stringify(payload)}: ${error.message}`);
      assert.ok(error.message.length > 5);
      // A legal move from the right player still works afterwards, so the room is consistent.
      await sleep(20);
      assert.equal(snapshot(o), before);
    }

    it("out of turn", () => rejected(x, xErrors, "move", { cell: 0 }, "NOT_YOUR_TURN"));
    it("a taken cell", () => rejected(o, oErrors, "move", { cell: 4 }, "CELL_TAKEN"));
    it("bad shape", () => rejected(o, oErrors, "move", { square: 1 }, "BAD_MESSAGE"));
    it("bad type", () => rejected(o, oErrors, "move", { cell: "1" }, "BAD_MESSAGE"));
    it("not an integer", () => rejected(o, oErrors, "move", { cell: 1.5 }, "BAD_MESSAGE"));
    it("no payload", () => rejected(o, oErrors, "move", undefined, "BAD_MESSAGE"));
    it("extra fields", () => rejected(o, oErrors, "move", { cell: 1, evil: true }, "BAD_MESSAGE"));
    it("out of range", async () => {
      await rejected(o, oErrors, "move", { cell: 9 }, "OUT_OF_RANGE");
      await rejected(o, oErrors, "move", { cell: -1 }, "OUT_OF_RANGE");
    });
    it("an unknown type", () => rejected(o, oErrors, "teleport", { cell: 1 }, "UNKNOWN_TYPE"));
    it("a choose message in tic-tac-toe", () => rejected(o, oErrors, "choose", { hand: "rock" }, "UNKNOWN_TYPE"));
    it("a resign with a payload", () => rejected(o, oErrors, "resign", { now: 1 }, "BAD_MESSAGE"));

    it("the game being over", async () => {
      o.send("resign");
      await waitForState(x, (s) => s.status === "finished");
      await rejected(x, xErrors, "move", { cell: 0 }, "GAME_OVER");
      await rejected(o, oErrors, "resign", undefined, "GAME_OVER");
    });

    it("then accepts a legal move", async () => {
      await expectError(o, oErrors, "move", { cell: 4 });
      o.send("move", { cell: 0 });
      await waitForState(x, (s) => s.board[0] === "O" && s.turn === 0);
    });
  });
});
