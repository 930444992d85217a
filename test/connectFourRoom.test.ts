import assert from "node:assert/strict";
import type { Room } from "colyseus.js";
import { collect, expectError, signUp, startGame, startTestServer, waitForState, type TestGuest, type TestServer } from "./support/harness";

/** Drops pieces in `columns` alternately from seat 0, waiting for each patch before the next. */
async function drop(bySeat: [Room, Room], columns: number[]) {
  for (let i = 0; i < columns.length; i++) {
    const mover = bySeat[i % 2];
    const before = [...mover.state.board].filter((c: number) => c >= 0).length;
    mover.send("move", { column: columns[i] });
    await waitForState(bySeat[(i + 1) % 2], (s) => [...s.board].filter((c: number) => c >= 0).length === before + 1 || s.status !== "playing");
  }
}

function bySeat(rooms: [Room, Room]): [Room, Room] {
  const first = rooms.find((r) => r.state.players.get(r.sessionId).seat === 0)!;
  return [first, rooms.find((r) => r !== first)!];
}

// Connect Four is registered in one line (games/registry.ts) and played by the shared GameRoom: this plays it
// through a real server with real clients, as the other games are.
describe("Connect Four room", () => {
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

  it("drops pieces to the lowest free cell, wins with four in a column, and records a rated result with its leaderboard", async () => {
    const { roomId, rooms } = await startGame(server, "connectfour", alice, bob);
    const [red, yellow] = bySeat(rooms);
    const state = red.state;
    assert.equal(state.game, "connectfour");
    assert.equal(state.board.length, 42);
    assert.ok([...state.board].every((c: number) => c === -1));
    assert.ok(state.deadline > Date.now() + 20_000, "a 30 s move clock is running");

    await drop([red, yellow], [3, 4, 3, 4, 3, 4]);
    // Bottom row is row 5: cells 5 * 7 + column.
    assert.equal(yellow.state.board[5 * 7 + 3], 0);
    assert.equal(yellow.state.board[5 * 7 + 4], 1);
    assert.equal(yellow.state.board[3 * 7 + 3], 0);
    await drop([red, yellow], [3]);
    const final = await waitForState(yellow, (s) => s.status === "finished");
    assert.equal(final.winner, 0);
    assert.equal(final.reason, "line");
    assert.deepEqual([...final.winningLine].sort((a, b) => a - b), [2 * 7 + 3, 3 * 7 + 3, 4 * 7 + 3, 5 * 7 + 3]);

    const mine = server.results.filter((r) => r.result.matchId === roomId);
    assert.equal(mine.length, 1);
    assert.equal(mine[0].result.game, "connectfour");
    assert.deepEqual(mine[0].result.moves.map((m) => m.move), [3, 4, 3, 4, 3, 4, 3]);
    const board = await (await fetch(`${server.url}/api/leaderboard?game=connectfour`)).json();
    assert.deepEqual(board.rows.map((r: any) => r.playerId), [alice.playerId, bob.playerId]);
    rooms.forEach((r) => r.leave());
  });

  it("refuses a full column, a move out of turn and a column off the board, changing nothing", async () => {
    const { rooms } = await startGame(server, "connectfour", alice, bob);
    const [red, yellow] = bySeat(rooms);
    const redErrors = collect(red, "error");
    const yellowErrors = collect(yellow, "error");
    assert.equal((await expectError(yellow, yellowErrors, "move", { column: 0 })).code, "NOT_YOUR_TURN");
    await drop([red, yellow], [0, 0, 0, 0, 0, 0]);
    assert.equal((await expectError(red, redErrors, "move", { column: 0 })).code, "COLUMN_FULL");
    for (const payload of [{ column: 7 }, { column: -1 }]) {
      assert.equal((await expectError(red, redErrors, "move", payload)).code, "OUT_OF_RANGE", JSON.stringify(payload));
    }
    for (const payload of [{ column: 1.5 }, { column: "3" }, { cell: 3 }, {}]) {
      assert.equal((await expectError(red, redErrors, "move", payload)).code, "BAD_MESSAGE", JSON.stringify(payload));
    }
    assert.equal([...red.state.board].filter((c: number) => c >= 0).length, 6);
    assert.equal(red.state.turn, 0);
    rooms.forEach((r) => r.leave());
  });
});
