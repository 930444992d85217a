/**
 * Headless load-test runner: bots play real games through the lobby, then the database is checked.
 *
 *   npm run loadtest -- --bots 2000 --duration 60 --think 300-1500 [--processes 2] [--servers 2] [--json report.json]
 *   npm run loadtest -- --endpoint ws://host:2567 --db /path/to/parlor.db --monitor-password …
 *
 * Without --endpoint it starts its own server on a free loopback port with a temporary database;
 * with --servers N, N server processes sharing that database and one Redis (REDIS_URL, or a
 * redis-server it starts), the bots spread over them.
 * Exits non-zero on any error reported to a bot or any inconsistency in the database.
 */
import { fork, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { GameName } from "../games/registry";
import { openPostgresStore } from "../store/postgres";
import { openSqliteStore } from "../store/sqlite";
import { emptyStats, LobbyBot, type BotStats } from "./bot";
import { freePort } from "./freePort";
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
}

export interface LoadReport {
  bots: number;
  processes: number;
  servers: number;
  durationS: number;
  matchesCompleted: number;
  matchesPerSecond: number;
  joinsPerSecond: number;
  timeToMatchMs: { p50: number; p99: number; count: number };
  moveRoundTripMs: { p50: number; p95: number; p99: number; count: number };
  errors: Record<string, number>;
  server: { cpuPercent: number | null; rssMb: number | null };
  database: { checked: boolean; matchesSeen: number; missing: string[]; wrongWinner: string[]; problems: string[] };
  ok: boolean;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function mergeStats(into: BotStats, from: BotStats) {
  into.matchesFinished += from.matchesFinished;
  into.joins += from.joins;
  into.timeToMatchMs.push(...from.timeToMatchMs);
  into.moveRoundTripMs.push(...from.moveRoundTripMs);
  into.finished.push(...from.finished);
  for (const [code, n] of Object.entries(from.errors)) into.errors[code] = (into.errors[code] ?? 0) + n;
}

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
      games: { type: "string", default: "tictactoe,rps" },
      quiet: { type: "boolean", default: false },
    },
  });
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
    games: values.games!.split(",") as GameName[],
    quiet: values.quiet!,
  };
  if (!Number.isInteger(options.bots) || options.bots < 2) throw new Error("--bots must be an integer of at least 2");
  if (!(options.durationS > 0)) throw new Error("--duration must be a positive number of seconds");
  if (!(options.think[0] >= 0 && options.think[1] >= options.think[0])) throw new Error("--think must look like 300-1500");
  return options;
}

// ---- a worker: runs its share of bots and reports back over IPC ----

interface Endpoint {
  httpUrl: string;
  wsUrl: string;
}

async function runWorker(endpoints: Endpoint[], count: number, offset: number, options: RunOptions) {
  const stats = emptyStats();
  const bots: LobbyBot[] = [];
  const report = () => process.send?.({ type: "progress", stats: { ...stats, timeToMatchMs: [], moveRoundTripMs: [], finished: [] } });
  const progress = setInterval(report, 1000);
  // Bots arrive over the first second or so rather than all at once.
  for (let i = 0; i < count; i++) {
    // Bots spread over the servers, so players of one match often come in through different processes.
    const { httpUrl, wsUrl } = endpoints[(offset + i) % endpoints.length];
    const bot = new LobbyBot({ httpUrl, wsUrl, name: `bot ${offset + i}`, think: options.think, games: options.games, stats });
    bots.push(bot);
    bot.start().catch((error) => {
      stats.errors.START = (stats.errors.START ?? 0) + 1;
      if (!options.quiet) console.error(`bot ${offset + i} could not start: ${error.message}`);
    });
    if (i % 50 === 49) await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, options.durationS * 1000));
  const stopping = Promise.all(bots.map((b) => b.stop()));
  await Promise.race([stopping, new Promise((r) => setTimeout(r, 30_000))]);
  clearInterval(progress);
  return stats;
}

// ---- the coordinator ----

