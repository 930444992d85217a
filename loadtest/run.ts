/**
 * Headless load-test runner: bots play real games through the lobby, then the database is checked.
 *
 *   npm run loadtest -- --bots 2000 --duration 60 --think 300-1500 [--processes 2] [--servers 2] [--json report.json]
 *   npm run loadtest -- --endpoint ws://host:2567 --db /path/to/parlor.db --monitor-password …
 *
 * Without --endpoint it starts its own server on a free loopback port with a temporary database;
 * with --servers N, N server processes sharing that database and one Redis (REDIS_URL, or a
 * redis-server it starts), the bots spread over them.
 * The clock starts once every bot has signed in and joined the lobby. At the end of the duration all bots are told to stop at
 * once: they leave the queue and resign the game in hand, so the run ends a second or so after the
 * duration; the report says how long the stop took.
 * Exits non-zero on any error reported to a bot or any inconsistency in the database.
 */
import { execFileSync, fork, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import inspector from "node:inspector";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { GAME_NAMES, isGameName, type GameName } from "../games/registry";
import { openPostgresStore } from "../store/postgres";
import { openSqliteStore } from "../store/sqlite";
import { emptyStats, LobbyBot, type BotStats } from "./bot";
import { freePort } from "./freePort";
import { bucketDelta, bucketQuantile, countAbove, histogramBuckets, parsePromText, sumOf, type Sample } from "./promText";
import { startRedis } from "./redisServer";

export { freePort };

export interface RunOptions {
  bots: number;
  durationS: number;
  think: [number, number];
  processes: number;
  /** Parlor server processes to start (ignored with --endpoint); more than one share a Redis. */
  servers: number;
  endpoint: string | null;
  db: string | null;
  json: string | null;
  monitorPassword: string | null;
  games: GameName[];
  quiet: boolean;
  /** CPU list for taskset (e.g. "0") to pin the servers this runner starts to; null: not pinned. */
  serverCpus?: string | null;
  /** CPU list for taskset to pin the bot processes to (and the coordinator, when the bots run in it); null: not pinned. */
  botCpus?: string | null;
  /** Extra node options for the servers this runner starts, e.g. ["--cpu-prof", "--cpu-prof-dir=/tmp/prof"]. */
  serverNodeArgs?: string[];
  /** Extra node options for forked bot processes; given, the bots always run in forked processes. */
  botNodeArgs?: string[];
  /** A directory for a CPU profile of each bot process over the run window alone (no start-up, no stop). */
  botProfileDir?: string | null;
}

/** One performance target of issue #16, as the report states it. */
export interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  /** null: not measured in this run (e.g. no /metrics access). */
  met: boolean | null;
}

