/**
 * The lobby's fan-out, measured (issue #16, goal 3). Run alone:
 *
 *   node --expose-gc --require tsx/cjs loadtest/lobbyBench.ts              # both rows, bench sizes
 *   node --expose-gc --require tsx/cjs loadtest/lobbyBench.ts --idle 20000 # the full idle row only
 *   LOBBY_BENCH_CLIENTS=5000 LOBBY_BENCH_SECONDS=10 ... --fanout           # the fan-out row only
 *
 * The server runs in this process, and nothing else does while a row is timed, so this process's CPU time is the
 * server's. The lobby clients are raw WebSocket clients speaking the Colyseus protocol (the real front door, then
 * the socket; they count the frames they receive but decode none), spread over child processes.
 */
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { matchMaker } from "@colyseus/core";
import WebSocket from "ws";
import { GAME_NAMES } from "../games/registry";
import { startParlor, type ParlorServer } from "../server/app";

// ---- a raw lobby client (child processes) ----

const JOIN_ROOM = 10;
const ROOM_DATA = 13;

/** msgpack of a flat object of short strings and booleans: all a lobby message here carries. */
function packFlat(payload: Record<string, string | boolean>): Buffer {
  const str = (s: string) => Buffer.concat([Buffer.from([0xa0 | Buffer.byteLength(s)]), Buffer.from(s)]);
  const parts = [Buffer.from([0x80 | Object.keys(payload).length])];
  for (const [key, value] of Object.entries(payload)) parts.push(str(key), typeof value === "boolean" ? Buffer.from([value ? 0xc3 : 0xc2]) : str(value));
  return Buffer.concat(parts);
}

function frame(type: string, payload?: Record<string, string | boolean>): Buffer {
  const head = Buffer.concat([Buffer.from([ROOM_DATA, 0xa0 | type.length]), Buffer.from(type)]);
  return payload ? Buffer.concat([head, packFlat(payload)]) : head;
}

interface Received {
  frames: number;
  bytes: number;
}

interface RawClient {
  ws: WebSocket;
  received: Received;
  send(type: string, payload?: Record<string, string | boolean>): void;
}

/** Takes a lobby seat through the HTTP front door (as colyseus.js does), then opens the socket and acknowledges the join. */
async function joinLobby(httpUrl: string, wsUrl: string, token: string, received: Received): Promise<RawClient> {
  const res = await fetch(`${httpUrl}/matchmake/joinOrCreate/lobby`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", accept: "application/json" },
    body: "{}",
  });
  const seat = (await res.json()) as { sessionId: string; room: { roomId: string; processId: string } };
  if (!seat.sessionId) throw new Error(`no lobby seat: ${JSON.stringify(seat)}`);
  const ws = new WebSocket(`${wsUrl}/${seat.room.processId}/${seat.room.roomId}?sessionId=${seat.sessionId}&_authToken=${token}`, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once("error", reject);
    ws.once("close", (code) => reject(new Error(`lobby socket closed (${code}) before the join`)));
    ws.on("message", (data: Buffer) => {
      if (data[0] === JOIN_ROOM) {
        ws.send(Buffer.from([JOIN_ROOM]));
        return resolve();
      }
      received.frames++;
      received.bytes += data.length;
    });
  });
  return { ws, received, send: (type, payload) => ws.readyState === WebSocket.OPEN && ws.send(frame(type, payload)) };
}

/** How one child's clients behave; shares are of the clients, rates are per second. */
interface ClientTask {
  httpUrl: string;
  wsUrl: string;
  tokens: string[];
  /** Clients connected at the start; the remaining tokens are for the joins of the churn. */
  initial: number;
  /** Share of clients that look at the counts (a browser's lobby screen) and at the Watch list. */
  countsShare: number;
  liveShare: number;
  /** The game this process's clients queue for. */
  game: string;
}

