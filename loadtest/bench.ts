/**
 * npm run bench: Parlor against the physical limits of this machine, measured in one run.
 *
 * The servers run in this process; one load generator runs in a child process (so each has a core) and
 * drives every target the same way: a fixed number of request/response loops for a fixed time.
 * Printed ratios compare Parlor with the bare rooms measured minutes apart on the same machine,
 * which is what makes them meaningful on a noisy box.
 */
import { fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { matchMaker, Room } from "@colyseus/core";
import { MapSchema, Schema, type } from "@colyseus/schema";
import { Client } from "colyseus.js";
import WebSocket, { WebSocketServer } from "ws";
import { applyMove, initialState, legalMoves, outcome, seatToMove, type ConnectFourState } from "../games/connectFour";
import { DEFAULT_NODE_BUDGET, searchConnectFour } from "../games/connectFourBot";
import { GAMES, type GameName } from "../games/registry";
import type { Seat } from "../games/types";
import { pairWaiting, type Ticket } from "../lobby/pairing";
import { GameRoom } from "../rooms/GameRoom";
import { startParlor } from "../server/app";
import { openSqliteStore } from "../store/sqlite";
import { benchLobbyFanout, benchLobbyIdle, printFanout, printIdle } from "./lobbyBench";
import { percentile } from "./run";
import { benchMovesWhileGamesEnd, benchResultWrites, printMovesWhileGamesEnd, printResultWrites, rpsMoves, type EndsTask } from "./storeBench";
import { seededRandom } from "./seededRandom";

const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 5) * 1000;
const SENDERS = Number(process.env.BENCH_SENDERS ?? 50);
const LEADERBOARD_PLAYERS = Number(process.env.BENCH_PLAYERS ?? 1_000_000);
/** Games each Parlor sender plays, all joined before timing starts. */
const GAMES_PER_SENDER = Number(process.env.BENCH_GAMES ?? 12);

interface LoopResult {
  count: number;
  elapsedMs: number;
  latencies: number[];
  /** The generator's own CPU over the timed part, in % of one core: near 100 means the generator, not the server, is the limit. */
  generatorCpuPercent?: number;
  /** The server's (this process's) CPU over the timed part, in % of one core. */
  serverCpuPercent?: number;
}

/** BENCH_ONLY=moves,heap,lobby,rest runs only those parts (default: all). */
const ONLY = process.env.BENCH_ONLY?.split(",");
const want = (part: "moves" | "heap" | "lobby" | "rest") => !ONLY || ONLY.includes(part);

/** CPU of this process since `since`, in % of one core over `ms`. */
function cpuPercent(since: NodeJS.CpuUsage, ms: number): number {
  const used = process.cpuUsage(since);
  return ((used.user + used.system) / 1000 / ms) * 100;
}

// ---- bare targets ----

class EchoRoom extends Room {
  maxClients = 2;
  onCreate() {
    this.onMessage("ping", (client, n) => client.send("pong", n));
  }
}

class CounterState extends Schema {
  @type({ map: "uint32" }) counters = new MapSchema<number>();
}

class PatchRoom extends Room<CounterState> {
  maxClients = 2;
  onCreate() {
    this.setState(new CounterState());
    this.setPatchRate(null);
    this.onMessage("inc", (client) => {
      this.state.counters.set(client.sessionId, (this.state.counters.get(client.sessionId) ?? 0) + 1);
      this.broadcastPatch();
    });
  }
  onJoin(client: { sessionId: string }) {
    this.state.counters.set(client.sessionId, 0);
    this.broadcastPatch();
  }
}

// ---- the load generator (child process) ----

async function closedLoop(senders: number, durationMs: number, open: (i: number) => Promise<() => Promise<void>>): Promise<LoopResult> {
  const ops = await Promise.all(Array.from({ length: senders }, (_, i) => open(i)));
  const latencies: number[] = [];
  let count = 0;
  process.send?.({ type: "timing" });
  const cpu = process.cpuUsage();
  const start = performance.now();
  const end = start + durationMs;
  await Promise.all(
    ops.map(async (op) => {
      while (performance.now() < end) {
        const t = performance.now();
        await op();
        latencies.push(performance.now() - t);
        count++;
      }
    }),
  );
  const elapsedMs = performance.now() - start;
  process.send?.({ type: "timed" });
  return { count, elapsedMs, latencies, generatorCpuPercent: cpuPercent(cpu, elapsedMs) };
}

