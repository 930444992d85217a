import assert from "node:assert/strict";
import path from "node:path";
import Database from "better-sqlite3";
import { Client, type Room } from "colyseus.js";
import { emptyStats, LobbyBot } from "../loadtest/bot";
import { spawnServer } from "../loadtest/run";
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
async function matchedPair(server: Spawned) {
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