async function clientProcess(task: ClientTask) {
  const random = mulberry(task.tokens.length);
  const spare = task.tokens.slice(task.initial);
  const clients = new Map<RawClient, { counts: boolean; live: boolean }>();
  // Frames and bytes received by clients that asked for nothing (bot-like) and by those that asked for counts or the list.
  const bots: Received = { frames: 0, bytes: 0 };
  const watchers: Received = { frames: 0, bytes: 0 };
  const open = async (token: string) => {
    const counts = random() < task.countsShare;
    const live = random() < task.liveShare;
    // On a loaded machine a seat can expire (15 s) before its socket is accepted: that join is tried again.
    let client: RawClient | undefined;
    for (let attempt = 1; !client; attempt++) {
      client = await joinLobby(task.httpUrl, task.wsUrl, token, counts || live ? watchers : bots).catch((error) => {
        if (attempt >= 3) throw error;
        return undefined;
      });
    }
    if (counts) client.send("subscribe", { topic: "counts" });
    if (live) client.send("subscribe", { topic: "live" });
    clients.set(client, { counts, live });
  };
  const queue = task.tokens.slice(0, task.initial);
  await Promise.all(Array.from({ length: 16 }, async () => {
    for (let token = queue.pop(); token; token = queue.pop()) await open(token);
  }));
  const churns: NodeJS.Timeout[] = [];
  const snapshot = () => ({ clients: clients.size, bots: { ...bots }, watchers: { ...watchers }, botClients: [...clients.values()].filter((c) => !c.counts && !c.live).length });
  process.on("message", (m: { type: string; joinsPerSecond?: number; queuesPerSecond?: number }) => {
    if (m.type === "stats") process.send!({ type: "stats", ...snapshot() });
    if (m.type === "churn") {
      // Every 100 ms, a tenth of the second's joins and leaves: a steady churn, not a burst a second.
      let owed = 0;
      churns.push(setInterval(() => {
        for (owed += m.joinsPerSecond! / 10; owed >= 1; owed--) {
          const leaving = [...clients.keys()][Math.floor(random() * clients.size)];
          clients.delete(leaving);
          leaving.ws.close();
          const token = spare.pop();
          if (token) void open(token).catch(() => process.send!({ type: "error", error: "a churn join failed" }));
        }
      }, 100));
      // Queues and cancels: one ticket at a time, in this process's own game, cancelled at the next tick. Two
      // tickets in one game would be paired into a game room: this row measures the lobby, not match creation.
      let queued: RawClient | null = null;
      churns.push(setInterval(() => {
        if (queued) {
          queued.send("cancel");
          queued = null;
          return;
        }
        queued = [...clients.keys()][Math.floor(random() * clients.size)];
        queued.send("queue", { game: task.game });
      }, 1000 / (2 * m.queuesPerSecond!)));
    }
    if (m.type === "stop") {
      churns.splice(0).forEach(clearInterval);
      process.send!({ type: "stats", ...snapshot() });
    }
    if (m.type === "close") {
      for (const client of clients.keys()) client.ws.terminate();
      setTimeout(() => process.exit(0), 200);
    }
  });
  process.send!({ type: "ready", ...snapshot() });
}