export interface LoadReport {
  bots: number;
  processes: number;
  servers: number;
  /** The run itself: from the moment every bot was launched to the moment they were told to stop. */
  durationS: number;
  /**
   * From the end of the duration to the report: the bots leaving the queue and resigning the games in hand,
   * the servers this runner started shutting down (with --endpoint, 300 ms for the last results to land),
   * and the database check. `gamesEnded` is how many games the stop ended; they are checked like any other.
   */
  stop: { totalMs: number; botsMs: number; serversMs: number; databaseMs: number; gamesEnded: number };
  matchesCompleted: number;
  matchesPerSecond: number;
  joinsPerSecond: number;
  timeToMatchMs: { p50: number; p99: number; count: number };
  moveRoundTripMs: { p50: number; p95: number; p99: number; count: number };
  errors: Record<string, number>;
  /** Where the processes ran: taskset CPU lists, null when not pinned. */
  pinning: { serverCpus: string | null; botCpus: string | null };
  /** The bot processes' own CPU over the run, % of one core each (process.cpuUsage); with one process, the coordinator's too. */
  botProcesses: { cpuPercent: number[]; totalCpuPercent: number; runQueueWaitMs: number[] };
  /**
   * The servers over the run, from two scrapes of /metrics (at the start and at the end of the duration); all
   * null without /metrics access. Summed over servers, except maxima.
   */
  server: {
    cpuPercent: number | null;
    rssMb: number | null;
    /** Ms the servers' event-loop threads were runnable but not running over the run (other processes on their CPU). */
    runQueueWaitMs: number | null;
    /** Complete matches the servers recorded over the run (parlor_matches_total), and CPU ms spent per match. */
    matchesRecorded: number | null;
    cpuMsPerMatch: number | null;
    /** Moves as the server timed them, message in to patch out (parlor_move_seconds bucket deltas, interpolated). */
    moveMs: { p50: number | null; p99: number | null; count: number | null };
    /**
     * Event-loop lateness beyond schedule (parlor_event_loop_delay_seconds, a 10 ms sampler): p50/p99 from bucket
     * deltas, max exact over the window, and how many samples were over 20 ms.
     */
    loopDelayMs: { p50: number | null; p99: number | null; max: number | null; over20ms: number | null; samples: number | null };
  };
  database: {
    checked: boolean;
    matchesSeen: number;
    /** Recorded matches the bots saw finish, by game, non-aborted ones: every game asked for is played to an end. */
    finishedByGame: Record<string, number>;
    missing: string[];
    wrongWinner: string[];
    problems: string[];
  };
  /** Issue #16's targets for a human-paced run, each with what this run measured; not part of `ok`. */
  targets: TargetCheck[];
  /** Correctness: no error reported to a bot, and a clean database check. */
  ok: boolean;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function mergeStats(into: BotStats, from: BotStats) {
  into.matchesFinished += from.matchesFinished;
  into.matchesCounted += from.matchesCounted;
  into.joins += from.joins;
  into.timeToMatchMs.push(...from.timeToMatchMs);
  into.moveRoundTripMs.push(...from.moveRoundTripMs);
  into.finished.push(...from.finished);
  addErrors(into.errors, from.errors);
}

function addErrors(into: Record<string, number>, from: Record<string, number>) {
  for (const [code, n] of Object.entries(from)) into[code] = (into[code] ?? 0) + n;
}

/** What the live progress line shows, once a second. */
export interface LiveProgress {
  /** Seconds since the bots were launched. */
  elapsedS: number;
  /** True once the duration is over and the bots are stopping. */
  stopping: boolean;
  bots: number;
  matches: number;
  joins: number;
  errors: number;
}

export interface RunHooks {
  /** Called with each progress line's figures, whether or not the line is printed (`quiet`). */
  onProgress?: (progress: LiveProgress) => void;
}

export function progressLine(p: LiveProgress): string {
  return `${p.elapsedS.toFixed(0)}s  bots ${p.bots}  matches ${p.matches}  joins ${p.joins}  errors ${p.errors}${p.stopping ? "  stopping" : ""}`;
}

/** Bots of one process signing in and joining the lobby at the same time. */
export const SIGN_IN_CONCURRENCY = 32;

/** How long the bots have to stop; a bot still busy after that is closed and counted as a STOP_TIMEOUT error. */
export const STOP_BUDGET_MS = 10_000;

/** --games a,b: registered games only (every one by default). */
function parseGames(list: string): GameName[] {
  const games = list.split(",").map((g) => g.trim()).filter(Boolean);
  for (const game of games) if (!isGameName(game)) throw new Error(`--games: no game "${game}"; the games are ${GAME_NAMES.join(", ")}`);
  return games as GameName[];
}

const splitArgs = (args: string | undefined) => (args ? args.split(/\s+/).filter(Boolean) : []);

const HELP = `npm run loadtest -- [options]

  --bots N                 bots in all (100)
  --duration S             seconds of run, from the moment every bot is launched (15)
  --think MIN-MAX          ms a bot thinks before each move (300-1500)
  --processes N            bot processes (1: the bots run in this process)
  --servers N              Parlor processes to start, on one Redis (1)
  --games a,b              games the bots queue (all)
  --endpoint ws://h:p,...  servers run by someone else (then --db and --monitor-password)
  --db FILE|postgres://    the database to check after the run
  --monitor-password P     /metrics password of --endpoint servers (or MONITOR_PASSWORD)
  --server-cpus LIST       pin the servers started here to these CPUs (taskset -c LIST), e.g. 0
  --bot-cpus LIST          pin the bot processes to these CPUs (and this process, when the bots run in it), e.g. 1
  --server-node-args="…"  node options for the servers started here, e.g. --server-node-args="--cpu-prof --cpu-prof-dir=/tmp/prof"
  --bot-node-args="…"     node options for forked bot processes (forks even with --processes 1)
  --bot-profile DIR        a CPU profile of each bot process over the run window only (bots-<pid>.cpuprofile)
  --json FILE              write the report as JSON
  --quiet                  no progress line

The report gives both sides' CPU (server from /metrics, bots from process.cpuUsage), the move round trip as the
bots saw it and as the server timed it (parlor_move_seconds), and the server's event-loop delay
(parlor_event_loop_delay_seconds), each over the run window, with issue #16's targets and whether each is met.
Exits 1 on any bot error or database inconsistency; a missed performance target does not fail the run.`;

function parseOptions(argv: string[]): RunOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      bots: { type: "string", default: "100" },
      duration: { type: "string", default: "15" },
      think: { type: "string", default: "300-1500" },
      processes: { type: "string", default: "1" },
      servers: { type: "string", default: "1" },
      endpoint: { type: "string" },
      db: { type: "string" },
      json: { type: "string" },
      "monitor-password": { type: "string" },
      games: { type: "string", default: GAME_NAMES.join(",") },
      quiet: { type: "boolean", default: false },
      "server-cpus": { type: "string" },
      "bot-cpus": { type: "string" },
      "server-node-args": { type: "string" },
      "bot-node-args": { type: "string" },
      "bot-profile": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const [min, max] = values.think!.split("-").map(Number);
  const options: RunOptions = {
    bots: Number(values.bots),
    durationS: Number(values.duration),
    think: [min, max ?? min],
    processes: Math.max(1, Number(values.processes)),
    servers: Math.max(1, Number(values.servers)),
    endpoint: values.endpoint ?? null,
    db: values.db ?? null,
    json: values.json ?? null,
    monitorPassword: values["monitor-password"] ?? process.env.MONITOR_PASSWORD ?? null,
    games: parseGames(values.games!),
    quiet: values.quiet!,
    serverCpus: values["server-cpus"] ?? null,
    botCpus: values["bot-cpus"] ?? null,
    serverNodeArgs: splitArgs(values["server-node-args"]),
    botNodeArgs: splitArgs(values["bot-node-args"]),
    botProfileDir: values["bot-profile"] ?? null,
  };
  for (const cpus of [options.serverCpus, options.botCpus]) if (cpus != null && !/^[0-9][0-9,-]*$/.test(cpus)) throw new Error("--server-cpus and --bot-cpus take a taskset CPU list, e.g. 0 or 0,2-3");
  if (!Number.isInteger(options.bots) || options.bots < 2) throw new Error("--bots must be an integer of at least 2");
  if (!(options.durationS > 0)) throw new Error("--duration must be a positive number of seconds");
  if (!(options.think[0] >= 0 && options.think[1] >= options.think[0])) throw new Error("--think must look like 300-1500");
  return options;
}

