import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { Client, type Room } from "colyseus.js";
import { startRedis, type TestRedis } from "../loadtest/redisServer";
import { freePort, runLoad, spawnServer } from "../loadtest/run";
import { CLOSE_SESSION_ENDED } from "../protocol/wire";
import { collect, subscribe, tempDir, waitForState } from "./support/harness";
import { startPostgres, type TestPostgres } from "./support/postgres";

type Spawned = Awaited<ReturnType<typeof spawnServer>>;

async function guest(port: number, name: string) {
  const res = await fetch(`http://127.0.0.1:${port}/api/guest`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name }) });
  assert.equal(res.status, 201);
  return (await res.json()) as { playerId: string; token: string };
}

/** A player whose HTTP and matchmaking go through the process on `port`. */
async function playerVia(port: number, name: string) {
  const g = await guest(port, name);
  const client = new Client(`ws://127.0.0.1:${port}`);
  client.auth.token = g.token;
  const lobby = await client.joinOrCreate("lobby");
  return { ...g, client, lobby };
}

/** The port of the process a room's socket is connected to. */
function socketPort(room: Room): number {
  return Number(new URL((room.connection.transport as unknown as { ws: WebSocket }).ws.url).port);
}

async function stop(server: Spawned, signal: NodeJS.Signals = "SIGTERM") {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill(signal);
  await exited;
}

/** X plays 0, 1, 2 and O plays 3, 4: X wins on the top row. */
async function playToWin(rooms: Room[]) {
  const x = rooms.find((r) => r.state.players.get(r.sessionId).seat === 0)!;
  const o = rooms.find((r) => r !== x)!;
  for (const [room, cell] of [[x, 0], [o, 3], [x, 1], [o, 4], [x, 2]] as const) {
    room.send("move", { cell });
    await waitForState(x, (s) => s.board[cell] !== "");
  }
  await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "finished")));
  return x;
}


/** A player's tic-tac-toe record, as the process on `port` reads it. */
async function record(port: number, playerId: string) {
  const profile = await (await fetch(`http://127.0.0.1:${port}/api/players/${playerId}`)).json();
  const stats = profile.stats.find((s: { game: string }) => s.game === "tictactoe");
  return { wins: stats.wins, losses: stats.losses, games: stats.games };
}

let postgres: TestPostgres | null = null;
after(async () => {
  await postgres?.stop();
});

