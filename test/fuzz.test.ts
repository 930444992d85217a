import assert from "node:assert/strict";
import type { Room } from "colyseus.js";
import { HANDS, roundWinner, type Hand } from "../games/rps";
import { LINES } from "../games/ticTacToe";
import { seededRandom } from "../loadtest/seededRandom";
import { signUp, sleep, startGame, startTestServer, subscribe, waitForState, type TestServer } from "./support/harness";


const TYPES = ["move", "choose", "resign", "rematch", "queue", "queue:botfill", "cancel", "private:create", "private:join", "subscribe", "unsubscribe", "", "x".repeat(40), "__proto__", "constructor"];

function randomValue(random: () => number, depth = 0): unknown {
  const pick = Math.floor(random() * 12);
  switch (pick) {
    case 0: return null;
    case 1: return undefined;
    case 2: return random() < 0.5;
    case 3: return Math.floor(random() * 40) - 20;
    case 4: return random() * 1e9 - 5e8;
    case 5: return [NaN, Infinity, -Infinity, -0, 2 ** 53, -(2 ** 63)][Math.floor(random() * 6)];
    case 6: return ["rock", "paper", "scissors", "lizard", "", "tictactoe", "rps", "AAAAA", "\u0000", "💥".repeat(20)][Math.floor(random() * 10)];
    case 7: return depth > 2 ? [] : Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
    case 8:
    case 9: {
      if (depth > 2) return {};
      const keys = ["cell", "hand", "game", "code", "rated", "vsBot", "botFill", "enabled", "listed", "__proto__", "seat", "constructor"];
      const obj: Record<string, unknown> = {};
      for (let i = Math.floor(random() * 3); i >= 0; i--) obj[keys[Math.floor(random() * keys.length)]] = randomValue(random, depth + 1);
      return obj;
    }
    case 10: return { cell: Math.floor(random() * 14) - 3 };
    default: return { hand: [...HANDS, "ROCK", 1][Math.floor(random() * 5)] };
  }
}

function randomBytes(random: () => number, max: number): Buffer {
  return Buffer.from(Array.from({ length: Math.floor(random() * max) }, () => Math.floor(random() * 256)));
}

/** One fuzz frame: raw garbage, a room-data header with garbage msgpack, or a well-formed message with odd values. */
function fuzz(room: Room, random: () => number): boolean {
  const socket = (room.connection as any).transport.ws;
  if (socket.readyState !== 1) return false;
  fuzzFrame(room, socket, random);
  return true;
}

function fuzzFrame(room: Room, socket: any, random: () => number) {
  const kind = random();
  if (kind < 0.2) return socket.send(randomBytes(random, 64));
  if (kind < 0.4) {
    const type = Buffer.from(TYPES[Math.floor(random() * 8)]);
    return socket.send(Buffer.concat([Buffer.from([13, 0xa0 | type.length]), type, randomBytes(random, 24)]));
  }
  if (kind < 0.45) return socket.send(Buffer.from([[10, 12, 14, 16, 20][Math.floor(random() * 5)], ...randomBytes(random, 8)]));
  try {
    room.send(TYPES[Math.floor(random() * TYPES.length)], randomValue(random) as never);
  } catch {
    // The client library refused to encode it; nothing was sent.
  }
}

function assertTicTacToeConsistent(state: any) {
  const board: string[] = [...state.board];
  const x = board.filter((c) => c === "X").length;
  const o = board.filter((c) => c === "O").length;
  assert.ok(x - o === 0 || x - o === 1, `X ${x}, O ${o}`);
  const lines = LINES.filter(([a, b, c]) => board[a] !== "" && board[a] === board[b] && board[a] === board[c]);
  if (state.status === "playing") {
    assert.equal(lines.length, 0, "a finished board is still playing");
    assert.equal(state.turn, x === o ? 0 : 1);
  }
  if (state.reason === "line") assert.deepEqual([...state.winningLine], [...lines[0]]);
}

function assertRpsConsistent(state: any) {
  const score = [0, 0];
  for (const round of state.rounds) {
    const winner = roundWinner(round.hand0 as Hand, round.hand1 as Hand);
    assert.equal(round.winner, winner ?? -1);
    if (winner !== null) score[winner]++;
  }
  for (const player of state.players.values()) assert.equal(player.score, score[player.seat]);
  if (state.status === "playing") assert.ok(score[0] < state.winsNeeded && score[1] < state.winsNeeded);
}