interface GeneratorTask {
  kind: string;
  url: string;
  senders: number;
  durationMs: number;
  /** A player token: Parlor's front door reserves no seat without one, bare bench rooms included. */
  token?: string;
  /** For "idle": bare flushed-patch rooms to create and sit in, two clients each. */
  bareRooms?: number;
  /** For "parlor": each sender's matches, created by the server before the run. */
  matches?: { seats: { token: string; reservation: unknown }[] }[][];
}

async function generator(task: GeneratorTask): Promise<LoopResult> {
  if (task.kind === "rps-moves") return rpsMoves(task as unknown as EndsTask);
  if (task.kind === "ws-echo") {
    return closedLoop(task.senders, task.durationMs, async () => {
      const socket = new WebSocket(task.url);
      await new Promise((r) => socket.once("open", r));
      return () =>
        new Promise<void>((resolve) => {
          socket.once("message", () => resolve());
          socket.send("ping");
        });
    });
  }
  if (task.kind === "colyseus-echo" || task.kind === "colyseus-patch") {
    const room = task.kind === "colyseus-echo" ? "bench_echo" : "bench_patch";
    return closedLoop(task.senders, task.durationMs, async () => {
      // Two clients a room, as in a game; only the first sends.
      const [first, second] = [new Client(task.url), new Client(task.url)];
      first.auth.token = second.auth.token = task.token!;
      const sender = await first.create(room);
      await second.joinById(sender.roomId);
      if (task.kind === "colyseus-echo") {
        let resolve: () => void = () => {};
        sender.onMessage("pong", () => resolve());
        return () => new Promise<void>((r) => ((resolve = r), sender.send("ping", 1)));
      }
      let waiting: (() => void) | null = null;
      let expected = 0;
      sender.onStateChange((s: any) => {
        if (waiting && s.counters.get(sender.sessionId) >= expected) {
          const w = waiting;
          waiting = null;
          w();
        }
      });
      return () => new Promise<void>((r) => ((waiting = r), (expected = (sender.state as any).counters.get(sender.sessionId) + 1), sender.send("inc")));
    });
  }
  // Parlor: pairs of clients seated in real game rooms (tic-tac-toe, or Connect Four) by the server, as the lobby would seat them, all
  // joined before timing starts (as the bare rooms are). Each sender plays its games one after another; players
  // move alternately with no think time, and each move is timed from sending it until the mover sees its own patch.
  if (task.kind === "idle") {
    // Join every seat, report, and sit still until released: the server's heap is measured meanwhile.
    const rooms: any[] = [];
    for (let i = 0; i < (task.bareRooms ?? 0); i++) {
      const [first, second] = [new Client(task.url), new Client(task.url)];
      first.auth.token = second.auth.token = task.token!;
      rooms.push(await first.create("bench_patch"));
      rooms.push(await second.joinById(rooms[rooms.length - 1].roomId));
    }
    // Twenty at a time, for the same reason as below.
    const seats = task.matches!.flat().flatMap((m) => m.seats);
    await Promise.all(
      Array.from({ length: 20 }, async (_, lane) => {
        for (let i = lane; i < seats.length; i += 20) {
          const client = new Client(task.url);
          client.auth.token = seats[i].token;
          rooms.push(await client.consumeSeatReservation(seats[i].reservation as never));
        }
      }),
    );
    await new Promise<void>((resolve) => {
      process.on("message", (m: any) => m.type === "release" && resolve());
      process.send!({ type: "joined", clients: rooms.length });
    });
    await Promise.all(rooms.map((r) => r.leave().catch(() => {})));
    return { count: rooms.length, elapsedMs: 0, latencies: [] };
  }
  const matches: { seats: { token: string; reservation: unknown }[] }[][] = task.matches!;
  // Every game is joined at once (its two seats in order): joined one by one, the last seats could outlive their
  // reservations (15 s) on a busy machine.
  const games: any[][][] = await Promise.all(
    matches.map((senderMatches) =>
      Promise.all(
        senderMatches.map(async (m) => {
          const rooms = [];
          for (const seat of m.seats) {
            const client = new Client(task.url);
            client.auth.token = seat.token;
            rooms.push(await client.consumeSeatReservation(seat.reservation as never));
          }
          return rooms;
        }),
      ),
    ),
  );
  const latencies: number[] = [];
  let count = 0;
  process.send!({ type: "timing" });
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    games.map(async (senderGames) => {
      for (const rooms of senderGames) {
        const waiters = rooms.map(() => null as null | (() => void));
        rooms.forEach((room, i) =>
          room.onStateChange(() => {
            const w = waiters[i];
            waiters[i] = null;
            w?.();
          }),
        );
        const changed = (i: number) => new Promise<void>((r) => (waiters[i] = r));
        for (let i = 0; i < rooms.length; i++) {
          while (rooms[i].state.status !== "playing" || !rooms[i].state.players?.get(rooms[i].sessionId)) await changed(i);
        }
        while (rooms[0].state.status === "playing") {
          const seat = rooms[0].state.turn as Seat;
          const mover = rooms.findIndex((r) => r.state.players.get(r.sessionId).seat === seat);
          // Any turn-based registered game: its definition gives a legal move and says when a state shows it.
          const game = GAMES[rooms[mover].state.game as GameName];
          const move = game.client.randomMove(rooms[mover].state, seat, Math.random)!;
          const t = performance.now();
          rooms[mover].send(game.move.type, move.payload);
          while (!move.played(rooms[mover].state)) await changed(mover);
          latencies.push(performance.now() - t);
          count++;
          // The other player's view must show it too before it moves.
          while (!move.played(rooms[1 - mover].state)) await changed(1 - mover);
        }
        // Both leave, as players do: the room's end and disposal happen during the run, beside the other games.
        for (const room of rooms) room.leave().catch(() => {});
      }
    }),
  );
  const elapsedMs = performance.now() - start;
  const generatorCpuPercent = cpuPercent(cpu, elapsedMs);
  // Before the rooms are left: the server's profile and CPU cover the moves, not the teardown.
  process.send!({ type: "timed" });
  for (const rooms of games.flat()) rooms.forEach((r: any) => r.leave().catch(() => {}));
  return { count, elapsedMs, latencies, generatorCpuPercent };
}