for (const storeKind of ["SQLite", "PostgreSQL"] as const) describe(`a cluster: two Parlor processes on one real Redis, ${storeKind} store`, function () {
  this.timeout(120_000);
  let redis: TestRedis;
  let dataDir: string;
  /** What the load test's database check opens: the shared SQLite file or the PostgreSQL URL. */
  let database: string;
  let servers: Spawned[] = [];

  before(async function () {
    this.timeout(60_000);
    redis = await startRedis();
    dataDir = tempDir("parlor-cluster-");
    const env: Record<string, string> = { REDIS_URL: redis.url, DATA_DIR: dataDir, MONITOR_PASSWORD: "cluster-test", NO_SHOW_MS: "5000" };
    database = path.join(dataDir, "parlor.db");
    if (storeKind === "PostgreSQL") {
      postgres ??= await startPostgres();
      database = env.DATABASE_URL = await postgres.createDatabase();
    }
    // One after the other, so the first holds the lobby.
    servers = [await spawnServer(env), await spawnServer(env)];
  });
  after(async () => {
    await Promise.all(servers.map((s) => stop(s)));
    await redis?.stop();
  });

  it("matches players who came in through different processes; they play to the end and the result is recorded once", async () => {
    const [p1, p2] = servers;
    const ann = await playerVia(p1.port, "ann");
    const bob = await playerVia(p2.port, "bob");
    // One lobby for the cluster, whichever process a player asked.
    assert.equal(ann.lobby.roomId, bob.lobby.roomId);
    assert.equal(socketPort(ann.lobby), p1.port, "the lobby lives on the first process");
    await subscribe(ann.lobby, "counts").until((c) => c.online === 2);

    const matched = [collect(ann.lobby, "matched").next(), collect(bob.lobby, "matched").next()];
    ann.lobby.send("queue", { game: "tictactoe" });
    bob.lobby.send("queue", { game: "tictactoe" });
    const [ma, mb] = await Promise.all(matched);
    assert.equal(ma.reservation.room.roomId, mb.reservation.room.roomId);
    const rooms = [await ann.client.consumeSeatReservation(ma.reservation), await bob.client.consumeSeatReservation(mb.reservation)];
    // The lobby's process had a room already, so the game went to the other one; both reached it there.
    assert.deepEqual(rooms.map(socketPort), [p2.port, p2.port]);
    await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "playing")));
    // The live-games list counts games on every process.
    await subscribe(ann.lobby, "live").until((l) => l.games.some((g: any) => g.roomId === rooms[0].roomId));

    const x = await playToWin(rooms);
    const winnerId = x.state.players.get(x.sessionId).playerId;
    await new Promise((r) => setTimeout(r, 300));
    const loserId = [ann.playerId, bob.playerId].find((id) => id !== winnerId)!;
    for (const s of servers) {
      const match = await (await fetch(`http://127.0.0.1:${s.port}/api/matches/${rooms[0].roomId}`)).json();
      assert.equal(match.winner, winnerId, `process on ${s.port} reads the same result`);
      // Counted once: one game, one win, one loss.
      assert.deepEqual(await record(s.port, winnerId), { wins: 1, losses: 0, games: 1 });
      assert.deepEqual(await record(s.port, loserId), { wins: 0, losses: 1, games: 1 });
    }
    for (const r of [...rooms, ann.lobby, bob.lobby]) await r.leave();
  });

  it("a bot run across both processes passes the load test's consistency check", async () => {
    const report = await runLoad({
      bots: 60,
      durationS: 10,
      think: [50, 200],
      processes: 1,
      servers: 1,
      endpoint: servers.map((s) => `ws://127.0.0.1:${s.port}`).join(","),
      db: database,
      json: null,
      monitorPassword: "cluster-test",
      games: ["tictactoe", "rps"],
      quiet: true,
    });
    assert.deepEqual(report.errors, {});
    assert.equal(report.servers, 2);
    assert.equal(report.database.checked, true);
    assert.deepEqual(report.database.missing, []);
    assert.deepEqual(report.database.wrongWinner, []);
    assert.deepEqual(report.database.problems, []);
    assert.ok(report.matchesCompleted > 20, `${report.matchesCompleted} matches`);
  });

  it("a session revoked through one process closes its connection held by the other (code 4401)", async () => {
    const [lobbyProcess, other] = servers;
    const api = (method: string, path: string, token?: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${other.port}/api${path}`, {
        method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    const eve = await guest(other.port, "eve");
    assert.equal((await api("POST", "/account/claim", eve.token, { username: `eve_${storeKind}`, password: "a long password" })).status, 201);
    const phone = (await (await api("POST", "/account/signin", undefined, { username: `eve_${storeKind}`, password: "a long password" })).json()) as { token: string; sessionId: string };
    const client = new Client(`ws://127.0.0.1:${lobbyProcess.port}`);
    client.auth.token = phone.token;
    const lobby = await client.joinOrCreate("lobby");
    assert.equal(socketPort(lobby), lobbyProcess.port);
    const closed = new Promise<number>((resolve) => lobby.onLeave(resolve));
    assert.equal((await api("DELETE", `/account/sessions/${phone.sessionId}`, eve.token)).status, 204);
    assert.equal(await closed, CLOSE_SESSION_ENDED, "closed by the lobby's process, told over Redis by the one that revoked it");
  });

  it("the queue survives losing the process that does not hold the lobby", async () => {
    const [lobbyProcess, other] = servers;
    const cat = await playerVia(lobbyProcess.port, "cat");
    const matched = collect(cat.lobby, "matched").next();
    cat.lobby.send("queue", { game: "tictactoe" });
    await collect(cat.lobby, "queued").next();

    await stop(other, "SIGKILL");

    const dan = await playerVia(lobbyProcess.port, "dan");
    const danMatched = collect(dan.lobby, "matched").next();
    dan.lobby.send("queue", { game: "tictactoe" });
    const [mc, md] = await Promise.all([matched, danMatched]);
    const rooms = [await cat.client.consumeSeatReservation(mc.reservation), await dan.client.consumeSeatReservation(md.reservation)];
    assert.deepEqual(rooms.map(socketPort), [lobbyProcess.port, lobbyProcess.port], "the game went to the process still alive");
    await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "playing")));
    const x = await playToWin(rooms);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await (await fetch(`http://127.0.0.1:${lobbyProcess.port}/api/matches/${rooms[0].roomId}`)).json()).reason, "line");
    assert.deepEqual(await record(lobbyProcess.port, x.state.players.get(x.sessionId).playerId), { wins: 1, losses: 0, games: 1 });
  });
});

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

describe("npm run start:cluster", function () {
  this.timeout(90_000);

  it("starts N processes on consecutive ports that share one lobby, and stops them all on SIGTERM", async () => {
    const redis = await startRedis();
    // Two consecutive free ports.
    let basePort = await freePort();
    while (!(await portFree(basePort + 1))) basePort = await freePort();
    const child = spawn(process.execPath, ["--require", "tsx/cjs", "server/startCluster.ts", "--processes", "2"], {
      cwd: path.resolve(__dirname, ".."),
      env: { ...process.env, REDIS_URL: redis.url, PORT: String(basePort), HOST: "127.0.0.1", PUBLIC_HOST: "127.0.0.1", DATA_DIR: tempDir("parlor-cluster-cli-"), LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    try {
      const ports = [basePort, basePort + 1];
      const deadline = Date.now() + 60_000;
      while ((out.match(/Parlor is up/g) ?? []).length < 2) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the cluster did not come up:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      for (const port of ports) assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
      const [a, b] = [await playerVia(ports[0], "ann"), await playerVia(ports[1], "bob")];
      assert.equal(a.lobby.roomId, b.lobby.roomId, "one lobby across the processes");
      // Whichever process a player asked, the socket goes to the one holding the lobby (its PUBLIC_ADDRESS).
      assert.equal(socketPort(b.lobby), socketPort(a.lobby));
      assert.ok(ports.includes(socketPort(a.lobby)));
      await a.lobby.leave();
      await b.lobby.leave();
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      child.kill("SIGTERM");
      assert.equal(await exited, 0);
      for (const port of ports) await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`));
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await redis.stop();
    }
  });
});
