import assert from "node:assert/strict";
import type { Room } from "colyseus.js";
import { collect, type Collector, expectError, signUp, sleep, startGame, startTestServer, waitForState, type TestGuest, type TestServer } from "./support/harness";

/** Records every raw frame a client receives from now on. */
function tapFrames(room: Room): Buffer[] {
  const frames: Buffer[] = [];
  const ws = (room.connection as any).transport.ws;
  const original = ws.onmessage;
  ws.onmessage = (event: MessageEvent) => {
    frames.push(Buffer.from(event.data as ArrayBuffer));
    original(event);
  };
  return frames;
}

const rounds = (room: Room) => room.state.rounds.length;

describe("rock-paper-scissors room", () => {
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

  async function playRound(rooms: [Room, Room], hands: [string, string]) {
    const before = rounds(rooms[0]);
    rooms[0].send("choose", { hand: hands[0] });
    rooms[1].send("choose", { hand: hands[1] });
    await waitForState(rooms[0], (s) => s.rounds.length > before || s.status !== "playing");
    await waitForState(rooms[1], (s) => s.rounds.length > before || s.status !== "playing");
  }

  it("plays a match to two round wins, replaying a tied round", async () => {
    const { roomId, rooms } = await startGame(server, "rps", alice, bob);
    const [a, b] = rooms;
    assert.equal(a.state.winsNeeded, 2);
    assert.equal(a.state.turn, -1, "both act in a round");
    await playRound(rooms, ["rock", "scissors"]);
    await playRound(rooms, ["paper", "paper"]);
    assert.equal(a.state.status, "playing");
    assert.equal(a.state.round, 3);
    await playRound(rooms, ["scissors", "paper"]);
    const final = await waitForState(b, (s) => s.status === "finished");
    assert.equal(final.winner, 0);
    assert.equal(final.reason, "rounds");
    assert.equal(final.players.get(a.sessionId).score, 2);
    assert.equal(final.players.get(b.sessionId).score, 0);
    assert.deepEqual(
      final.rounds.map((r: any) => [r.hand0, r.hand1, r.winner]),
      [["rock", "scissors", 0], ["paper", "paper", -1], ["scissors", "paper", 0]],
    );
    const recorded = server.results.filter((r) => r.result.matchId === roomId);
    assert.equal(recorded.length, 1);
    assert.equal(recorded[0].result.winner, alice.playerId);
    assert.equal(recorded[0].result.moves.length, 6);
    rooms.forEach((r) => r.leave());
  });

  it("ends in a draw when the round cap is reached level", async () => {
    const { rooms } = await startGame(server, "rps", alice, bob, { rated: true, ruleOptions: { winsNeeded: 2, maxRounds: 3 } });
    await playRound(rooms, ["rock", "rock"]);
    await playRound(rooms, ["rock", "paper"]);
    await playRound(rooms, ["rock", "scissors"]);
    const final = await waitForState(rooms[0], (s) => s.status === "finished");
    assert.equal(final.reason, "draw");
    assert.equal(final.winner, -1);
    rooms.forEach((r) => r.leave());
  });

  it("hides a choice from the opponent and spectators until the reveal", async () => {
    const { rooms } = await startGame(server, "rps", alice, bob);
    const [a, b] = rooms;
    const carol = await signUp(server, "carol");
    const watcher = await carol.client.joinById(a.roomId, { spectate: true });
    await waitForState(watcher, (s) => s.status === "playing");
    const bFrames = tapFrames(b);
    const watcherFrames = tapFrames(watcher);

    a.send("choose", { hand: "scissors" });
    await waitForState(a, (s) => s.players.get(a.sessionId).hand === "scissors");
    await waitForState(b, (s) => s.players.get(a.sessionId).chosen === true);
    await waitForState(watcher, (s) => s.players.get(a.sessionId).chosen === true);
    await sleep(30);

    // Decoded as the opponent's client and as a spectator: the hand is not there.
    for (const room of [b, watcher]) {
      const seen = room.state.players.get(a.sessionId);
      assert.equal(seen.chosen, true, "that a choice was made is public");
      assert.ok(!seen.hand, `hand leaked: ${seen.hand}`);
      assert.ok(!JSON.stringify(room.state.toJSON()).includes("scissors"));
    }
    // Nor in any byte that reached them.
    for (const frames of [bFrames, watcherFrames]) {
      assert.ok(frames.length > 0, "the patch saying a choice was made did arrive");
      for (const frame of frames) assert.ok(!frame.includes(Buffer.from("scissors")), "the hand travelled on the wire");
    }

    b.send("choose", { hand: "rock" });
    const revealed = await waitForState(watcher, (s) => s.rounds.length === 1);
    assert.equal(revealed.rounds[0].hand0, "scissors");
    assert.equal(revealed.rounds[0].hand1, "rock");
    assert.equal(revealed.rounds[0].winner, 1);
    await waitForState(b, (s) => s.players.get(a.sessionId).chosen === false);
    [a, b, watcher].forEach((r) => r.leave());
  });

  describe("rejects bad messages with an error and no change", () => {
    let rooms: [Room, Room];
    let errors: Collector;
    beforeEach(async () => {
      ({ rooms } = await startGame(server, "rps", alice, bob));
      errors = collect(rooms[0], "error");
    });
    afterEach(() => rooms.forEach((r) => r.leave()));

    async function rejected(type: string, payload: unknown, code: string) {
      const before = JSON.stringify(rooms[0].state.toJSON());
      const error = await expectError(rooms[0], errors, type, payload);
      assert.equal(error.code, code, error.message);
      await sleep(20);
      assert.equal(JSON.stringify(rooms[0].state.toJSON()), before);
    }

    it("choosing twice", async () => {
      rooms[0].send("choose", { hand: "rock" });
      await waitForState(rooms[0], (s) => s.players.get(rooms[0].sessionId).chosen);
      await rejected("choose", { hand: "paper" }, "ALREADY_CHOSEN");
      assert.equal(rooms[0].state.players.get(rooms[0].sessionId).hand, "rock");
    });
    it("an unknown hand", () => rejected("choose", { hand: "lizard" }, "BAD_MESSAGE"));
    it("a wrong type", () => rejected("choose", { hand: 1 }, "BAD_MESSAGE"));
    it("bad shape", () => rejected("choose", ["rock"], "BAD_MESSAGE"));
    it("a move message in RPS", () => rejected("move", { cell: 1 }, "UNKNOWN_TYPE"));
    it("the match being over", async () => {
      rooms[1].send("resign");
      await waitForState(rooms[0], (s) => s.status === "finished");
      await rejected("choose", { hand: "rock" }, "GAME_OVER");
    });
  });

  describe("round clock", () => {
    it("a player who chose beats one who did not", async () => {
      const { roomId, rooms } = await startGame(server, "rps", alice, bob, { rated: true, turnMs: 300 });
      rooms[1].send("choose", { hand: "paper" });
      const final = await waitForState(rooms[0], (s) => s.status === "finished", 3000);
      assert.equal(final.reason, "timeout");
      assert.equal(final.winner, 1);
      assert.equal(server.results.filter((r) => r.result.matchId === roomId).length, 1);
      rooms.forEach((r) => r.leave());
    });

    it("when neither chooses, the leader wins; level is a draw", async () => {
      const level = await startGame(server, "rps", alice, bob, { rated: true, turnMs: 300 });
      const draw = await waitForState(level.rooms[0], (s) => s.status === "finished", 3000);
      assert.equal(draw.reason, "timeout");
      assert.equal(draw.winner, -1);
      level.rooms.forEach((r) => r.leave());

      const ahead = await startGame(server, "rps", alice, bob, { rated: true, turnMs: 400 });
      await playRound(ahead.rooms, ["paper", "rock"]);
      const won = await waitForState(ahead.rooms[0], (s) => s.status === "finished", 3000);
      assert.equal(won.reason, "timeout");
      assert.equal(won.winner, 0);
      ahead.rooms.forEach((r) => r.leave());
    });
  });
});