describe("fuzzing every room type", function () {
  this.timeout(60_000);
  let server: TestServer;
  const totals = { sent: 0, reconnects: 0 };
  before(async () => {
    server = await startTestServer({ messagesPerSecond: 1000, graceMs: 2000 });
  });
  after(() => server.close());

  async function alive() {
    const res = await fetch(`${server.url}/healthz`);
    assert.equal(res.status, 200, "the server is up");
  }

  for (const game of ["tictactoe", "rps"] as const) {
    it(`${game}: garbage, random msgpack and wrong values leave the server up and the game consistent`, async () => {
      const random = seededRandom(game === "tictactoe" ? 1 : 2);
      for (let round = 0; round < 6; round++) {
        const a = await signUp(server, `fuzz${round}`);
        const b = await signUp(server, `honest${round}`);
        const { roomId, rooms } = await startGame(server, game, a, b);
        let [fuzzer] = rooms;
        const honest = rooms[1];
        let sent = 0;
        let reconnects = 0;
        while (sent < 150) {
          if (fuzz(fuzzer, random)) sent++;
          else {
            // Dropped for a bad frame: once the server holds the seat, come back within the grace and go on.
            const sessionId = fuzzer.sessionId;
            const seen = await waitForState(honest, (s) => s.status !== "playing" || s.players.get(sessionId).connected === false);
            if (seen.status !== "playing") break;
            fuzzer = await a.client.reconnect(fuzzer.reconnectionToken);
            reconnects++;
          }
          if (sent % 10 === 0) await sleep(2);
        }
        totals.sent += sent;
        totals.reconnects += reconnects;
        await sleep(100);
        await alive();
        const state = honest.state;
        (game === "tictactoe" ? assertTicTacToeConsistent : assertRpsConsistent)(state);
        if (state.status === "playing") {
          // The honest player can still play a legal move and see it.
          if (game === "tictactoe") {
            const seat = state.players.get(honest.sessionId).seat;
            if (state.turn === seat) {
              const free = [...state.board].findIndex((c: string) => c === "");
              honest.send("move", { cell: free });
              await waitForState(honest, (s) => s.board[free] !== "" || s.status !== "playing");
            }
          } else if (!state.players.get(honest.sessionId).chosen) {
            honest.send("choose", { hand: "rock" });
            await waitForState(honest, (s) => s.players.get(honest.sessionId).chosen || s.rounds.length > state.rounds.length || s.status !== "playing");
          }
          (game === "tictactoe" ? assertTicTacToeConsistent : assertRpsConsistent)(honest.state);
        }
        honest.send("resign");
        await waitForState(honest, (s) => s.status === "finished", 5000);
        assert.equal(server.results.filter((r) => r.result.matchId === roomId).length, 1, "recorded exactly once");
        [fuzzer, honest].forEach((r) => r.leave());
      }
      assert.ok(totals.sent >= 300, `only ${totals.sent} frames reached the server`);
    });
  }

  it("lobby: garbage leaves it serving and its queues consistent", async () => {
    const random = seededRandom(3);
    const f = await signUp(server, "lobbyfuzz");
    const lobby = await f.client.joinOrCreate("lobby");
    for (let i = 0; i < 400; i++) {
      fuzz(lobby, random);
      if (i % 25 === 0) await sleep(5);
    }
    await sleep(300);
    await alive();
    const p = await signUp(server, "lobbyhonest");
    const other = await p.client.joinOrCreate("lobby");
    const queued = new Promise<any>((resolve) => other.onMessage("queued", resolve));
    other.send("queue", { game: "rps" });
    const q = await queued;
    assert.ok(q.position >= 1);
    const counts = await subscribe(other, "counts").until(() => true);
    for (const count of Object.values(counts.queues) as number[]) assert.ok(count >= 0 && count <= 2);
    other.send("cancel");
    lobby.leave();
    other.leave();
  });

  it("the database still adds up", async () => {
    assert.ok(totals.reconnects > 0, "some frames were bad enough to drop the fuzzer, which came back");
    assert.deepEqual((await server.store.checkStatsInvariant()).problems, []);
  });
});