// ---- measurements in this process ----

let timingStarted: (() => void) | null = null;
let timingEnded: (() => void) | null = null;

function runGenerator(task: GeneratorTask, onJoined?: (release: () => void) => void): Promise<LoopResult> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ["--generator"], { execArgv: ["--require", "tsx/cjs"] });
    let cpu = process.cpuUsage();
    let t = performance.now();
    let serverCpuPercent = NaN;
    let result: LoopResult | null = null;
    child.send({ type: "task", task });
    child.on("message", (m: any) => {
      if (m.type === "joined") onJoined?.(() => child.send({ type: "release" }));
      if (m.type === "timing") [(cpu = process.cpuUsage()), (t = performance.now()), timingStarted?.()];
      if (m.type === "timed") [(serverCpuPercent = cpuPercent(cpu, performance.now() - t)), timingEnded?.()];
      if (m.type === "result") result = { ...m, serverCpuPercent };
      else if (m.type === "error") reject(new Error(m.error));
    });
    // Once the child has gone, its sockets are closed: the next row starts clean.
    child.once("exit", (code) => (code === 0 && result ? resolve(result) : reject(new Error(`generator exited with ${code}`))));
  });
}

function summary(name: string, r: LoopResult) {
  return {
    name,
    perSecond: (r.count / r.elapsedMs) * 1000,
    p50: percentile(r.latencies, 50),
    p99: percentile(r.latencies, 99),
    generatorCpu: r.generatorCpuPercent ?? NaN,
    serverCpu: r.serverCpuPercent ?? NaN,
    /** Server CPU per operation: what the server pays, whatever the generator can drive. */
    serverUsPerOp: ((r.serverCpuPercent ?? NaN) / 100) * (r.elapsedMs * 1000) / r.count,
  };
}

function timeIt(iterations: number, fn: (i: number) => void): number[] {
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    fn(i);
    samples.push(performance.now() - t);
  }
  return samples;
}


function benchPairing() {
  const random = seededRandom(7);
  const now = 1_000_000;
  const tickets: Ticket[] = Array.from({ length: 10_000 }, (_, i) => ({
    playerId: `p${i}`,
    rating: 800 + random() * 1800,
    since: now - random() * 20_000,
  }));
  const samples = timeIt(20, () => pairWaiting(tickets, now));
  return { ticketsPerSecond: 10_000 / (percentile(samples, 50) / 1000), p50Ms: percentile(samples, 50), pairs: pairWaiting(tickets, now).pairs.length };
}

/**
 * Time the Connect Four bot blocks the event loop for, one search per move, over the positions of real games:
 * bot against bot, each opening with a few random moves so that the games differ. The first games warm the JIT
 * up and are not timed (a server's bot is warm after its first few moves). On a shared machine the tail
 * also holds time the process was not running at all.
 */
