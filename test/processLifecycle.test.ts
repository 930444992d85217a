import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import Database from "better-sqlite3";
import { Client, type Room } from "colyseus.js";
import { emptyStats, LobbyBot } from "../loadtest/bot";
import { freePort } from "../loadtest/freePort";
import { spawnServer } from "../loadtest/run";
import { startRedis, type TestRedis } from "../loadtest/redisServer";
import { openSqliteStore } from "../store/sqlite";
import { collect, signUp, sleep, startTestServer, tempDir, waitForState } from "./support/harness";

type Spawned = Awaited<ReturnType<typeof spawnServer>>;

async function guest(base: string, name: string) {
  const res = await fetch(`${base}/api/guest`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name }) });
  return (await res.json()) as { playerId: string; token: string };
}

function exited(child: Spawned["child"]): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve({ code: child.exitCode, signal: child.signalCode });
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
}

/** Two players in the lobby, matched, both seated; resolves their game rooms. */
async function matchedPair(server: { port: number }) {
  const base = `http://127.0.0.1:${server.port}`;
  const rooms: Room[] = [];
  const lobbies: Room[] = [];
  const players = [await guest(base, "left"), await guest(base, "right")];
  const matched = [] as Promise<any>[];
  for (const p of players) {
    const client = new Client(`ws://127.0.0.1:${server.port}`);
    client.auth.token = p.token;
    const lobby = await client.joinOrCreate("lobby");
    lobbies.push(lobby);
    matched.push(collect(lobby, "matched").next());
    lobby.send("queue", { game: "tictactoe" });
    await sleep(30);
    (lobby as any).client = client;
  }
  const reservations = await Promise.all(matched);
  for (let i = 0; i < 2; i++) rooms.push(await (lobbies[i] as any).client.consumeSeatReservation(reservations[i].reservation));
  await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "playing")));
  return { rooms, lobbies, clients: lobbies.map((l) => (l as any).client as Client) };
}