// ---- a worker: runs its share of bots and reports to the coordinator ----

interface Endpoint {
  httpUrl: string;
  wsUrl: string;
}

type WorkerCounts = Pick<BotStats, "matchesCounted" | "joins" | "errors">;

/**
 * What a worker tells the coordinator. The same messages whether the worker runs in the coordinator's
 * process or in a forked one, so that both feed the progress line the same way.
 */
type WorkerMessage = { type: "started" } | { type: "progress"; counts: WorkerCounts } | { type: "done"; result: WorkerResult };

/** A worker's bots' figures, and its process's CPU time between the clock's start and the stop (null if the clock never started). */
interface WorkerResult {
  stats: BotStats;
  /** Joins (lobby and game rooms) from the clock's start to the end of the stop. */
  joinsInRun: number;
  cpu: { seconds: number; wallSeconds: number; runQueueWaitMs: number | null } | null;
}

/** What the coordinator tells a worker: the clock has started (CPU is measured from here), or stop. */
interface WorkerSignals {
  clock: Promise<void>;
  stop: Promise<void>;
}

/** Launches `count` bots, keeps them playing until `stopSignal`, then stops them within STOP_BUDGET_MS. */
async function runWorker(
  endpoints: Endpoint[],
  count: number,
  offset: number,
  options: RunOptions,
  signals: WorkerSignals,
  send: (message: WorkerMessage) => void,
): Promise<WorkerResult> {
  const stats = emptyStats();
  let cpuAtClock: { usage: NodeJS.CpuUsage; at: number; waitMs: number | null } | null = null;
  const profiler = options.botProfileDir ? new inspector.Session() : null;
  const post = (method: string) => new Promise<any>((resolve, reject) => profiler!.post(method, (error, result) => (error ? reject(error) : resolve(result))));
  let joinsAtClock = 0;
  void signals.clock.then(async () => {
    cpuAtClock = { usage: process.cpuUsage(), at: performance.now(), waitMs: runQueueWaitMs("self") };
    // Latencies and joins cover the run from here; what came before was the bots arriving. Finished games are
    // all kept: the database check covers every one.
    stats.timeToMatchMs.length = 0;
    stats.moveRoundTripMs.length = 0;
    joinsAtClock = stats.joins;
    if (!profiler) return;
    profiler.connect();
    await post("Profiler.enable");
    await post("Profiler.start");
  });
  const bots: LobbyBot[] = [];
  const report = () => send({ type: "progress", counts: { matchesCounted: stats.matchesCounted, joins: stats.joins, errors: { ...stats.errors } } });
  const progress = setInterval(report, 1000);
  // Bots arrive as fast as the server takes them, SIGN_IN_CONCURRENCY at a time per process: thousands of
  // sign-ups at once overflow the listen backlog and outlast seat reservations (socket hang-ups, expired seats).
  let inFlight = 0;
  let slotFreed: (() => void) | null = null;
  for (let i = 0; i < count; i++) {
    while (inFlight >= SIGN_IN_CONCURRENCY) await new Promise<void>((r) => (slotFreed = r));
    // Bots spread over the servers, so players of one match often come in through different processes.
    const { httpUrl, wsUrl } = endpoints[(offset + i) % endpoints.length];
    const bot = new LobbyBot({ httpUrl, wsUrl, name: `bot ${offset + i}`, think: options.think, games: options.games, stats });
    bots.push(bot);
    inFlight++;
    bot
      .start()
      .catch((error) => {
        stats.errors.START = (stats.errors.START ?? 0) + 1;
        if (!options.quiet) console.error(`bot ${offset + i} could not start: ${error.message}`);
      })
      .finally(() => {
        inFlight--;
        const freed = slotFreed;
        slotFreed = null;
        freed?.();
      });
  }
  // The clock starts once every bot has signed in and joined the lobby (or failed to): the run measures the
  // steady state, not thousands of sign-ups at once.
  await Promise.all(bots.map((b) => b.start().catch(() => {})));
  send({ type: "started" });
  await signals.stop;
  const clocked = cpuAtClock as { usage: NodeJS.CpuUsage; at: number; waitMs: number | null } | null;
  const used = clocked && process.cpuUsage(clocked.usage);
  const waitNow = runQueueWaitMs("self");
  const cpu =
    used && clocked
      ? {
          seconds: (used.user + used.system) / 1e6,
          wallSeconds: (performance.now() - clocked.at) / 1000,
          runQueueWaitMs: waitNow !== null && clocked.waitMs !== null ? Math.round(waitNow - clocked.waitMs) : null,
        }
      : null;
  if (profiler && clocked) {
    const { profile } = await post("Profiler.stop");
    fs.mkdirSync(options.botProfileDir!, { recursive: true });
    fs.writeFileSync(path.join(options.botProfileDir!, `bots-${process.pid}.cpuprofile`), JSON.stringify(profile));
    profiler.disconnect();
  }
  const stopped = Promise.all(bots.map((b) => b.stop()));
  let budget: NodeJS.Timeout | undefined;
  const inTime = await Promise.race([stopped.then(() => true), new Promise<boolean>((r) => (budget = setTimeout(() => r(false), STOP_BUDGET_MS)))]);
  clearTimeout(budget);
  if (!inTime) {
    // Counted, not waited for: a stop that hangs is a defect to see, not a run that never ends.
    for (const bot of bots.filter((b) => !b.stopped)) {
      bot.abandon();
      stats.errors.STOP_TIMEOUT = (stats.errors.STOP_TIMEOUT ?? 0) + 1;
    }
  }
  clearInterval(progress);
  report();
  return { stats, cpu, joinsInRun: stats.joins - joinsAtClock };
}