function benchConnectFourBot(games = 200, warmupGames = 10) {
  const random = seededRandom(11);
  const samples: number[] = [];
  const depths: number[] = [];
  for (let game = 0; game < warmupGames + games; game++) {
    let state: ConnectFourState = initialState();
    const randomOpening = Math.floor(random() * 5);
    while (outcome(state).kind === "ongoing") {
      let column: number;
      if (state.moves.length < randomOpening) {
        const columns = legalMoves(state);
        column = columns[Math.floor(random() * columns.length)];
      } else {
        const start = performance.now();
        const search = searchConnectFour(state);
        const ms = performance.now() - start;
        if (game >= warmupGames) [samples.push(ms), depths.push(search.depth)];
        column = search.moves[Math.floor(random() * search.moves.length)];
      }
      const next = applyMove(state, seatToMove(state), column);
      if (!next.ok) throw new Error(`bot move ${column} refused: ${next.error.code}`);
      state = next.state;
    }
  }
  return {
    moves: samples.length,
    nodeBudget: DEFAULT_NODE_BUDGET,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    max: Math.max(...samples),
    depthP50: percentile(depths, 50),
  };
}

function printConnectFourBot(bot: ReturnType<typeof benchConnectFourBot>) {
  console.log(
    `Connect four bot move (${bot.nodeBudget.toLocaleString()} nodes at most): p50 ${bot.p50.toFixed(2)} ms, p99 ${bot.p99.toFixed(2)} ms, max ${bot.max.toFixed(2)} ms over ${bot.moves.toLocaleString()} moves of bot games, median depth ${bot.depthP50} plies`,
  );
}

async function benchLeaderboard(dir: string) {
  const file = path.join(dir, "board.db");
  const store = openSqliteStore({ file });
  store.close();
  // Bulk-load synthetic players straight into the tables the store reads.
  const Database = require("better-sqlite3");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  const random = seededRandom(11);
  const insertPlayer = db.prepare("INSERT INTO players (id, name, is_bot, created_at) VALUES (?, ?, 0, 0)");
  const insertStats = db.prepare(
    "INSERT INTO player_stats (player_id, game, rating, deviation, volatility, wins, losses, draws, games, ranked) VALUES (?, 'tictactoe', ?, 80, 0.06, 5, 5, 0, 10, 1)",
  );
  const t0 = performance.now();
  db.transaction(() => {
    for (let i = 0; i < LEADERBOARD_PLAYERS; i++) {
      const id = `s${i.toString(36)}`;
      insertPlayer.run(id, id);
      insertStats.run(id, 1500 + (random() - 0.5) * 800);
    }
  })();
  db.exec("ANALYZE");
  db.close();
  const board = openSqliteStore({ file });
  await board.rebuildRankBuckets();
  const loadSeconds = (performance.now() - t0) / 1000;
  board.leaderboard("tictactoe", 50, 0);
  const top = timeIt(2000, () => board.leaderboard("tictactoe", 50, 0));
  const ids = Array.from({ length: 2000 }, () => `s${Math.floor(random() * LEADERBOARD_PLAYERS).toString(36)}`);
  const rank = timeIt(2000, (i) => board.leaderboardAround(ids[i], "tictactoe", 0));
  board.close();
  return {
    players: LEADERBOARD_PLAYERS,
    loadSeconds,
    top50: { p50: percentile(top, 50), p99: percentile(top, 99) },
    myRank: { p50: percentile(rank, 50), p99: percentile(rank, 99) },
  };
}

/** Bytes of the frames a client receives: the full state at join and the patch of one move. */
async function benchBytes(server: Awaited<ReturnType<typeof startParlor>>, wsUrl: string) {
  const [a, b] = await Promise.all([server.store.createGuest("bytes a"), server.store.createGuest("bytes b")]);
  const match = await server.createMatch(
    "tictactoe",
    [
      { playerId: a.playerId, name: a.name, rating: 1500 },
      { playerId: b.playerId, name: b.name, rating: 1500 },
    ],
    { rated: true },
  );
  const clients = [a, b].map((g) => {
    const c = new Client(wsUrl);
    c.auth.token = g.token;
    return c;
  });
  const rooms = [await clients[0].consumeSeatReservation(match.reservations[a.playerId] as never), await clients[1].consumeSeatReservation(match.reservations[b.playerId] as never)];
  await new Promise((r) => setTimeout(r, 100));
  const frames: Buffer[] = [];
  const socket = (rooms[1].connection as any).transport.ws;
  const original = socket.onmessage;
  socket.onmessage = (e: any) => {
    frames.push(Buffer.from(e.data));
    original(e);
  };
  rooms[0].send("move", { cell: 4 });
  await new Promise((r) => setTimeout(r, 100));
  const patch = frames.find((f) => f[0] === 15)!;
  const room = matchMaker.getLocalRoomById(match.roomId) as any;
  const full = room._serializer.getFullState(room.clients[1]);
  rooms.forEach((r) => r.leave());
  return { movePatch: patch.length, fullState: full.length };
}