function mulberry(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- the server side (this process) ----

const started = performance.now();
/** Progress on stderr, so that a slow setup shows where it is slow. */
const progress = (what: string) => {
  const cpu = process.cpuUsage();
  if (!process.env.LOBBY_BENCH_QUIET) console.error(`  [lobby bench ${((performance.now() - started) / 1000).toFixed(1)} s, server CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s] ${what}`);
};

type Stats = { clients: number; botClients: number; bots: Received; watchers: Received };

class ClientFleet {
  private constructor(private readonly children: ChildProcess[], readonly ready: Stats[]) {}

  static async start(tasks: ClientTask[]): Promise<ClientFleet> {
    const children = tasks.map((task) => {
      const child = fork(__filename, ["--lobby-clients"], { execArgv: ["--require", "tsx/cjs"] });
      child.send({ type: "task", task });
      return child;
    });
    const ready = await Promise.all(children.map((child) => ClientFleet.next(child, "ready")));
    return new ClientFleet(children, ready);
  }

  private static next(child: ChildProcess, type: string): Promise<Stats> {
    return new Promise((resolve, reject) => {
      const onMessage = (m: any) => {
        if (m.type === "error") return reject(new Error(m.error));
        if (m.type !== type) return;
        child.off("message", onMessage);
        resolve(m);
      };
      child.on("message", onMessage);
      child.once("exit", (code) => code !== 0 && reject(new Error(`lobby client process exited with ${code}`)));
    });
  }

  tell(message: object) {
    for (const child of this.children) child.send(message);
  }

  async ask(message: object, reply = "stats"): Promise<Stats[]> {
    const answers = Promise.all(this.children.map((child) => ClientFleet.next(child, reply)));
    for (const child of this.children) child.send(message);
    return answers;
  }

  async close() {
    await Promise.all(this.children.map((child) => new Promise((resolve) => (child.once("exit", resolve), child.send({ type: "close" })))));
  }
}

const sum = (stats: Stats[], pick: (s: Stats) => number) => stats.reduce((n, s) => n + pick(s), 0);

/** A server as `npm run bench` runs it: no rate limits in the way of a load from one address. */
async function benchServer(dir: string): Promise<ParlorServer> {
  return startParlor({
    config: {
      port: 0,
      host: "127.0.0.1",
      dataDir: dir,
      monitorPassword: "bench",
      maxConnectionsPerIp: 0,
      apiRequestsPerMinute: 0,
      signupsPerHour: 0,
      matchmakeRequestsPerMinute: 0,
      botFillMs: 0,
    },
  });
}

/** Live games, so that the list a Watch subscriber gets is a full page: each seat held by a raw client here. */
async function liveGames(server: ParlorServer, wsUrl: string, count: number): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i++) {
    const [a, b] = await Promise.all([server.store.createGuest(`live a${i}`), server.store.createGuest(`live b${i}`)]);
    const seats: [typeof a, typeof b] = [a, b];
    const match = await server.createMatch(
      "tictactoe",
      seats.map((g) => ({ playerId: g.playerId, name: g.name, rating: 1500 })) as never,
      { rated: true, turnMs: 600_000, noShowMs: 600_000 },
    );
    for (const g of seats) {
      const r = match.reservations[g.playerId] as { sessionId: string; room: { roomId: string; processId: string } };
      const ws = new WebSocket(`${wsUrl}/${r.room.processId}/${r.room.roomId}?sessionId=${r.sessionId}&_authToken=${g.token}`);
      await new Promise<void>((resolve, reject) => {
        ws.once("error", reject);
        ws.on("message", (data: Buffer) => data[0] === JOIN_ROOM && (ws.send(Buffer.from([JOIN_ROOM])), resolve()));
      });
      sockets.push(ws);
    }
  }
  return sockets;
}

async function guestTokens(server: ParlorServer, n: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < n; i += 500) {
    const batch = await Promise.all(Array.from({ length: Math.min(500, n - i) }, (_, k) => server.store.createGuest(`lobby ${i + k}`)));
    tokens.push(...batch.map((g) => g.token));
  }
  return tokens;
}

function split<T>(items: T[], parts: number): T[][] {
  return Array.from({ length: parts }, (_, p) => items.filter((_, i) => i % parts === p));
}

/**
 * CPU time spent inside the lobby's fan-out: whichever of these methods the lobby room has. Before issue #16 that was
 * the schema patch to every client and the full state at each join; now the feeds' messages to their subscribers.
 * Each is synchronous (encode, then write to each socket), so CPU time around the call is its cost.
 */
const FANOUT_METHODS = ["broadcastPatch", "sendFullState", "publishSlice", "sendSnapshot"];