/** Starts a Parlor server process for the run; the caller stops it. */
export async function spawnServer(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; dataDir: string; password: string }> {
  const port = await freePort();
  const dataDir = env.DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "parlor-load-"));
  const password = env.MONITOR_PASSWORD ?? `load-${process.pid}-${Date.now()}`;
  const root = path.resolve(__dirname, "..");
  const child = spawn(process.execPath, ["--require", "tsx/cjs", path.join(root, "server/main.ts")], {
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

async function serverUsage(httpUrl: string, password: string | null): Promise<{ cpuSeconds: number; rssBytes: number } | null> {
  if (!password) return null;
  try {
    const res = await fetch(`${httpUrl}/metrics`, { headers: { authorization: `Basic ${Buffer.from(`admin:${password}`).toString("base64")}` } });
    if (res.status !== 200) return null;
    const text = await res.text();
    const read = (name: string) => Number(text.match(new RegExp(`^${name} ([0-9.e+]+)`, "m"))?.[1]);
    return { cpuSeconds: read("parlor_process_cpu_seconds_total"), rssBytes: read("parlor_process_resident_memory_bytes") };
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
    for (const [roomId, f] of seen) {
      const match = await store.getMatch(roomId);
      if (!match) missing.push(roomId);
      else if (!f.aborted && match.winner !== f.winner) wrongWinner.push(`${roomId}: recorded ${match.winner}, seen ${f.winner}`);
    }
    const { problems } = await store.checkStatsInvariant();
    return { checked: true, matchesSeen: seen.size, missing, wrongWinner, problems };
  } finally {
    await store.close();
  }
}

export async function runLoad(options: RunOptions): Promise<LoadReport> {
  const servers: Awaited<ReturnType<typeof spawnServer>>[] = [];
  let redis: Awaited<ReturnType<typeof startRedis>> | null = null;
  let endpoints: Endpoint[];
  let dbFile = options.db;
  let password = options.monitorPassword;
  if (options.endpoint) {
    // Several servers of one cluster: --endpoint ws://a:2567,ws://b:2568
    endpoints = options.endpoint.split(",").map((wsUrl) => ({ wsUrl: wsUrl.trim(), httpUrl: wsUrl.trim().replace(/^ws/, "http") }));
  } else {
    const env: Record<string, string> = {};
    if (options.servers > 1) {
      redis = process.env.REDIS_URL ? null : await startRedis();
      env.REDIS_URL = process.env.REDIS_URL ?? redis!.url;
      env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "parlor-load-"));
      env.MONITOR_PASSWORD = `load-${process.pid}-${Date.now()}`;
    }
    for (let i = 0; i < options.servers; i++) servers.push(await spawnServer(env));
    endpoints = servers.map((s) => ({ wsUrl: `ws://127.0.0.1:${s.port}`, httpUrl: `http://127.0.0.1:${s.port}` }));
    dbFile = path.join(servers[0].dataDir, "parlor.db");
    password = servers[0].password;
  }
  const usage = async () => {
    const all = await Promise.all(endpoints.map((e) => serverUsage(e.httpUrl, password)));
    if (!all.every(Boolean)) return null;
    return { cpuSeconds: all.reduce((n, u) => n + u!.cpuSeconds, 0), rssBytes: all.reduce((n, u) => n + u!.rssBytes, 0) };
  };
  const total = emptyStats();
  const live = new Map<number, BotStats>();
  const started = Date.now();
  const usageBefore = await usage();

  const progress = setInterval(() => {
    if (options.quiet) return;
    const sum = emptyStats();
    for (const s of live.values()) mergeStats(sum, s);
    const errors = Object.values(sum.errors).reduce((a, b) => a + b, 0);
    const elapsed = (Date.now() - started) / 1000;
  const runEnd = Math.min(Date.now(), started + options.durationS * 1000);
    process.stdout.write(`\r${elapsed.toFixed(0)}s  bots ${options.bots}  matches ${sum.matchesFinished}  joins ${sum.joins}  errors ${errors}   `);
  }, 1000);

  const share = (i: number) => Math.floor(options.bots / options.processes) + (i < options.bots % options.processes ? 1 : 0);
  const workers: Promise<BotStats>[] = [];
  let offset = 0;
  for (let i = 0; i < options.processes; i++) {
    const count = share(i);
    const from = offset;
    offset += count;
    if (options.processes === 1) {
      workers.push(runWorker(endpoints, count, from, options));
      continue;
    }
    workers.push(
      new Promise((resolve, reject) => {
        const child = fork(__filename, ["--worker", JSON.stringify({ endpoints, count, offset: from, options })], {
          execArgv: ["--require", "tsx/cjs"],
        });
        child.on("message", (m: any) => {
          if (m.type === "progress") live.set(i, m.stats);
          if (m.type === "done") resolve(m.stats);
        });
        child.on("exit", (code) => (code === 0 ? undefined : reject(new Error(`worker ${i} exited with ${code}`))));
      }),
    );
  }
  for (const stats of await Promise.all(workers)) mergeStats(total, stats);
  clearInterval(progress);
  if (!options.quiet) process.stdout.write("\n");
  const elapsed = (Date.now() - started) / 1000;
  const runEnd = Math.min(Date.now(), started + options.durationS * 1000);
  const usageAfter = await usage();

  // Let the last results land before reading the database.
  await new Promise((r) => setTimeout(r, 300));
  const database = dbFile
    ? await checkDatabase(dbFile, total.finished)
    : { checked: false, matchesSeen: new Set(total.finished.map((f) => f.roomId)).size, missing: [], wrongWinner: [], problems: ["no --db given: the database was not checked"] };

  await Promise.all(
    servers.map(async (server) => {
      if (server.child.exitCode !== null) return;
      const exited = new Promise((r) => server.child.once("exit", r));
      server.child.kill("SIGTERM");
      await exited;
    }),
  );
  await redis?.stop();

  const report: LoadReport = {
    bots: options.bots,
    processes: options.processes,
    servers: endpoints.length,
    durationS: Number(elapsed.toFixed(1)),
    matchesCompleted: database.matchesSeen,
    // Over the run itself: the stop at the end (bots finishing the games they are in) is not counted.
    matchesPerSecond: Number((new Set(total.finished.filter((f) => f.at <= runEnd).map((f) => f.roomId)).size / ((runEnd - started) / 1000)).toFixed(1)),
    joinsPerSecond: Number((total.joins / elapsed).toFixed(1)),
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
    server: {
      cpuPercent: usageBefore && usageAfter ? Number((((usageAfter.cpuSeconds - usageBefore.cpuSeconds) / elapsed) * 100).toFixed(1)) : null,
      rssMb: usageAfter ? Number((usageAfter.rssBytes / 2 ** 20).toFixed(1)) : null,
    },
    database,
    ok: false,
  };
  report.ok =
    Object.keys(report.errors).length === 0 &&
    database.checked &&
    database.missing.length === 0 &&
    database.wrongWinner.length === 0 &&
    database.problems.length === 0;
  return report;
}