interface WorkerHandle {
  clockStarted(): void;
  stop(): void;
  done: Promise<WorkerResult>;
}

/** Runs a worker in this process (`--processes 1`) or in a forked one. */
function startWorker(
  index: number,
  job: { endpoints: Endpoint[]; count: number; offset: number; options: RunOptions },
  onMessage: (message: WorkerMessage) => void,
): WorkerHandle {
  const { options } = job;
  if (options.processes === 1 && !options.botNodeArgs?.length) {
    let stop!: () => void;
    let clockStarted!: () => void;
    const signals = { stop: new Promise<void>((resolve) => (stop = resolve)), clock: new Promise<void>((resolve) => (clockStarted = resolve)) };
    return { stop, clockStarted, done: runWorker(job.endpoints, job.count, job.offset, options, signals, onMessage) };
  }
  const execArgv = ["--require", "tsx/cjs", ...(options.botNodeArgs ?? [])];
  // Pinned through taskset, which execs node in place: same pid, same IPC channel.
  const child = options.botCpus
    ? fork(__filename, ["--worker", JSON.stringify(job)], { execPath: "taskset", execArgv: ["-c", options.botCpus, process.execPath, ...execArgv] })
    : fork(__filename, ["--worker", JSON.stringify(job)], { execArgv });
  const done = new Promise<WorkerResult>((resolve, reject) => {
    child.on("message", (m: WorkerMessage) => {
      onMessage(m);
      if (m.type === "done") resolve(m.result);
    });
    child.on("exit", (code) => (code === 0 ? undefined : reject(new Error(`worker ${index} exited with ${code}`))));
  });
  const tell = (type: "clock" | "stop") => child.connected && child.send({ type });
  return { stop: () => tell("stop"), clockStarted: () => tell("clock"), done };
}

// ---- the coordinator ----

/** Starts a Parlor server process for the run; the caller stops it. */
export async function spawnServer(
  env: Record<string, string>,
  run: { cpus?: string | null; nodeArgs?: string[] } = {},
): Promise<{ child: ChildProcess; port: number; dataDir: string; password: string }> {
  const port = await freePort();
  const dataDir = env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "parlor-load-"));
  const password = env.MONITOR_PASSWORD ?? `load-${process.pid}-${Date.now()}`;
  const root = path.resolve(__dirname, "..");
  const nodeArgs = ["--require", "tsx/cjs", ...(run.nodeArgs ?? []), path.join(root, "server/main.ts")];
  const [command, args] = run.cpus ? ["taskset", ["-c", run.cpus, process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const child = spawn(command, args, {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      MONITOR_PASSWORD: password,
      MAX_CONNECTIONS_PER_IP: "0",
      API_REQUESTS_PER_MINUTE: "0",
      SIGNUPS_PER_HOUR: "0",
      MATCHMAKE_REQUESTS_PER_MINUTE: "0",
      LOG_LEVEL: "warn",
      PARLOR_CLIENT_BUILD: "off",
      // In a cluster, clients reach this process's rooms at its own port.
      ...(env.REDIS_URL ? { PUBLIC_ADDRESS: `127.0.0.1:${port}`, PARLOR_INSTANCE: `127.0.0.1:${port}` } : {}),
      ...env,
      DATA_DIR: dataDir,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not start within 30 s")), 30_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Parlor is up")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`the server exited with ${code} before it was up`)));
  });
  child.stdout!.resume();
  return { child, port, dataDir, password };
}

/** One server's /metrics samples, or null without access. */
async function scrapeServer(httpUrl: string, password: string | null): Promise<Sample[] | null> {
  if (!password) return null;
  try {
    const res = await fetch(`${httpUrl}/metrics`, { headers: { authorization: `Basic ${Buffer.from(`admin:${password}`).toString("base64")}` } });
    if (res.status !== 200) return null;
    return parsePromText(await res.text());
  } catch {
    return null;
  }
}

/** Every match the bots saw finish is recorded once with the same winner, and stats add up. */
/** `db` is a SQLite file or a postgres:// URL. */
export async function checkDatabase(db: string, finished: BotStats["finished"]): Promise<LoadReport["database"]> {
  const store = /^postgres(ql)?:\/\//.test(db) ? await openPostgresStore({ url: db, poolSize: 2 }) : openSqliteStore({ file: db });
  try {
    const seen = new Map<string, BotStats["finished"][number]>();
    const wrongWinner: string[] = [];
    for (const f of finished) {
      const before = seen.get(f.roomId);
      if (before && before.winner !== f.winner) wrongWinner.push(`${f.roomId}: the two players saw different winners`);
      seen.set(f.roomId, f);
    }
    const missing: string[] = [];
    const finishedByGame: Record<string, number> = {};
    for (const [roomId, f] of seen) {
      const match = await store.getMatch(roomId);
      if (!match) missing.push(roomId);
      else if (!f.aborted && match.winner !== f.winner) wrongWinner.push(`${roomId}: recorded ${match.winner}, seen ${f.winner}`);
      if (match && !match.aborted) finishedByGame[match.game] = (finishedByGame[match.game] ?? 0) + 1;
    }
    const { problems } = await store.checkStatsInvariant();
    return { checked: true, matchesSeen: seen.size, finishedByGame, missing, wrongWinner, problems };
  } finally {
    await store.close();
  }
}

