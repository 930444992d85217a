import assert from "node:assert/strict";
import { GAME_NAMES } from "../games/registry";
import { runLoad, type LiveProgress, type RunOptions } from "../loadtest/run";

/** Runs the load runner, keeping every progress tick it reports and when the test saw it. */
async function run(options: Partial<RunOptions>) {
  const ticks: (LiveProgress & { seenAt: number })[] = [];
  const startedAt = Date.now();
  const report = await runLoad(
    {
      bots: 100,
      durationS: 15,
      think: [100, 400],
      processes: 1,
      servers: 1,
      endpoint: null,
      db: null,
      json: null,
      monitorPassword: null,
      games: GAME_NAMES,
      quiet: true,
      ...options,
    },
    { onProgress: (p) => ticks.push({ ...p, seenAt: Date.now() }) },
  );
  const endedAt = Date.now();
  // When the bots' clock started, as the progress ticks tell it: the time before it is spent starting processes.
  const firstTick = ticks.find((t) => t.elapsedS > 0);
  assert.ok(firstTick, "progress was reported while the bots ran");
  const clockStartedAt = firstTick.seenAt - firstTick.elapsedS * 1000;
  return { report, ticks, wallMs: endedAt - startedAt, fromClockMs: endedAt - clockStartedAt };
}

/** The performance figures are present and sane; their values are the benchmark's business, not the test's. */
function assertFiguresSane(report: Awaited<ReturnType<typeof runLoad>>, botProcesses: number) {
  const { server } = report;
  assert.ok(server.cpuPercent! > 0, `server CPU ${server.cpuPercent}`);
  assert.ok(server.rssMb! > 0);
  assert.ok(server.matchesRecorded! > 0 && server.cpuMsPerMatch! > 0, JSON.stringify(server));
  // The server timed the moves the bots made in the same window.
  assert.ok(server.moveMs.count! > 0 && server.moveMs.p50! > 0 && server.moveMs.p50! <= server.moveMs.p99!, JSON.stringify(server.moveMs));
  const loop = server.loopDelayMs;
  assert.ok(loop.samples! > 100, `${loop.samples} loop-delay samples`);
  assert.ok(loop.p50! >= 0 && loop.p50! <= loop.p99! && loop.max! >= 0 && loop.over20ms! >= 0 && loop.over20ms! <= loop.samples!, JSON.stringify(loop));
  assert.ok(server.runQueueWaitMs! >= 0);
  assert.equal(report.botProcesses.cpuPercent.length, botProcesses);
  assert.ok(report.botProcesses.cpuPercent.every((c) => c > 0));
  assert.deepEqual(
    report.targets.map((t) => t.name),
    ["errors", "database check", "server event-loop delay p99", "server event-loop delay max", "server-side move p99", "bot-side move round trip p99", "server CPU"],
  );
  // Everything was measured: no target is left unknown.
  assert.ok(report.targets.every((t) => t.met !== null), JSON.stringify(report.targets));
  assert.equal(report.targets[0].met, true);
  assert.equal(report.targets[1].met, true);
}

function assertConsistent(report: Awaited<ReturnType<typeof runLoad>>) {
  assert.deepEqual(report.errors, {});
  assert.equal(report.database.checked, true);
  assert.deepEqual(report.database.missing, []);
  assert.deepEqual(report.database.wrongWinner, []);
  assert.deepEqual(report.database.problems, []);
  assert.equal(report.ok, true);
}

describe("load-test smoke run (headless runner, real server process)", function () {
  this.timeout(90_000);

  it("100 bots for 15 s: no errors, every finished match recorded exactly once, stats add up", async () => {
    const { report, ticks, fromClockMs } = await run({});
    assertConsistent(report);
    assertFiguresSane(report, 1);
    assert.deepEqual(report.pinning, { serverCpus: null, botCpus: null });
    assert.ok(report.matchesCompleted > 50, `${report.matchesCompleted} matches`);
    // Every registered game was queued, played to an end through its definition and recorded.
    for (const game of GAME_NAMES) assert.ok((report.database.finishedByGame[game] ?? 0) > 0, `${game}: ${JSON.stringify(report.database.finishedByGame)}`);

    // The live progress line counts the bots of this very process (--processes 1) while they play.
    const during = ticks.filter((t) => !t.stopping);
    assert.ok(during.length >= 10, `${during.length} progress ticks during the run`);
    const last = during[during.length - 1];
    assert.ok(last.joins > 0 && last.matches > 0, `progress during the run: ${JSON.stringify(last)}`);
    assert.ok(during.some((t) => t.matches < last.matches), "the matches figure grows during the run");

    // The stop is prompt: from the clock's start (every bot in the lobby) to the report takes the duration and a few seconds.
    assert.ok(report.durationS >= 15 && report.durationS < 16, `ran ${report.durationS} s`);
    assert.ok(fromClockMs < (15 + 8) * 1000, `${fromClockMs} ms from the bots' start to the report`);
    assert.ok(report.stop.totalMs <= fromClockMs - 15_000, `stop of ${report.stop.totalMs} ms`);
  });

  it("slow players in 2 processes: the stop ends the games in hand at once, and they are recorded like any other", async () => {
    // With 1–2 s a move, games outlast the 6 s run: every bot has one in hand when the duration is over.
    // Pinned through taskset (all on CPU 0, which every machine has): the server and both workers start and report.
    const { report, ticks, fromClockMs } = await run({ bots: 40, durationS: 6, think: [1000, 2000], processes: 2, serverCpus: "0", botCpus: "0" });
    assertConsistent(report);
    assertFiguresSane(report, 2);
    assert.deepEqual(report.pinning, { serverCpus: "0", botCpus: "0" });
    assert.ok(report.stop.gamesEnded > 0, `${report.stop.gamesEnded} games ended by the stop`);
    assert.ok(report.matchesCompleted >= report.stop.gamesEnded);

    // Forked workers feed the progress line too.
    assert.ok(ticks.some((t) => !t.stopping && t.joins > 0), "joins counted during the run");
    // Playing those games out at 1–2 s a move would take longer than this.
    assert.ok(fromClockMs < (6 + 5) * 1000, `${fromClockMs} ms from the bots' start to the report`);
  });
});