function printReport(r: LoadReport) {
  console.log(`Parlor load test: ${r.bots} bots in ${r.processes} process(es) against ${r.servers} server(s) for ${r.durationS} s`);
  console.log(`  matches completed   ${r.matchesCompleted} (${r.matchesPerSecond}/s)`);
  console.log(`  joins               ${r.joinsPerSecond}/s`);
  console.log(`  time to match       p50 ${r.timeToMatchMs.p50} ms, p99 ${r.timeToMatchMs.p99} ms (${r.timeToMatchMs.count})`);
  console.log(`  move round trip     p50 ${r.moveRoundTripMs.p50} ms, p95 ${r.moveRoundTripMs.p95} ms, p99 ${r.moveRoundTripMs.p99} ms (${r.moveRoundTripMs.count})`);
  console.log(`  errors              ${Object.keys(r.errors).length ? JSON.stringify(r.errors) : "none"}`);
  console.log(`  server              ${r.server.cpuPercent ?? "?"}% CPU, ${r.server.rssMb ?? "?"} MB RSS`);
  const db = r.database;
  console.log(
    `  database            ${db.checked ? `${db.matchesSeen} matches seen; missing ${db.missing.length}; wrong winner ${db.wrongWinner.length}; stats problems ${db.problems.length}` : db.problems[0]}`,
  );
  for (const line of [...db.missing.slice(0, 5).map((m) => `missing ${m}`), ...db.wrongWinner.slice(0, 5), ...db.problems.slice(0, 5)]) console.log(`    ${line}`);
  console.log(r.ok ? "OK" : "FAILED");
}

async function main() {
  const workerIndex = process.argv.indexOf("--worker");
  if (workerIndex >= 0) {
    const { endpoints, count, offset, options } = JSON.parse(process.argv[workerIndex + 1]);
    const stats = await runWorker(endpoints, count, offset, options);
    process.send!({ type: "done", stats }, () => process.exit(0));
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
