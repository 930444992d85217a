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
    const { report, ticks, wallMs } = await run({});
    assertConsistent(report);
    assert.ok(report.matchesCompleted > 50, `${report.matchesCompleted} matches`);
    // Every registered game was queued, played to an end through its definition and recorded.
    for (const game of GAME_NAMES) assert.ok((report.database.finishedByGame[game] ?? 0) > 0, `${game}: ${JSON.stringify(report.database.finishedByGame)}`);

    // The live progress line counts the bots of this very process (--processes 1) while they play.
    const during = ticks.filter((t) => !t.stopping);
    assert.ok(during.length >= 10, `${during.length} progress ticks during the run`);
    const last = during[during.length - 1];
    assert.ok(last.joins > 0 && last.matches > 0, `progress during the run: ${JSON.stringify(last)}`);
    assert.ok(during.some((t) => t.matches < last.matches), "the matches figure grows during the run");

    // The stop is prompt: the whole call, server start included, takes the duration and a few seconds.
    assert.ok(report.durationS >= 15 && report.durationS < 16, `ran ${report.durationS} s`);
    assert.ok(wallMs < (15 + 8) * 1000, `the run took ${wallMs} ms in all`);
    assert.ok(report.stop.totalMs <= wallMs - 15_000, `stop of ${report.stop.totalMs} ms`);
  });

  it("slow players in 2 processes: the stop ends the games in hand at once, and they are recorded like any other", async () => {
    // With 1–2 s a move, games outlast the 6 s run: every bot has one in hand when the duration is over.
    const { report, ticks, fromClockMs } = await run({ bots: 40, durationS: 6, think: [1000, 2000], processes: 2 });
    assertConsistent(report);
    assert.ok(report.stop.gamesEnded > 0, `${report.stop.gamesEnded} games ended by the stop`);
    assert.ok(report.matchesCompleted >= report.stop.gamesEnded);

    // Forked workers feed the progress line too.
    assert.ok(ticks.some((t) => !t.stopping && t.joins > 0), "joins counted during the run");
    // Playing those games out at 1–2 s a move would take longer than this.
    assert.ok(fromClockMs < (6 + 5) * 1000, `${fromClockMs} ms from the bots' start to the report`);
  });
});