/** The servers a run talks to: the ones it started (stopped by `stop`), or the ones given with --endpoint. */
interface Target {
  endpoints: Endpoint[];
  dbFile: string | null;
  password: string | null;
  /** Whether `stop` shuts servers down; with --endpoint they belong to someone else. */
  owned: boolean;
  /** The started servers' process ids (none with --endpoint). */
  pids: number[];
  stop(): Promise<void>;
}

async function startTarget(options: RunOptions): Promise<Target> {
  if (options.endpoint) {
    // Several servers of one cluster: --endpoint ws://a:2567,ws://b:2568
    const endpoints = options.endpoint.split(",").map((wsUrl) => ({ wsUrl: wsUrl.trim(), httpUrl: wsUrl.trim().replace(/^ws/, "http") }));
    return { endpoints, dbFile: options.db, password: options.monitorPassword, owned: false, pids: [], stop: async () => {} };
  }
  const servers: Awaited<ReturnType<typeof spawnServer>>[] = [];
  let redis: Awaited<ReturnType<typeof startRedis>> | null = null;
  const stop = async () => {
    await Promise.all(
      servers.map(async (server) => {
        if (server.child.exitCode !== null || server.child.signalCode !== null) return;
        const exited = new Promise((r) => server.child.once("exit", r));
        server.child.kill("SIGTERM");
        await exited;
      }),
    );
    await redis?.stop();
    redis = null;
  };
  try {
    const env: Record<string, string> = {};
    if (options.servers > 1) {
      redis = process.env.REDIS_URL ? null : await startRedis();
      env.REDIS_URL = process.env.REDIS_URL ?? redis!.url;
      env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "parlor-load-"));
      env.MONITOR_PASSWORD = `load-${process.pid}-${Date.now()}`;
    }
    for (let i = 0; i < options.servers; i++) servers.push(await spawnServer(env, { cpus: options.serverCpus, nodeArgs: options.serverNodeArgs }));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    endpoints: servers.map((s) => ({ wsUrl: `ws://127.0.0.1:${s.port}`, httpUrl: `http://127.0.0.1:${s.port}` })),
    dbFile: path.join(servers[0].dataDir, "parlor.db"),
    password: servers[0].password,
    owned: true,
    pids: servers.map((s) => s.child.pid!),
    stop,
  };
}

/** Every server's /metrics samples, taken together at `at`. */
interface Scrape {
  at: number;
  /** One list per server. */
  servers: Sample[][];
  /** Summed over the servers this runner started: ms their main threads spent runnable but not running (null otherwise). */
  runQueueWaitMs: number | null;
}

/**
 * Ms a process's main thread (the event loop) has waited on a run queue: runnable, but the CPU was busy with
 * something else. On a shared machine this tells a loop starved by other processes from a loop blocked by its own work.
 */
export function runQueueWaitMs(pid: number | "self"): number | null {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[1]) / 1e6;
  } catch {
    return null;
  }
}

/** The server side of the report, from scrapes at the start and the end of the run window. */
export function serverFigures(before: Scrape | null, after: Scrape | null): LoadReport["server"] {
  const none = { p50: null, p99: null };
  if (!before || !after) {
    return {
      cpuPercent: null,
      rssMb: null,
      runQueueWaitMs: null,
      matchesRecorded: null,
      cpuMsPerMatch: null,
      moveMs: { ...none, count: null },
      loopDelayMs: { ...none, max: null, over20ms: null, samples: null },
    };
  }
  const all = (s: Scrape) => s.servers.flat();
  const delta = (name: string, where: Record<string, string> = {}) => (sumOf(all(after), name, where) ?? NaN) - (sumOf(all(before), name, where) ?? 0);
  const histogram = (name: string) => {
    const end = histogramBuckets(all(after), name);
    return end && bucketDelta(histogramBuckets(all(before), name), end);
  };
  const ms = (seconds: number) => (Number.isFinite(seconds) ? Number((seconds * 1000).toFixed(3)) : null);
  const cpuSeconds = delta("parlor_process_cpu_seconds_total");
  const matches = delta("parlor_matches_total");
  const moves = histogram("parlor_move_seconds");
  const loop = histogram("parlor_event_loop_delay_seconds");
  // The max gauge covers the time since the previous scrape: the one at the start of the run.
  const maxes = after.servers.map((s) => sumOf(s, "parlor_event_loop_delay_max_seconds")).filter((v): v is number => v !== null);
  const rss = sumOf(all(after), "parlor_process_resident_memory_bytes");
  return {
    cpuPercent: Number.isFinite(cpuSeconds) ? Number(((cpuSeconds / ((after.at - before.at) / 1000)) * 100).toFixed(1)) : null,
    rssMb: rss === null ? null : Number((rss / 2 ** 20).toFixed(1)),
    runQueueWaitMs: after.runQueueWaitMs !== null && before.runQueueWaitMs !== null ? Math.round(after.runQueueWaitMs - before.runQueueWaitMs) : null,
    matchesRecorded: Number.isFinite(matches) ? matches : null,
    cpuMsPerMatch: matches > 0 ? Number(((cpuSeconds * 1000) / matches).toFixed(2)) : null,
    moveMs: moves
      ? { p50: ms(bucketQuantile(0.5, moves)), p99: ms(bucketQuantile(0.99, moves)), count: moves.counts[moves.counts.length - 1] }
      : { ...none, count: null },
    loopDelayMs: loop
      ? {
          p50: ms(bucketQuantile(0.5, loop)),
          p99: ms(bucketQuantile(0.99, loop)),
          max: maxes.length ? ms(Math.max(...maxes)) : null,
          over20ms: countAbove(0.02, loop),
          samples: loop.counts[loop.counts.length - 1],
        }
      : { ...none, max: null, over20ms: null, samples: null },
  };
}

