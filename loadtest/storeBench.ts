/**
 * Bench rows for the store (issue #16, goal 2): results recorded per second with the writer off the event loop,
 * the event loop's own CPU per result, and whether move throughput changes when games keep ending.
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Room } from "colyseus.js";
import { Client } from "colyseus.js";
import { GAMES } from "../games/registry";
import type { Seat } from "../games/types";
import type { startParlor } from "../server/app";
import { openSqliteStore } from "../store/sqlite";
import type { MatchResult } from "../store/types";
import { percentile } from "./run";

/** CPU time of this process's main thread in ns (Linux schedstat), or null where it cannot be read. */
function mainThreadCpuNs(): number | null {
  try {
    return Number(fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ")[0]);
  } catch {
    return null;
  }
}

/**
 * Results recorded through the SQLite store as rooms hand them in: `inFlight` rooms each record a result and,
 * once it is acknowledged (committed), the next. Times the whole process and, apart, its main thread: what a
 * result costs the event loop that the game rooms share.
 */
export async function benchResultWrites(dir: string, total = 40_000, inFlight = 1_000) {
  const store = openSqliteStore({ file: path.join(dir, "results.db") });
  const players = await Promise.all(Array.from({ length: 200 }, (_, i) => store.createGuest(`p${i}`)));
  const resultOf = (i: number): MatchResult => {
    const a = players[i % 200];
    const b = players[(i + 1 + (i % 199)) % 200];
    return {
      matchId: `bench-${i}`,
      game: i % 2 ? "tictactoe" : "rps",
      players: [
        { playerId: a.playerId, name: a.name },
        { playerId: b.playerId, name: b.name },
      ],
      winner: a.playerId,
      reason: "line",
      rated: true,
      moves: [{ seat: 0, move: 4, at: 100 }],
      startedAt: i,
      endedAt: i + 1,
    };
  };
  // Warm up (the writer thread, the JIT), untimed.
  await Promise.all(Array.from({ length: 2000 }, (_, i) => store.recordResult({ ...resultOf(i), matchId: `warm-${i}` })));
  let next = 0;
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpuNs();
  const start = performance.now();
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < total) {
        const t = performance.now();
        await store.recordResult(resultOf(next++));
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsedMs = performance.now() - start;
  const main1 = mainThreadCpuNs();
  const cpu = process.cpuUsage(cpu0);
  await store.close();
  return {
    results: total,
    inFlight,
    resultsPerSecond: total / (elapsedMs / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    /** Main-thread CPU per result (µs); null off Linux. */
    mainCpuUs: main0 === null || main1 === null ? null : (main1 - main0) / 1000 / total,
    processCpuUs: (cpu.user + cpu.system) / total,
  };
}

export function printResultWrites(r: Awaited<ReturnType<typeof benchResultWrites>>) {
  const target = 20_000;
  console.log(
    `SQLite results recorded (writer thread, ${r.inFlight.toLocaleString()} in flight): ${Math.round(r.resultsPerSecond).toLocaleString()}/s (target >= ${target.toLocaleString()}: ${r.resultsPerSecond >= target ? "met" : "not met"}), acknowledged p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`,
  );
  console.log(
    `  event-loop CPU per result: ${r.mainCpuUs === null ? "n/a (needs /proc)" : `${r.mainCpuUs.toFixed(1)} µs`}; whole process ${r.processCpuUs.toFixed(1)} µs (the rest is the writer thread)`,
  );
}

// ---- move throughput while games end (RPS: a match can be made long enough not to end during the timing) ----

interface Seats {
  seats: { token: string; reservation: unknown }[];
}

export interface EndsTask {
  kind: "rps-moves";
  url: string;
  durationMs: number;
  matches: Seats[][];
}

/** Long RPS matches: 127 round wins needed, 255 rounds at most (the schema's uint8), several hundred moves each. */
const LONG_RPS = { winsNeeded: 127, maxRounds: 255 };

/** Generator side (child process): each sender plays its matches one after another until the time is up. */
export async function rpsMoves(task: EndsTask) {
  // Senders join side by side, each its own matches in order, before a seat reservation can expire.
  const games: Room[][][] = await Promise.all(
    task.matches.map(async (senderMatches) => {
      const joined: Room[][] = [];
      for (const m of senderMatches) {
        joined.push(
          await Promise.all(
            m.seats.map((seat) => {
              const client = new Client(task.url);
              client.auth.token = seat.token;
              return client.consumeSeatReservation(seat.reservation as never);
            }),
          ),
        );
      }
      return joined;
    }),
  );
  const latencies: number[] = [];
  let count = 0;
  let ended = 0;
  let ranOut = 0;
  process.send!({ type: "timing" });
  const start = performance.now();
  const end = start + task.durationMs;
  await Promise.all(
    games.map(async (senderGames) => {
      for (const rooms of senderGames) {
        if (performance.now() >= end) return;
        const waiters = rooms.map(() => null as null | (() => void));
        rooms.forEach((room, i) => room.onStateChange(() => (waiters[i]?.(), (waiters[i] = null))));
        const until = async (i: number, ok: () => boolean) => {
          while (!ok()) await new Promise<void>((r) => (waiters[i] = r));
        };
        const state = (i: number) => rooms[i].state as any;
        for (let i = 0; i < 2; i++) await until(i, () => state(i).status === "playing" && !!state(i).players?.get(rooms[i].sessionId));
        while (state(0).status === "playing" && performance.now() < end) {
          const rounds = state(0).rounds.length;
          // Both players choose at once; each move is timed until its player's view shows it.
          await Promise.all(
            rooms.map(async (room, i) => {
              const seat = state(i).players.get(room.sessionId).seat as Seat;
              const move = GAMES.rps.client.randomMove(state(i), seat, Math.random)!;
              const t = performance.now();
              room.send(GAMES.rps.move.type, move.payload);
              await until(i, () => move.played(state(i)));
              latencies.push(performance.now() - t);
              count++;
            }),
          );
          for (let i = 0; i < 2; i++) await until(i, () => state(i).rounds.length > rounds || state(i).status !== "playing");
        }
        if (state(0).status !== "playing") ended++;
      }
      if (performance.now() < end) ranOut++;
    }),
  );
  const elapsedMs = Math.min(performance.now(), end) - start;
  // No leaving here: the sockets close when this process exits, after the server has read its CPU time.
  return { count, elapsedMs, latencies, ended, ranOut };
}

type Server = Awaited<ReturnType<typeof startParlor>>;
type LoopResult = { count: number; elapsedMs: number; latencies: number[]; ended?: number; ranOut?: number };

async function rpsMatches(server: Server, senders: number, gamesEach: number, ruleOptions: (sender: number, game: number) => Record<string, number>): Promise<Seats[][]> {
  const guests = await Promise.all(Array.from({ length: 2 * senders }, (_, i) => server.store.createGuest(`ends ${i}`)));
  const matches: Seats[][] = [];
  for (let sender = 0; sender < senders; sender++) {
    const [a, b] = [guests[2 * sender], guests[2 * sender + 1]];
    const mine: Seats[] = [];
    for (let g = 0; g < gamesEach; g++) {
      const match = await server.createMatch(
        "rps",
        [
          { playerId: a.playerId, name: a.name, rating: 1500 },
          { playerId: b.playerId, name: b.name, rating: 1500 },
        ],
        { rated: true, turnMs: 300_000, noShowMs: 300_000, ruleOptions: ruleOptions(sender, g) },
      );
      mine.push({ seats: [a, b].map((p) => ({ token: p.token, reservation: match.reservations[p.playerId] })) });
    }
    matches.push(mine);
  }
  return matches;
}

/**
 * The same RPS move loop twice, close together on the same server: first in long matches that do not end during
 * the timing, then in matches sized from the first run's pace to last about `1 / endsPerGamePerSecond` seconds
 * (0.5: half the games end every second), each end recorded (start and result) in the store. The ratio is what
 * games ending costs the moves of every game.
 */
export async function benchMovesWhileGamesEnd(
  server: Server,
  url: string,
  run: (task: EndsTask, onTiming: () => void) => Promise<LoopResult>,
  senders: number,
  durationMs: number,
  endsPerGamePerSecond = Number(process.env.BENCH_ENDS_PER_GAME_SECOND ?? 0.5),
) {
  // The server's main thread CPU per move, from the generator's start of timing to its result: less disturbed
  // than throughput by the other processes on a shared machine.
  const timed = async (task: EndsTask) => {
    let cpu0: number | null = null;
    const r = await run(task, () => (cpu0 = mainThreadCpuNs()));
    const cpu1 = mainThreadCpuNs();
    return { ...r, cpuUsPerMove: cpu0 === null || cpu1 === null ? null : (cpu1 - cpu0) / 1000 / r.count };
  };
  const long = await timed({ kind: "rps-moves", url, durationMs, matches: await rpsMatches(server, senders, 2, () => LONG_RPS) });
  // Rounds a game lasts at the first run's pace (a round is two moves). To a majority of an odd maxRounds, a match
  // almost always runs all of them. Each sender's first match is shorter by its index, so that ends are spread out.
  const roundsPerSecond = ((long.count / 2 / long.elapsedMs) * 1000) / senders;
  const maxRounds = Math.max(3, Math.min(255, 2 * Math.round(roundsPerSecond / endsPerGamePerSecond / 2) + 1));
  const rules = (rounds: number) => ({ maxRounds: rounds, winsNeeded: (rounds + 1) / 2 });
  const gamesEach = Math.ceil((durationMs / 1000) * endsPerGamePerSecond * 2) + 2;
  const ending = await timed({
    kind: "rps-moves",
    url,
    durationMs,
    matches: await rpsMatches(server, senders, gamesEach, (sender, game) => rules(game > 0 ? maxRounds : Math.max(3, 2 * Math.round((maxRounds * (sender + 1)) / senders / 2) + 1))),
  });
  const summary = (r: LoopResult & { cpuUsPerMove: number | null }) => ({
    perSecond: (r.count / r.elapsedMs) * 1000,
    p50: percentile(r.latencies, 50),
    p99: percentile(r.latencies, 99),
    endsPerSecond: ((r.ended ?? 0) / r.elapsedMs) * 1000,
    ranOut: r.ranOut ?? 0,
    cpuUsPerMove: r.cpuUsPerMove,
  });
  const a = summary(long);
  const b = summary(ending);
  return { senders, maxRounds, long: a, ending: b, ratio: b.perSecond / a.perSecond, cpuRatio: a.cpuUsPerMove && b.cpuUsPerMove ? b.cpuUsPerMove / a.cpuUsPerMove : null };
}

export function printMovesWhileGamesEnd(r: Awaited<ReturnType<typeof benchMovesWhileGamesEnd>>) {
  const target = 0.9;
  const f = (x: { perSecond: number; p50: number; p99: number; cpuUsPerMove: number | null }) =>
    `${Math.round(x.perSecond).toLocaleString()} moves/s, p50 ${x.p50.toFixed(2)} ms, p99 ${x.p99.toFixed(2)} ms, server loop ${x.cpuUsPerMove?.toFixed(0) ?? "?"} µs CPU a move`;
  console.log(`RPS moves, ${r.senders} games in play that do not end (${r.long.endsPerSecond.toFixed(1)} ended a second): ${f(r.long)}`);
  console.log(
    `RPS moves, ${r.senders} games in play, ${r.ending.endsPerSecond.toFixed(1)} ending a second (${r.maxRounds} rounds at most): ${f(r.ending)}${r.ending.ranOut ? ` (${r.ending.ranOut} senders ran out of games)` : ""}`,
  );
  console.log(
    `  with games ending / without: throughput ${r.ratio.toFixed(2)}x (target >= ${target}, "does not change" within this machine's noise: ${r.ratio >= target ? "met" : "not met"}); server loop CPU a move ${r.cpuRatio?.toFixed(2) ?? "?"}x`,
  );
}