async function meterLobbyFanout(): Promise<{ cpuMicros: number; methods: string[]; calls: Record<string, number> }> {
  const [listing] = await matchMaker.query({ name: "lobby" });
  const room = matchMaker.getLocalRoomById(listing.roomId) as unknown as Record<string, unknown>;
  const meter = { cpuMicros: 0, methods: [] as string[], calls: {} as Record<string, number> };
  for (const name of FANOUT_METHODS) {
    const method = room[name];
    if (typeof method !== "function") continue;
    room[name] = function (this: unknown, ...args: unknown[]) {
      if (!meter.calls[name]) meter.methods.push(name);
      meter.calls[name] = (meter.calls[name] ?? 0) + 1;
      const t = process.cpuUsage();
      try {
        return method.apply(this, args);
      } finally {
        const d = process.cpuUsage(t);
        meter.cpuMicros += d.user + d.system;
      }
    };
  }
  return meter;
}

/** This process's CPU (the server's) over `ms`, as a fraction of one core, with the event loop's delay meanwhile. */
async function measure(ms: number) {
  const profile = process.env.LOBBY_BENCH_PROFILE ? await startProfile() : null;
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const cpu = process.cpuUsage(cpu0);
  const elapsed = performance.now() - t0;
  lag.disable();
  if (profile) fs.writeFileSync(process.env.LOBBY_BENCH_PROFILE!, JSON.stringify(await profile()));
  return { core: (cpu.user + cpu.system) / 1000 / elapsed, elapsedMs: elapsed, lagP99Ms: lag.percentile(99) / 1e6, lagMaxMs: lag.max / 1e6 };
}

/** A CPU profile of this process (LOBBY_BENCH_PROFILE=file.cpuprofile): started now, returned by the function given back. */
async function startProfile(): Promise<() => Promise<object>> {
  const { Session } = await import("node:inspector");
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<any>((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))));
  await post("Profiler.enable");
  await post("Profiler.setSamplingInterval", { interval: 100 });
  await post("Profiler.start");
  return async () => (await post("Profiler.stop")).profile;
}

export interface FanoutOptions {
  clients: number;
  seconds: number;
  joinsPerSecond: number;
  queuesPerSecond: number;
  countsShare: number;
  liveShare: number;
  processes: number;
  liveGames: number;
}

export interface FanoutResult extends FanoutOptions {
  serverCore: number;
  /** The part of it spent in the lobby's fan-out (FANOUT_METHODS), as a fraction of a core. */
  fanoutCore: number;
  fanoutMethods: string[];
  lagP99Ms: number;
  lagMaxMs: number;
  /** Per client per second, over the timed window. */
  botFramesPerSecond: number;
  watcherFramesPerSecond: number;
  watcherBytesPerSecond: number;
}