/** Issue #16's targets for the 5,000-bot run, checked against a report's figures. */
export function checkTargets(r: Pick<LoadReport, "errors" | "database" | "server" | "moveRoundTripMs">): TargetCheck[] {
  const db = r.database;
  const errorCount = Object.values(r.errors).reduce((a, b) => a + b, 0);
  const at = (value: number | null, limit: number, unit = " ms"): Pick<TargetCheck, "measured" | "met"> =>
    value === null || !Number.isFinite(value) ? { measured: "not measured", met: null } : { measured: `${value}${unit}`, met: value <= limit };
  const { loopDelayMs: loop, moveMs, cpuPercent } = r.server;
  return [
    { name: "errors", target: "0", measured: String(errorCount), met: errorCount === 0 },
    {
      name: "database check",
      target: "clean",
      measured: db.checked ? `${db.missing.length} missing, ${db.wrongWinner.length} wrong winners, ${db.problems.length} stats problems` : "not checked",
      met: db.checked ? db.missing.length + db.wrongWinner.length + db.problems.length === 0 : null,
    },
    { name: "server event-loop delay p99", target: "≤ 5 ms", ...at(loop.p99, 5) },
    // Exact from the max gauge; the bucket count above 20 ms says the same without it.
    { name: "server event-loop delay max", target: "≤ 20 ms", ...at(loop.max, 20), ...(loop.max === null && loop.over20ms !== null ? { measured: `${loop.over20ms} samples over 20 ms`, met: loop.over20ms === 0 } : {}) },
    { name: "server-side move p99", target: "≤ 5 ms", ...at(moveMs.p99, 5) },
    { name: "bot-side move round trip p99", target: "≤ 50 ms", ...at(Number.isNaN(r.moveRoundTripMs.p99) ? null : r.moveRoundTripMs.p99, 50) },
    { name: "server CPU", target: "≤ 60% of its core", ...at(cpuPercent, 60, "%") },
  ];
}

/** The bots' side of a run: what they saw, and when the clock started, ran out, and the last bot stopped. */
interface BotsRun {
  stats: BotStats;
  joinsInRun: number;
  runStart: number;
  stopAt: number;
  stoppedAt: number;
  /** The servers' /metrics when the clock started and when it ran out. */
  scrapeAtStart: Scrape | null;
  scrapeAtStop: Scrape | null;
  /** Each bot process's CPU over the run, % of one core, and its main thread's run-queue wait. */
  botCpuPercent: number[];
  botRunQueueWaitMs: number[];
}

/**
 * Launches every worker's bots, starts the clock once all are launched (forked workers take a while to
 * start), and when the duration is over tells every worker to stop at the same moment.
 */