/** Time to match when a compatible partner is already waiting: from `queue` to `matched`, through the real lobby. */
async function benchTimeToMatch(server: Awaited<ReturnType<typeof startParlor>>, wsUrl: string) {
  const lobbyOf = async (name: string) => {
    const guest = await server.store.createGuest(name);
    const client = new Client(wsUrl);
    client.auth.token = guest.token;
    const lobby = await client.joinOrCreate("lobby");
    const waiters: Record<string, (() => void) | null> = { queued: null, matched: null };
    for (const type of ["queued", "matched"]) lobby.onMessage(type, () => waiters[type]?.());
    const next = (type: string) => new Promise<void>((r) => (waiters[type] = r));
    return { lobby, next };
  };
  const samples: number[] = [];
  // A fresh pair each time: a matched player is in a game until it ends or is aborted.
  for (let i = 0; i < 100; i++) {
    const [a, b] = [await lobbyOf(`ttm a${i}`), await lobbyOf(`ttm b${i}`)];
    const queued = a.next("queued");
    a.lobby.send("queue", { game: "rps" });
    await queued;
    const matched = b.next("matched");
    const t = performance.now();
    b.lobby.send("queue", { game: "rps" });
    await matched;
    samples.push(performance.now() - t);
    await Promise.all([a.lobby.leave(), b.lobby.leave()]);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

/** Heap the server keeps per client seated in a game room, idle; the clients live in the generator process. */
async function benchHeap(server: Awaited<ReturnType<typeof startParlor>>, wsUrl: string, bare = false, roomsBefore = matchMaker.stats.local.roomCount) {
  const gc = (globalThis as any).gc as (() => void) | undefined;
  if (!gc) return null;
  const pairs = 500;
  const guests = await Promise.all(Array.from({ length: pairs * 2 }, (_, i) => server.store.createGuest(`heap ${i}`)));
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  // The rooms of an earlier run are gone first: their disposal would be counted against this one.
  for (let i = 0; i < 100 && matchMaker.stats.local.roomCount > roomsBefore; i++) await new Promise((r) => setTimeout(r, 100));
  await settle();
  // BENCH_HEAP_SNAPSHOT=prefix writes prefix-before/after.heapsnapshot, to compare what the rooms and clients hold.
  const snapshot = (name: string) => process.env.BENCH_HEAP_SNAPSHOT && require("node:v8").writeHeapSnapshot(`${process.env.BENCH_HEAP_SNAPSHOT}-${bare ? "bare-" : ""}${name}.heapsnapshot`);
  snapshot("before");
  const before = process.memoryUsage();
  const matches: NonNullable<GeneratorTask["matches"]> = [[]];
  // Made side by side, so that the first reservations do not expire (15 s) before the generator joins them.
  const made = await Promise.all(
    Array.from({ length: bare ? 0 : pairs }, async (_, i) => {
      const [a, b] = [guests[2 * i], guests[2 * i + 1]];
      const match = await server.createMatch(
        "tictactoe",
        [
          { playerId: a.playerId, name: a.name, rating: 1500 },
          { playerId: b.playerId, name: b.name, rating: 1500 },
        ],
        { rated: true, turnMs: 300_000, noShowMs: 300_000 },
      );
      return { seats: [a, b].map((p) => ({ token: p.token, reservation: match.reservations[p.playerId] })) };
    }),
  );
  matches[0].push(...made);
  let after = before;
  // Bare: the same number of flushed-patch rooms, two idle clients each, made by the generator: what Colyseus and
  // ws hold before Parlor adds anything.
  await runGenerator({ kind: "idle", url: wsUrl, senders: 1, durationMs: 0, matches, token: guests[0].token, bareRooms: bare ? pairs : 0 }, async (release) => {
    await settle();
    after = process.memoryUsage();
    snapshot("after");
    release();
  });
  // Rooms are included: each client's share of its room is part of what a seated client costs.
  // Buffers (ArrayBuffer backing stores) live outside the V8 heap: reported apart, as external.
  return { clients: pairs * 2, bytesPerClient: (after.heapUsed - before.heapUsed) / (pairs * 2), externalPerClient: (after.external - before.external) / (pairs * 2) };
}

/**
 * The synchronous time of some game-room methods while `run` runs: what the event loop, and so every other game
 * of the process, waits for at a game's end (its result handed to the store, its listing, presence), a leave and
 * a room's disposal. Work a method starts and does not await (the store's transaction) is not counted here.
 */
async function timeRoomMethods<T>(names: string[], run: () => Promise<T>): Promise<[T, Record<string, number[]>]> {
  const proto = GameRoom.prototype as any;
  const samples: Record<string, number[]> = {};
  const originals = names.map((name) => [name, Object.prototype.hasOwnProperty.call(proto, name) ? proto[name] : undefined, proto[name]] as const);
  for (const [name, , original] of originals) {
    samples[name] = [];
    proto[name] = function (this: unknown, ...args: unknown[]) {
      const t = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        samples[name].push(performance.now() - t);
      }
    };
  }
  try {
    return [await run(), samples];
  } finally {
    for (const [name, own] of originals) (own ? (proto[name] = own) : delete proto[name]);
  }
}

/** The move rows: the bare targets, then Parlor loaded and with one loop, and their ratios. */
async function benchMoves(server: Awaited<ReturnType<typeof startParlor>>, url: string, wsEchoUrl: string, token: string) {
  const roomsBefore = matchMaker.stats.local.roomCount;
  const task = (kind: string, target: string) => ({ kind, url: target, senders: SENDERS, durationMs: DURATION_MS, token });
  const wsEcho = summary("bare ws echo", await runGenerator(task("ws-echo", wsEchoUrl)));
  const echo = summary("bare Colyseus room, message reply", await runGenerator(task("colyseus-echo", url)));
  const patch = summary("bare Colyseus room, patch flushed at once", await runGenerator(task("colyseus-patch", url)));
  const makeMatches = async (senders: number, gamesEach: number, game: GameName = "tictactoe") => {
    const guests = await Promise.all(Array.from({ length: 2 * senders }, (_, i) => server.store.createGuest(`bench ${i}`)));
    // Senders' matches are made side by side, so that no reservation waits long for its join (they last 15 s).
    return Promise.all(Array.from({ length: senders }, async (_, sender) => {
      const [a, b] = [guests[2 * sender], guests[2 * sender + 1]];
      const mine = [];
      for (let g = 0; g < gamesEach; g++) {
        const match = await server.createMatch(
          game,
          [
            { playerId: a.playerId, name: a.name, rating: 1500 },
            { playerId: b.playerId, name: b.name, rating: 1500 },
          ],
          // Long clocks: all games are joined before timing starts.
          { rated: true, turnMs: 300_000, noShowMs: 300_000 },
        );
        mine.push({ seats: [a, b].map((p) => ({ token: p.token, reservation: match.reservations[p.playerId] })) });
      }
      return mine;
    }));
  };
  const matches = await makeMatches(SENDERS, GAMES_PER_SENDER);
  const inspector = process.env.BENCH_PROFILE ? new (require("node:inspector").Session)() : null;
  inspector?.connect();
  let profiled: Promise<void> = Promise.resolve();
  timingStarted = () => {
    inspector?.post("Profiler.enable", () => inspector.post("Profiler.setSamplingInterval", { interval: 100 }, () => inspector.post("Profiler.start")));
  };
  timingEnded = () => {
    if (inspector) {
      profiled = new Promise<void>((resolve) =>
        inspector.post("Profiler.stop", (_err: unknown, { profile }: any) => {
          fs.writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(profile));
          resolve();
        }),
      );
    }
  };
  const [parlorRun, roomMethods] = await timeRoomMethods(["end", "_onLeave", "_dispose"], () => runGenerator({ ...task("parlor", url), matches }));
  const parlor = summary("Parlor tic-tac-toe move -> own patch", parlorRun);
  timingStarted = timingEnded = null;
  await profiled;
  const serverCpuPercent = parlor.serverCpu;

  // The same with a single loop: latency without queueing, where the server is not the bottleneck. The loaded row's
  // finished rooms wait out their rematch window first (REMATCH_MS), so their closing is not timed with this row.
  for (const until = performance.now() + 60_000; matchMaker.stats.local.roomCount > roomsBefore && performance.now() < until; ) {
    await new Promise((r) => setTimeout(r, 250));
  }
  const one = (kind: string, target: string) => ({ kind, url: target, senders: 1, durationMs: Math.min(DURATION_MS, 3000), token });
  const patchOne = summary("bare flushed patch, 1 loop", await runGenerator(one("colyseus-patch", url)));
  const oneMatches = await makeMatches(1, 40);
  const parlorOne = summary("Parlor move, 1 loop", await runGenerator({ ...one("parlor", url), matches: oneMatches }));

  const connectFourMatches = await makeMatches(SENDERS, Math.max(1, Math.floor(GAMES_PER_SENDER / 3)), "connectfour");
  const connectFour = summary("Parlor Connect Four move -> own patch", await runGenerator({ ...task("parlor", url), matches: connectFourMatches }));

  const ends = await benchMovesWhileGamesEnd(server, url, (t, onTiming) => ((timingStarted = onTiming), runGenerator(t as never)), Math.max(1, Math.floor(SENDERS / 2)), Math.min(DURATION_MS, 3000));
  timingStarted = null;

  const rows = [wsEcho, echo, patch, parlor, connectFour, patchOne, parlorOne];
  const f = (n: number, d = 2) => n.toFixed(d).padStart(9);
  // CPU in % of one core, over the timed part: the generator's (a child process) and the server's (this one).
  console.log(`${"target".padEnd(44)} ${"ops/s".padStart(9)} ${"p50 ms".padStart(9)} ${"p99 ms".padStart(9)} ${"gen CPU".padStart(9)} ${"srv CPU".padStart(9)} ${"srv us/op".padStart(9)}`);
  for (const r of rows) console.log(`${r.name.padEnd(44)} ${f(r.perSecond, 0)} ${f(r.p50, 3)} ${f(r.p99, 3)} ${f(r.generatorCpu, 0)}% ${f(r.serverCpu, 0)}% ${f(r.serverUsPerOp, 1)}`);
  const ratios = {
    unloadedP50VsFlushedPatch: parlorOne.p50 / patchOne.p50,
    unloadedP99VsFlushedPatch: parlorOne.p99 / patchOne.p99,
    p50VsWsEcho: parlor.p50 / wsEcho.p50,
    p50VsColyseusEcho: parlor.p50 / echo.p50,
    p50VsFlushedPatch: parlor.p50 / patch.p50,
    p99VsFlushedPatch: parlor.p99 / patch.p99,
    throughputVsFlushedPatch: parlor.perSecond / patch.perSecond,
  };
  console.log(`\nParlor move / bare ws echo:           p50 ${ratios.p50VsWsEcho.toFixed(2)}x`);
  console.log(`Parlor move / bare Colyseus reply:    p50 ${ratios.p50VsColyseusEcho.toFixed(2)}x`);
  console.log(`Parlor move / bare flushed patch:     p50 ${ratios.p50VsFlushedPatch.toFixed(2)}x, p99 ${ratios.p99VsFlushedPatch.toFixed(2)}x (target <= 1.3x)`);
  console.log(`Parlor throughput / flushed patch:    ${ratios.throughputVsFlushedPatch.toFixed(2)}x`);
  console.log(`Server CPU while Parlor games were played: ${serverCpuPercent.toFixed(0)}% (more than 100% is GC and I/O threads)`);
  console.log(`One loop, Parlor move / flushed patch: p50 ${ratios.unloadedP50VsFlushedPatch.toFixed(2)}x, p99 ${ratios.unloadedP99VsFlushedPatch.toFixed(2)}x`);
  const gameEnd = Object.fromEntries(Object.entries(roomMethods).map(([name, t]) => [name, { count: t.length, p50: percentile(t, 50), p99: percentile(t, 99), max: Math.max(0, ...t) }]));
  console.log(
    `Event loop held, during the loaded tic-tac-toe row: ${Object.entries({ "a game's end": gameEnd.end, "a leave": gameEnd._onLeave, "a room's disposal": gameEnd._dispose })
      .map(([what, g]) => `${what} p50 ${g.p50.toFixed(3)} ms, p99 ${g.p99.toFixed(3)}, max ${g.max.toFixed(2)} (${g.count})`)
      .join("; ")}`,
  );
  printMovesWhileGamesEnd(ends);
  return { rows, ratios, serverCpuPercent, gameEnd, ends };
}