describe("rock-paper-scissors room with a long match", () => {
  let fast: TestServer;
  before(async () => {
    fast = await startTestServer({ messagesPerSecond: 1000 });
  });
  after(() => fast.close());

  async function playRound(rooms: [Room, Room], hands: [string, string]) {
    const before = rounds(rooms[0]);
    rooms[0].send("choose", { hand: hands[0] });
    rooms[1].send("choose", { hand: hands[1] });
    await waitForState(rooms[0], (s) => s.rounds.length > before || s.status !== "playing");
    await waitForState(rooms[1], (s) => s.rounds.length > before || s.status !== "playing");
  }

  it("a state larger than the room's encoder buffer still reaches players and a new spectator whole", async () => {
    // Game rooms encode into 2 KB buffers (GAME_STATE_BUFFER_BYTES); 120 revealed rounds take about 3 KB.
    const [x, y, watcherGuest] = [await signUp(fast, "x"), await signUp(fast, "y"), await signUp(fast, "w")];
    const { rooms } = await startGame(fast, "rps", x, y, { rated: false, ruleOptions: { winsNeeded: 100, maxRounds: 199 } });
    for (let i = 0; i < 120; i++) await playRound(rooms, ["paper", "paper"]);
    assert.equal(rooms[1].state.rounds.length, 120);
    const watcher = await watcherGuest.client.joinById(rooms[0].roomId, { spectate: true });
    const seen = await waitForState(watcher, (s) => s.rounds?.length === 120);
    assert.equal(seen.status, "playing");
    assert.equal(seen.players.size, 2);
    assert.ok(seen.rounds.every((r: any) => r.hand0 === "paper" && r.hand1 === "paper" && r.winner === -1));
    await playRound(rooms, ["rock", "scissors"]);
    await waitForState(watcher, (s) => s.rounds.length === 121 && s.rounds[120].winner === 0);
    [...rooms, watcher].forEach((r) => r.leave());
  });
});