/** The lobby fan-out row: `clients` in the lobby with joins, leaves, queues and cancels going on; the server's CPU meanwhile. */
export async function benchLobbyFanout(partial: Partial<FanoutOptions> = {}): Promise<FanoutResult> {
  const o: FanoutOptions = {
    clients: 5000,
    seconds: 5,
    joinsPerSecond: 50,
    queuesPerSecond: 50,
    countsShare: 1,
    liveShare: 0.05,
    processes: 2,
    liveGames: 30,
    ...partial,
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parlor-lobby-bench-"));
  const server = await benchServer(dir);
  const httpUrl = `http://127.0.0.1:${server.port}`;
  const wsUrl = `ws://127.0.0.1:${server.port}`;
  const meter = await meterLobbyFanout();
  const games = await liveGames(server, wsUrl, o.liveGames);
  progress(`${o.liveGames} live games`);
  const spare = Math.ceil(o.joinsPerSecond * (o.seconds + 3));
  const tokens = await guestTokens(server, o.clients + spare);
  progress(`${tokens.length} guest tokens`);
  const fleet = await ClientFleet.start(
    split(tokens, o.processes).map((mine, i) => ({
      httpUrl,
      wsUrl,
      tokens: mine,
      initial: Math.round((mine.length * o.clients) / tokens.length),
      countsShare: o.countsShare,
      liveShare: o.liveShare,
      game: GAME_NAMES[i % GAME_NAMES.length],
    })),
  );
  progress(`${o.clients} clients in the lobby`);
  // Let the joins' and first snapshots' work finish before timing; the churn is warmed up for a second too.
  await new Promise((r) => setTimeout(r, 1500));
  fleet.tell({ type: "churn", joinsPerSecond: o.joinsPerSecond / o.processes, queuesPerSecond: o.queuesPerSecond / o.processes });
  await new Promise((r) => setTimeout(r, 1000));
  const before = await fleet.ask({ type: "stats" });
  const fanout0 = meter.cpuMicros;
  const m = await measure(o.seconds * 1000);
  const fanoutMicros = meter.cpuMicros - fanout0;
  const after = await fleet.ask({ type: "stop" });
  await fleet.close();
  games.forEach((ws) => ws.terminate());
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const per = (pick: (s: Stats) => number, clients: (s: Stats) => number) => (sum(after, pick) - sum(before, pick)) / (m.elapsedMs / 1000) / Math.max(1, sum(after, clients));
  return {
    ...o,
    serverCore: m.core,
    fanoutCore: fanoutMicros / 1000 / m.elapsedMs,
    fanoutMethods: meter.methods,
    lagP99Ms: m.lagP99Ms,
    lagMaxMs: m.lagMaxMs,
    botFramesPerSecond: per((s) => s.bots.frames, (s) => s.botClients),
    watcherFramesPerSecond: per((s) => s.watchers.frames, (s) => s.clients - s.botClients),
    watcherBytesPerSecond: per((s) => s.watchers.bytes, (s) => s.clients - s.botClients),
  };
}

export interface IdleResult {
  asked: number;
  clients: number;
  /** Why fewer clients than asked, if so. */
  limitedBy: string | null;
  rssMB: number;
  rssBeforeMB: number;
  heapMB: number;
  serverCore: number;
  lagMaxMs: number;
}

function openFileLimit(): number {
  const line = fs.readFileSync("/proc/self/limits", "utf8").split("\n").find((l) => l.startsWith("Max open files"));
  return Number(line?.split(/\s+/)[3]) || Infinity;
}

function openFiles(): number {
  try {
    return fs.readdirSync("/proc/self/fd").length;
  } catch {
    return 0;
  }
}

/**
 * The idle row: `asked` lobby connections that subscribe to nothing and say nothing; the server's RSS and CPU while
 * nothing changes. The server holds one socket per client, so it can hold no more than its open-file limit allows.
 */
export async function benchLobbyIdle(asked: number, seconds = 5, countsShare = 0.1): Promise<IdleResult> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parlor-lobby-idle-"));
  const server = await benchServer(dir);
  const httpUrl = `http://127.0.0.1:${server.port}`;
  const wsUrl = `ws://127.0.0.1:${server.port}`;
  // Room for the store, the listening socket and the front door's HTTP connections (16 per client process).
  const processes = Math.max(1, Math.ceil(asked / 5000));
  const headroom = openFiles() + 16 * processes + 64;
  const limit = openFileLimit();
  const clients = Math.min(asked, limit - headroom);
  const tokens = await guestTokens(server, clients);
  gc?.();
  const rssBefore = process.memoryUsage().rss;
  progress(`${clients} guest tokens; joining`);
  const fleet = await ClientFleet.start(split(tokens, processes).map((mine) => ({ httpUrl, wsUrl, tokens: mine, initial: mine.length, countsShare, liveShare: 0, game: GAME_NAMES[0] })));
  // The front door's keep-alive HTTP connections close after a few idle seconds; then nothing happens at all.
  await new Promise((r) => setTimeout(r, 5000));
  const joined = sum(await fleet.ask({ type: "stats" }), (s) => s.clients);
  const m = await measure(seconds * 1000);
  gc?.();
  const memory = process.memoryUsage();
  await fleet.close();
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    asked,
    clients: joined,
    limitedBy: clients < asked ? `the open-file limit (${limit}, hard limit too, not raisable here: no CAP_SYS_RESOURCE) leaves room for ${clients} sockets in one server process` : null,
    rssMB: memory.rss / 2 ** 20,
    rssBeforeMB: rssBefore / 2 ** 20,
    heapMB: memory.heapUsed / 2 ** 20,
    serverCore: m.core,
    lagMaxMs: m.lagMaxMs,
  };
}