describe("the server process: shutdown and crashes", function () {
  this.timeout(60_000);

  it("SIGTERM: stops joins, tells clients, aborts games in progress, closes the database and exits in time", async () => {
    const server = await spawnServer({ SHUTDOWN_TIMEOUT_MS: "5000", LOG_LEVEL: "info" });
    const file = path.join(server.dataDir, "parlor.db");
    let stdout = "";
    server.child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const { rooms, lobbies } = await matchedPair(server);
    const x = rooms.find((r) => r.state.players.get(r.sessionId).seat === 0)!;
    x.send("move", { cell: 4 });
    await Promise.all(rooms.map((r) => waitForState(r, (s) => s.board[4] === "X")));
    const notices = rooms.map((r) => collect(r, "server:shutdown"));
    const lobbyNotice = collect(lobbies[0], "server:shutdown");
    const finalStates = rooms.map((r) => waitForState(r, (s) => s.status === "aborted"));

    const sent = Date.now();
    server.child.kill("SIGTERM");
    const [{ code }] = await Promise.all([exited(server.child), ...notices.map((n) => n.next()), lobbyNotice.next()]);
    assert.equal(code, 0, "a clean exit");
    assert.ok(Date.now() - sent < 5000, "within the shutdown timeout");
    const final = await finalStates[0];
    assert.equal(final.reason, "shutdown");
    // Structured logs: one JSON object a line, with a level.
    const logs = stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
    assert.ok(logs.some((l) => l.level === 30 && l.msg === "shutting down" && l.signal === "SIGTERM"), stdout);
    assert.ok(logs.some((l) => l.msg === "shut down cleanly"));

    // The database was closed cleanly: no WAL left to replay, the game recorded as aborted, stats consistent.
    const store = openSqliteStore({ file });
    try {
      const match = (await store.getMatch(rooms[0].roomId))!;
      assert.equal(match.aborted, true);
      assert.equal(match.reason, "shutdown");
      assert.deepEqual((await store.checkStatsInvariant()).problems, []);
    } finally {
      store.close();
    }
  });

  it("refuses new joins and reports unhealthy from the moment shutdown begins", async () => {
    const server = await startTestServer();
    const late = await signUp(server, "late");
    const closing = server.close();
    const health = await fetch(`${server.url}/healthz`).catch(() => null);
    if (health) assert.equal(health.status, 503);
    await assert.rejects(late.client.joinOrCreate("lobby"), (e: Error) => /SERVER_SHUTTING_DOWN|ECONNREFUSED|fetch failed|closed/i.test(`${e.message} ${(e as any).cause?.code ?? ""}`));
    await closing;
  });

  it("kill -9 mid-run: after a restart every match is complete and counted once, and running games are recorded as crashed", async () => {
    const dataDir = tempDir("parlor-crash-");
    const file = path.join(dataDir, "parlor.db");
    let server = await spawnServer({ DATA_DIR: dataDir, BOT_FILL_SECONDS: "0" });
    const http = `http://127.0.0.1:${server.port}`;
    const ws = `ws://127.0.0.1:${server.port}`;
    const stats = emptyStats();
    const bots = Array.from({ length: 30 }, (_, i) => new LobbyBot({ httpUrl: http, wsUrl: ws, name: `crash ${i}`, think: [20, 120], games: ["tictactoe", "rps"], stats }));
    await Promise.all(bots.map((b) => b.start()));

    // A player with a game in hand whose reconnection token outlives the process.
    const { rooms, clients } = await matchedPair(server);
    const token = rooms[0].reconnectionToken;
    await sleep(2500);
    assert.ok(stats.matchesFinished > 5, `bots finished ${stats.matchesFinished} matches before the crash`);

    server.child.kill("SIGKILL");
    await exited(server.child);
    const seenBeforeCrash = new Set(stats.finished.filter((f) => !f.aborted).map((f) => f.roomId));
    await Promise.all(bots.map((b) => b.stop()));
    const raw = new Database(file, { readonly: true });
    const interrupted = (raw.prepare("SELECT id FROM live_matches").all() as { id: string }[]).map((r) => r.id);
    raw.close();
    assert.ok(interrupted.includes(rooms[0].roomId), "the game in hand was noted as running");

    server = await spawnServer({ DATA_DIR: dataDir });
    try {
      // Reconnecting into a game of the dead process fails with a message, promptly.
      const started = Date.now();
      await assert.rejects(clients[0].reconnect(token), (e: Error) => e.message.length > 0);
      assert.ok(Date.now() - started < 5000, "no hang");

      const store = openSqliteStore({ file });
      try {
        assert.deepEqual((await store.checkStatsInvariant()).problems, []);
        for (const roomId of seenBeforeCrash) {
          const match = await store.getMatch(roomId);
          assert.ok(match, `finished match ${roomId} is recorded`);
          assert.ok(match!.endedAt >= match!.startedAt);
          assert.ok(Array.isArray(match!.moves) && match!.moves.length > 0);
        }
        for (const id of interrupted) {
          const match = (await store.getMatch(id))!;
          assert.equal(match.reason, "crash");
          assert.equal(match.aborted, true);
        }
        const raw2 = new Database(file, { readonly: true });
        assert.equal((raw2.prepare("SELECT COUNT(*) AS n FROM live_matches").get() as { n: number }).n, 0);
        raw2.close();
      } finally {
        store.close();
      }
    } finally {
      server.child.kill("SIGTERM");
      await exited(server.child);
    }
  });
});

const ROOT = path.resolve(__dirname, "..");

/** A live process as /proc shows it; the start time tells it apart from a later process with a reused pid. */
interface ProcessInfo {
  pid: number;
  ppid: number;
  state: string;
  startTime: string;
  command: string;
}

function readProcess(pid: number): ProcessInfo | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after "(comm)": state, ppid, … starttime is the 22nd field overall.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const command = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    return { pid, ppid: Number(rest[1]), state: rest[0], startTime: rest[19], command };
  } catch {
    return null;
  }
}