/** The in-process rows after the servers: pairing, the Connect Four bot, SQLite, the leaderboard. */
async function benchTheRest(dir: string) {
  const pairing = benchPairing();
  console.log(`\nPairing 10,000 waiting tickets: ${pairing.p50Ms.toFixed(1)} ms a pass (${pairing.pairs} pairs), ${Math.round(pairing.ticketsPerSecond).toLocaleString()} tickets/s`);
  const connectFourBot = benchConnectFourBot();
  printConnectFourBot(connectFourBot);
  const sqlite = await benchResultWrites(dir);
  printResultWrites(sqlite);
  const board = await benchLeaderboard(dir);
  console.log(
    `Leaderboard at ${board.players.toLocaleString()} players (loaded in ${board.loadSeconds.toFixed(1)} s): top-50 p50 ${board.top50.p50.toFixed(3)} ms, p99 ${board.top50.p99.toFixed(3)} ms (target <= 1); my rank p50 ${board.myRank.p50.toFixed(2)} ms, p99 ${board.myRank.p99.toFixed(2)} ms (target <= 25)`,
  );

  return { pairing, connectFourBot, sqlite, board };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parlor-bench-"));
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  wss.on("connection", (s) => s.on("message", (m) => s.send(m)));
  await new Promise((r) => wss.once("listening", r));
  const wsEchoUrl = `ws://127.0.0.1:${(wss.address() as { port: number }).port}`;

  const server = await startParlor({
    config: {
      port: 0,
      host: "127.0.0.1",
      dataDir: path.join(dir, "server"),
      monitorPassword: "bench",
      messagesPerSecond: 1_000_000,
      maxConnectionsPerIp: 0,
      apiRequestsPerMinute: 0,
      signupsPerHour: 0,
      matchmakeRequestsPerMinute: 0,
      botFillMs: 0,
    },
  });
  server.gameServer.define("bench_echo", EchoRoom);
  server.gameServer.define("bench_patch", PatchRoom);
  const url = `ws://127.0.0.1:${server.port}`;

  console.log(`Parlor bench on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), Node ${process.version}`);
  console.log(`${SENDERS} concurrent request/response loops for ${DURATION_MS / 1000} s per target\n`);
  const { token } = await server.store.createGuest("bench");
  const moves = want("moves") ? await benchMoves(server, url, wsEchoUrl, token) : null;

  const timeToMatch = want("rest") ? await benchTimeToMatch(server, url) : null;
  if (timeToMatch) console.log(`\nTime to match with a partner waiting: p50 ${timeToMatch.p50.toFixed(2)} ms, p99 ${timeToMatch.p99.toFixed(2)} ms (target p99 <= 100)`);
  const bytes = want("rest") ? await benchBytes(server, url) : null;
  if (bytes) console.log(`Tic-tac-toe move patch: ${bytes.movePatch} bytes on the wire (target <= 16); full state: ${bytes.fullState} bytes`);
  const rooms = matchMaker.stats.local.roomCount;
  // Bare first: its rooms close with their clients, where a Parlor room waits out the grace and rematch windows.
  const bareHeap = want("heap") ? await benchHeap(server, url, true, rooms) : null;
  const heap = want("heap") ? await benchHeap(server, url, false, rooms) : null;
  if (want("heap")) {
    console.log(
      heap && bareHeap
        ? `Heap per in-room client: ${(heap.bytesPerClient / 1024).toFixed(1)} KB (${heap.clients} idle clients in ${heap.clients / 2} tic-tac-toe rooms, room included; target <= 8 KB); bare flushed-patch room: ${(bareHeap.bytesPerClient / 1024).toFixed(1)} KB. Buffers outside the heap: ${(heap.externalPerClient / 1024).toFixed(1)} KB, bare ${(bareHeap.externalPerClient / 1024).toFixed(1)} KB`
        : "Heap per in-room client: run with node --expose-gc (npm run bench does)",
    );
  }
  await server.close();
  wss.close();

  const others = want("rest") ? await benchTheRest(dir) : null;

  // The lobby rows run their own server (loadtest/lobbyBench.ts; the full 20,000-connection row: --idle 20000 there).
  const lobbyFanout = want("lobby") ? await benchLobbyFanout({ seconds: Math.min(DURATION_MS / 1000, 5) }) : null;
  if (lobbyFanout) {
    console.log("");
    printFanout(lobbyFanout);
  }
  const lobbyIdle = want("lobby") ? await benchLobbyIdle(Number(process.env.LOBBY_BENCH_IDLE ?? 5000)) : null;
  if (lobbyIdle) printIdle(lobbyIdle);

  const report = { ...moves, timeToMatch, machine: { cores: os.cpus().length, model: os.cpus()[0]?.model, node: process.version }, bytes, heap, bareHeap, lobbyFanout, lobbyIdle, ...others };
  if (process.env.BENCH_JSON) fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify(report, null, 2));
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

if (process.argv.includes("--connect-four-bot")) {
  // Only this row: node --require tsx/cjs loadtest/bench.ts --connect-four-bot
  printConnectFourBot(benchConnectFourBot());
} else if (process.argv.includes("--store-writes")) {
  // Only this row: node --require tsx/cjs loadtest/bench.ts --store-writes
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parlor-bench-"));
  void benchResultWrites(dir).then((r) => (printResultWrites(r), fs.rmSync(dir, { recursive: true, force: true })));
} else if (process.argv.includes("--generator")) {
  process.once("message", (m: { task: GeneratorTask }) =>
    generator(m.task).then(
    (result) => process.send!({ type: "result", ...result }, () => process.exit(0)),
    (error) => process.send!({ type: "error", error: String(error?.stack ?? error) }, () => process.exit(1)),
    ),
  );
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