export function printFanout(r: FanoutResult) {
  const met = r.fanoutCore <= 0.05;
  console.log(
    `Lobby fan-out, ${r.clients.toLocaleString()} lobby clients (${Math.round(r.countsShare * 100)}% showing counts, ${Math.round(r.liveShare * 100)}% the Watch list of ${r.liveGames} games), ` +
      `${r.joinsPerSecond} joins+leaves/s, ${r.queuesPerSecond} queues+cancels/s: fan-out ${(r.fanoutCore * 100).toFixed(2)}% of a core (${r.fanoutMethods.join(", ")}; target <= 5%: ${met ? "met" : "NOT met"}); ` +
      `whole server ${(r.serverCore * 100).toFixed(1)}% (the joins included); event loop p99 ${r.lagP99Ms.toFixed(1)} ms, max ${r.lagMaxMs.toFixed(1)} ms; ` +
      `per client per second: ${r.botFramesPerSecond.toFixed(2)} frames to a client that asked for nothing, ${r.watcherFramesPerSecond.toFixed(2)} frames (${Math.round(r.watcherBytesPerSecond)} B) to one that did`,
  );
}

export function printIdle(r: IdleResult) {
  const perConnectionKB = ((r.rssMB - r.rssBeforeMB) * 1024) / Math.max(1, r.clients);
  const at20k = r.rssBeforeMB + (perConnectionKB * 20_000) / 1024;
  const full = r.clients >= 20_000;
  const met = (full ? r.rssMB : at20k) <= 1024 && r.serverCore < 0.1;
  console.log(
    `Idle lobby, ${r.clients.toLocaleString()} connections${r.clients < r.asked ? ` of ${r.asked.toLocaleString()} asked` : ""}: server RSS ${Math.round(r.rssMB)} MB ` +
      `(${Math.round(r.rssBeforeMB)} MB before they joined, ${perConnectionKB.toFixed(1)} KB a connection${full ? "" : `, so ${Math.round(at20k)} MB at 20,000`}; target <= 1024 MB at 20,000), ` +
      `CPU ${(r.serverCore * 100).toFixed(2)}% of a core while nothing changes (target < 10%), event loop max ${r.lagMaxMs.toFixed(1)} ms: ${met ? "met" : "NOT met"}` +
      (full ? "" : " (scaled; the full row: node --expose-gc --require tsx/cjs loadtest/lobbyBench.ts --idle 20000)") +
      (r.limitedBy ? ` (${r.limitedBy})` : ""),
  );
}

async function main() {
  const args = process.argv.slice(2);
  const idleAt = args.indexOf("--idle");
  const only = args.includes("--fanout") ? "fanout" : idleAt >= 0 ? "idle" : null;
  if (only !== "idle") {
    printFanout(
      await benchLobbyFanout({
        clients: Number(process.env.LOBBY_BENCH_CLIENTS ?? 5000),
        seconds: Number(process.env.LOBBY_BENCH_SECONDS ?? 5),
        countsShare: Number(process.env.LOBBY_BENCH_COUNTS_SHARE ?? 1),
        liveShare: Number(process.env.LOBBY_BENCH_LIVE_SHARE ?? 0.05),
      }),
    );
  }
  if (only !== "fanout") printIdle(await benchLobbyIdle(idleAt >= 0 ? Number(args[idleAt + 1] ?? 20_000) : Number(process.env.LOBBY_BENCH_IDLE ?? 5000)));
}

if (process.argv.includes("--lobby-clients")) {
  process.once("message", (m: { task: ClientTask }) =>
    clientProcess(m.task).catch((error) => process.send!({ type: "error", error: String(error?.stack ?? error) }, () => process.exit(1))),
  );
} else if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