async function runBots(endpoints: Endpoint[], options: RunOptions, hooks: RunHooks, scrape: () => Promise<Scrape | null>): Promise<BotsRun> {
  const live = new Map<number, WorkerCounts>();
  let launched = 0;
  let allLaunched!: () => void;
  const everyoneLaunched = new Promise<void>((resolve) => (allLaunched = resolve));
  let runStart = 0;
  let stopAt = 0;
  const tick = () => {
    const errors: Record<string, number> = {};
    let matches = 0;
    let joins = 0;
    for (const c of live.values()) {
      matches += c.matchesCounted;
      joins += c.joins;
      addErrors(errors, c.errors);
    }
    const progress: LiveProgress = {
      elapsedS: runStart ? (Date.now() - runStart) / 1000 : 0,
      stopping: stopAt > 0,
      bots: options.bots,
      matches,
      joins,
      errors: Object.values(errors).reduce((a, b) => a + b, 0),
    };
    hooks.onProgress?.(progress);
    if (!options.quiet) process.stdout.write(`\r${progressLine(progress)}   `);
  };
  const progress = setInterval(tick, 1000);

  const share = (i: number) => Math.floor(options.bots / options.processes) + (i < options.bots % options.processes ? 1 : 0);
  const workers: WorkerHandle[] = [];
  let offset = 0;
  for (let i = 0; i < options.processes; i++) {
    const count = share(i);
    workers.push(
      startWorker(i, { endpoints, count, offset, options }, (m) => {
        if (m.type === "progress") live.set(i, m.counts);
        if (m.type === "started" && ++launched === options.processes) allLaunched();
      }),
    );
    offset += count;
  }
  const allDone = Promise.all(workers.map((w) => w.done));
  // A worker that dies ends the run at once rather than at the end of the duration.
  const failed = new Promise<never>((_, reject) => allDone.catch(reject));
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([everyoneLaunched, failed]);
    runStart = Date.now();
    for (const w of workers) w.clockStarted();
    const runOver = new Promise((r) => (timer = setTimeout(r, options.durationS * 1000)));
    // This scrape also starts the window of the servers' reset-on-scrape gauges (the loop-delay max).
    const scrapeAtStart = await scrape();
    await Promise.race([runOver, failed]);
    // Scraped before the stop, so the figures cover the run and not the stop's burst of resignations; the
    // scrape is timed from when it was asked for, as the run's end is.
    stopAt = Date.now();
    const scrapeAtStop = await scrape();
    for (const w of workers) w.stop();
    const stats = emptyStats();
    const botCpuPercent: number[] = [];
    const botRunQueueWaitMs: number[] = [];
    let joinsInRun = 0;
    for (const { stats: s, cpu, joinsInRun: joins } of await allDone) {
      mergeStats(stats, s);
      joinsInRun += joins;
      if (cpu) botCpuPercent.push(Number(((cpu.seconds / cpu.wallSeconds) * 100).toFixed(1)));
      if (cpu?.runQueueWaitMs != null) botRunQueueWaitMs.push(cpu.runQueueWaitMs);
    }
    const stoppedAt = Date.now();
    tick();
    if (!options.quiet) process.stdout.write("\n");
    return { stats, joinsInRun, runStart, stopAt, stoppedAt, scrapeAtStart, scrapeAtStop, botCpuPercent, botRunQueueWaitMs };
  } finally {
    clearTimeout(timer);
    clearInterval(progress);
    // After a failure, the other workers' bots stop too rather than play on against servers going away.
    if (!stopAt) for (const w of workers) w.stop();
  }
}

export async function runLoad(options: RunOptions, hooks: RunHooks = {}): Promise<LoadReport> {
  // Bots running in this process (and the coordinator itself) go on the bot CPUs; forked ones are pinned as they start.
  if (options.botCpus && options.processes === 1 && !options.botNodeArgs?.length) execFileSync("taskset", ["-a", "-p", "-c", options.botCpus, String(process.pid)], { stdio: "ignore" });
  const target = await startTarget(options);
  try {
    const { endpoints, dbFile, password } = target;
    const scrape = async (): Promise<Scrape | null> => {
      const at = Date.now();
      const waits = target.pids.map((pid) => runQueueWaitMs(pid));
      const servers = await Promise.all(endpoints.map((e) => scrapeServer(e.httpUrl, password)));
      const waited = waits.length && waits.every((w) => w !== null) ? (waits as number[]).reduce((a, b) => a + b, 0) : null;
      return servers.every(Boolean) ? { at, servers: servers as Sample[][], runQueueWaitMs: waited } : null;
    };
    const { stats: total, joinsInRun, runStart, stopAt, stoppedAt, scrapeAtStart, scrapeAtStop, botCpuPercent, botRunQueueWaitMs } = await runBots(endpoints, options, hooks, scrape);

    // Servers started here are shut down first: once they have exited, every result they were handed is written.
    // A server run by someone else (--endpoint) is given a moment for the last results to land.
    if (target.owned) await target.stop();
    else await new Promise((r) => setTimeout(r, 300));
    const serversStoppedAt = Date.now();
    const database = dbFile
      ? await checkDatabase(dbFile, total.finished)
      : { checked: false, matchesSeen: new Set(total.finished.map((f) => f.roomId)).size, finishedByGame: {}, missing: [], wrongWinner: [], problems: ["no --db given: the database was not checked"] };
    const checkedAt = Date.now();

    const runS = (stopAt - runStart) / 1000;
    const report: LoadReport = {
      bots: options.bots,
      processes: options.processes,
      servers: endpoints.length,
      durationS: Number(runS.toFixed(1)),
      stop: {
        totalMs: checkedAt - stopAt,
        botsMs: stoppedAt - stopAt,
        serversMs: serversStoppedAt - stoppedAt,
        databaseMs: checkedAt - serversStoppedAt,
        gamesEnded: new Set(total.finished.filter((f) => f.at > stopAt).map((f) => f.roomId)).size,
      },
      matchesCompleted: database.matchesSeen,
      // Over the run itself: games that ended while the bots arrived or that the stop ended are not counted.
      matchesPerSecond: Number((new Set(total.finished.filter((f) => f.at >= runStart && f.at <= stopAt).map((f) => f.roomId)).size / runS).toFixed(1)),
      joinsPerSecond: Number((joinsInRun / ((stoppedAt - runStart) / 1000)).toFixed(1)),
      timeToMatchMs: {
        p50: Number(percentile(total.timeToMatchMs, 50).toFixed(2)),
        p99: Number(percentile(total.timeToMatchMs, 99).toFixed(2)),
        count: total.timeToMatchMs.length,
      },
      moveRoundTripMs: {
        p50: Number(percentile(total.moveRoundTripMs, 50).toFixed(2)),
        p95: Number(percentile(total.moveRoundTripMs, 95).toFixed(2)),
        p99: Number(percentile(total.moveRoundTripMs, 99).toFixed(2)),
        count: total.moveRoundTripMs.length,
      },
      errors: total.errors,
      pinning: { serverCpus: target.owned ? options.serverCpus ?? null : null, botCpus: options.botCpus ?? null },
      botProcesses: { cpuPercent: botCpuPercent, totalCpuPercent: Number(botCpuPercent.reduce((a, b) => a + b, 0).toFixed(1)), runQueueWaitMs: botRunQueueWaitMs },
      server: serverFigures(scrapeAtStart, scrapeAtStop),
      database,
      targets: [],
      ok: false,
    };
    report.targets = checkTargets(report);
    report.ok =
      Object.keys(report.errors).length === 0 &&
      database.checked &&
      database.missing.length === 0 &&
      database.wrongWinner.length === 0 &&
      database.problems.length === 0;
    return report;
  } finally {
    // Also on a failed run: no server or Redis outlives the runner.
    await target.stop();
  }
}