/** The process and all its descendants, from the ppid links in /proc. */
function processTree(root: number): ProcessInfo[] {
  const all = fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name)).map((name) => readProcess(Number(name))).filter((p): p is ProcessInfo => p !== null);
  const tree = all.filter((p) => p.pid === root);
  for (let i = 0; i < tree.length; i++) tree.push(...all.filter((p) => p.ppid === tree[i].pid));
  return tree;
}

/** Still running: the same process (same start time) and not a zombie waiting to be reaped. */
function stillRunning(p: ProcessInfo): boolean {
  const now = readProcess(p.pid);
  return now !== null && now.startTime === p.startTime && now.state !== "Z" && now.state !== "X";
}

/** The process of the tree that holds the socket listening on the port (from /proc/net/tcp* and each fd). */
function listenerOf(port: number, tree: ProcessInfo[]): ProcessInfo | undefined {
  const portHex = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of fs.readFileSync(table, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT, st 0A is LISTEN, the 10th field is the inode.
      if (fields.length > 9 && fields[1].endsWith(`:${portHex}`) && fields[3] === "0A") inodes.add(fields[9]);
    }
  }
  return tree.find((p) => {
    try {
      return fs.readdirSync(`/proc/${p.pid}/fd`).some((fd) => inodes.has(fs.readlinkSync(`/proc/${p.pid}/fd/${fd}`).replace(/^socket:\[(\d+)\]$/, "$1")));
    } catch {
      return false;
    }
  });
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function waitUntil(condition: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await sleep(100);
  }
  return condition();
}

interface Started {
  child: ChildProcess;
  port: number;
  /** The process tree once it was up, to check that all of it is gone after the stop. */
  tree: ProcessInfo[];
  output: () => string;
}

/** Every tree a test started, so a failed test leaves no server behind. */
const startedTrees: ProcessInfo[][] = [];

function killLeftovers() {
  for (const p of startedTrees.splice(0).flat()) if (stillRunning(p)) process.kill(p.pid, "SIGKILL");
}

const SHUTDOWN_TIMEOUT_MS = 5000;

