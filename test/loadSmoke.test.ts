import assert from "node:assert/strict";
import { runLoad } from "../loadtest/run";

describe("load-test smoke run (headless runner, real server process)", function () {
  this.timeout(90_000);

  it("100 bots for 15 s: no errors, every finished match recorded exactly once, stats add up", async () => {
    const report = await runLoad({
      bots: 100,
      durationS: 15,
      think: [100, 400],
      processes: 1,
      servers: 1,
      endpoint: null,
      db: null,
      json: null,
      monitorPassword: null,
      games: ["tictactoe", "rps"],
      quiet: true,
    });
    assert.deepEqual(report.errors, {});
    assert.equal(report.database.checked, true);
    assert.deepEqual(report.database.missing, []);
    assert.deepEqual(report.database.wrongWinner, []);
    assert.deepEqual(report.database.problems, []);
    assert.ok(report.matchesCompleted > 50, `${report.matchesCompleted} matches`);
    assert.equal(report.ok, true);
  });
});