function printReport(r: LoadReport) {
  console.log(`Parlor load test: ${r.bots} bots in ${r.processes} process(es) against ${r.servers} server(s) for ${r.durationS} s`);
  const s = (ms: number) => (ms / 1000).toFixed(1);
  console.log(
    `  stop                ${s(r.stop.totalMs)} s after the duration (bots ${s(r.stop.botsMs)} s, servers ${s(r.stop.serversMs)} s, database ${s(r.stop.databaseMs)} s; ${r.stop.gamesEnded} games ended by it)`,
  );
  console.log(`  matches completed   ${r.matchesCompleted} (${r.matchesPerSecond}/s)`);
  console.log(`  joins               ${r.joinsPerSecond}/s`);
  console.log(`  time to match       p50 ${r.timeToMatchMs.p50} ms, p99 ${r.timeToMatchMs.p99} ms (${r.timeToMatchMs.count})`);
  console.log(`  move round trip     p50 ${r.moveRoundTripMs.p50} ms, p95 ${r.moveRoundTripMs.p95} ms, p99 ${r.moveRoundTripMs.p99} ms (${r.moveRoundTripMs.count})`);
  console.log(`  errors              ${Object.keys(r.errors).length ? JSON.stringify(r.errors) : "none"}`);
  const sv = r.server;
  const pin = (cpus: string | null) => (cpus === null ? "" : ` (CPUs ${cpus})`);
  console.log(`  server${pin(r.pinning.serverCpus).padEnd(14)}${sv.cpuPercent ?? "?"}% of a core, ${sv.rssMb ?? "?"} MB RSS; ${sv.matchesRecorded ?? "?"} matches recorded, ${sv.cpuMsPerMatch ?? "?"} ms CPU per match`);
  if (sv.runQueueWaitMs !== null) console.log(`                      its event loop waited ${sv.runQueueWaitMs} ms for a CPU (run queue) over the run`);
  console.log(`  server-side move    p50 ${sv.moveMs.p50 ?? "?"} ms, p99 ${sv.moveMs.p99 ?? "?"} ms (${sv.moveMs.count ?? "?"}; message in to patch out)`);
  const loop = sv.loopDelayMs;
  console.log(`  server loop delay   p50 ${loop.p50 ?? "?"} ms, p99 ${loop.p99 ?? "?"} ms, max ${loop.max ?? "?"} ms (${loop.over20ms ?? "?"} of ${loop.samples ?? "?"} samples over 20 ms)`);
  console.log(`  bot processes${pin(r.pinning.botCpus).padEnd(7)}${r.botProcesses.cpuPercent.map((c) => `${c}%`).join(" + ")} = ${r.botProcesses.totalCpuPercent}% of a core; run-queue wait ${r.botProcesses.runQueueWaitMs.map((w) => `${w} ms`).join(" + ") || "?"}`);
  const db = r.database;
  console.log(
    `  database            ${db.checked ? `${db.matchesSeen} matches seen (${Object.entries(db.finishedByGame).map(([g, n]) => `${g} ${n}`).join(", ")}); missing ${db.missing.length}; wrong winner ${db.wrongWinner.length}; stats problems ${db.problems.length}` : db.problems[0]}`,
  );
  for (const line of [...db.missing.slice(0, 5).map((m) => `missing ${m}`), ...db.wrongWinner.slice(0, 5), ...db.problems.slice(0, 5)]) console.log(`    ${line}`);
  console.log("  targets (issue #16):");
  for (const t of r.targets) console.log(`    ${t.met === null ? "  ?" : t.met ? " ok" : "MISS"}  ${t.name.padEnd(30)} ${t.target.padEnd(18)} ${t.measured}`);
  console.log(r.ok ? "OK" : "FAILED");
}

async function main() {
  const workerIndex = process.argv.indexOf("--worker");
  if (workerIndex >= 0) {
    const { endpoints, count, offset, options } = JSON.parse(process.argv[workerIndex + 1]);
    // A coordinator that is gone cannot stop this worker or read its figures.
    process.once("disconnect", () => process.exit(1));
    const signal = (type: string) => new Promise<void>((resolve) => process.on("message", (m: { type?: string }) => m?.type === type && resolve()));
    const result = await runWorker(endpoints, count, offset, options, { clock: signal("clock"), stop: signal("stop") }, (m) => process.send!(m));
    process.send!({ type: "done", result } satisfies WorkerMessage, () => process.exit(0));
    return;
  }
  const options = parseOptions(process.argv.slice(2));
  const report = await runLoad(options);
  printReport(report);
  if (options.json) fs.writeFileSync(options.json, JSON.stringify(report, null, 2));
  process.exit(report.ok ? 0 : 1);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  });
}