/** Starts a production command the way a supervisor does, and resolves once it says "Parlor is up". */
async function startAsSupervisor(command: string, args: string[], env: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: tempDir("parlor-supervised-"),
      MONITOR_PASSWORD: "supervised",
      PARLOR_CLIENT_BUILD: "off",
      LOG_LEVEL: "info",
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      BOT_FILL_SECONDS: "0",
      npm_config_update_notifier: "false",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not up within 40 s:\n${output}`)), 40_000);
    child.stdout!.on("data", () => {
      if (output.includes("Parlor is up")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code, signal) => reject(new Error(`exited (${signal ?? code}) before it was up:\n${output}`)));
  });
  const tree = processTree(child.pid!);
  startedTrees.push(tree);
  return { child, port, tree, output: () => output };
}

/**
 * SIGTERM to the started process only, as `docker stop` or systemd with KillMode=mixed do, then
 * checks what a supervisor needs: a clean exit, the port released, no process of the tree left.
 */
async function stopAsSupervisor(started: Started) {
  const { child, port, tree } = started;
  // Anything started since it came up belongs to the tree too.
  for (const p of processTree(child.pid!)) if (!tree.some((q) => q.pid === p.pid)) tree.push(p);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  assert.ok(child.kill("SIGTERM"));
  const { code, signal } = await exit;
  const released = await waitUntil(async () => !(await acceptsConnections(port)), SHUTDOWN_TIMEOUT_MS + 2000);
  await waitUntil(() => !tree.some(stillRunning), 3000);
  const left = tree.filter(stillRunning);
  assert.deepEqual(left.map((p) => `${p.pid} ${p.command}`), [], `processes left running after SIGTERM to ${child.pid}`);
  assert.ok(released, `port ${port} still accepts connections`);
  assert.deepEqual({ code, signal }, { code: 0, signal: null }, "the started process exits 0");
  const logs = started.output().split("\n").flatMap((line) => {
    try {
      return [JSON.parse(line)];
    } catch {
      return [];
    }
  });
  assert.ok(logs.some((l) => l.msg === "shutting down" && l.signal === "SIGTERM"), started.output());
  assert.ok(logs.some((l) => l.msg === "shut down cleanly"), started.output());
}

describe("under a supervisor: SIGTERM to the very process that was started", function () {
  this.timeout(90_000);
  afterEach(killLeftovers);

  it("npm start: the server is npm's only child, shuts down cleanly, releases the port, and nothing is orphaned", async () => {
    const started = await startAsSupervisor("npm", ["start"]);
    const server = listenerOf(started.port, started.tree);
    assert.ok(server, `the process listening on ${started.port} runs under npm: ${JSON.stringify(started.tree)}`);
    assert.equal((await fetch(`http://127.0.0.1:${started.port}/healthz`)).status, 200);
    await stopAsSupervisor(started);
    // Why it works: no shell or tsx CLI in between, so the SIGTERM npm forwards to its child reaches the server itself.
    assert.equal(server.ppid, started.child.pid, `the server is npm's own child: ${JSON.stringify(started.tree, null, 1)}`);
  });

  describe("one supervisor for a cluster", () => {
    let redis: TestRedis;
    before(async () => (redis = await startRedis()));
    after(() => redis.stop());

    it("npm run start:cluster: SIGTERM to npm stops the supervisor and its processes cleanly, nothing orphaned", async () => {
      const started = await startAsSupervisor("npm", ["run", "start:cluster", "--", "--processes", "1"], { REDIS_URL: redis.url, PUBLIC_HOST: "127.0.0.1" });
      assert.ok(listenerOf(started.port, started.tree), `a server of the tree listens on ${started.port}: ${JSON.stringify(started.tree)}`);
      await stopAsSupervisor(started);
    });
  });

  describe("the build: node dist/server/main.js", () => {
    before(async function () {
      this.timeout(180_000);
      const build = spawn("npm", ["run", "build:server"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      build.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      build.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const code = await new Promise((resolve) => build.once("exit", resolve));
      assert.equal(code, 0, `npm run build:server failed:\n${output}`);
    });

    it("resolves the client from the package root, not from dist/", () => {
      const built = require(path.join(ROOT, "dist/server/clientBuild.js")) as typeof import("../server/clientBuild");
      assert.equal(built.CLIENT_DIST, path.join(ROOT, "client", "dist"));
    });

    it("plays a move (schema decorators compiled right), then shuts down cleanly on SIGTERM with nothing left", async () => {
      const started = await startAsSupervisor(process.execPath, ["dist/server/main.js"]);
      assert.equal(listenerOf(started.port, started.tree)?.pid, started.child.pid, "node itself holds the port");
      const { rooms } = await matchedPair(started);
      const x = rooms.find((r) => r.state.players.get(r.sessionId).seat === 0)!;
      x.send("move", { cell: 4 });
      await Promise.all(rooms.map((r) => waitForState(r, (s) => s.board[4] === "X")));
      await stopAsSupervisor(started);
    });

    it("node dist/server/startCluster.js runs the built server processes and stops them cleanly on SIGTERM", async () => {
      const redis = await startRedis();
      try {
        const started = await startAsSupervisor(process.execPath, ["dist/server/startCluster.js", "--processes", "1"], { REDIS_URL: redis.url, PUBLIC_HOST: "127.0.0.1" });
        const server = listenerOf(started.port, started.tree);
        assert.ok(server?.command.includes("dist/server/main.js"), `the built main serves: ${JSON.stringify(started.tree)}`);
        await stopAsSupervisor(started);
      } finally {
        await redis.stop();
      }
    });
  });
});
