import assert from "node:assert/strict";
import { browserSuite, cpuOver } from "./browser";

/**
 * An idle tab renders nothing (issue #14, §7): the lobby, and a game screen waiting on the opponent, whose only
 * work is the turn clock's text once every 500 ms; the board's Phaser loop sleeps. CPU is Chromium's own count of
 * the main thread's busy time (CDP Performance.getMetrics), over 5 s; docs/performance.md, "Idle client".
 */
describe("idle client (Chromium)", function () {
  this.timeout(120_000);
  const suite = browserSuite();
  const WINDOW_MS = 5000;

  const pct = (f: number) => `${(f * 100).toFixed(2)}%`;

  it("the lobby, left alone, uses under 3% of one core", async () => {
    const p = await suite.signedUp("Ida");
    await p.waitForText(/^\d+ online$/);
    // The boot's clock samples and the first feeds are done within a second or two.
    await new Promise((r) => setTimeout(r, 2500));
    const cpu = await cpuOver(p.page, WINDOW_MS);
    console.log(`      idle lobby: task ${pct(cpu.task)}, script ${pct(cpu.script)} of one core, ${cpu.layouts} layouts in ${cpu.ms} ms`);
    assert.ok(cpu.task < 0.03, `the idle lobby uses ${pct(cpu.task)} of one core`);
  });

  it("a game waiting on the opponent ticks only its clock; the board's loop sleeps", async () => {
    const a = await suite.signedUp("Ike");
    const b = await suite.signedUp("Ivy");
    await a.click("btn:queue:tictactoe");
    await a.waitForText(/Searching… position 1/);
    await b.click("btn:queue:tictactoe");
    await Promise.all([a.waitForScene("tictactoe"), b.waitForScene("tictactoe")]);
    const x = (await a.waitForText(/^Your turn/, 5000).then(() => true, () => false)) ? a : b;
    await x.click("cell:4");
    await x.waitForGame((s) => s.board[4] === "X");
    // The board draws the move in an effect after the state's render (so the state can hold the X while the board
    // has not yet woken); its drawing takes a few frames; then the loop sleeps and stays asleep while the clock counts down.
    await x.page.waitForFunction(
      () => window.parlorTest.canvasTexts().some((t) => t.text === "X") && !window.parlorTest.boardsAwake(),
      undefined,
      { timeout: 2000, polling: 50 },
    );
    // Sampled every 20 ms while the clock ticks (six ticks): a tick that woke the board would show.
    const awakeSamples = await x.page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let awake = 0;
          const timer = setInterval(() => (awake += window.parlorTest.boardsAwake() ? 1 : 0), 20);
          setTimeout(() => (clearInterval(timer), resolve(awake)), 3000);
        }),
    );
    const cpu = await cpuOver(x.page, WINDOW_MS);
    const awake = awakeSamples > 0 || (await x.page.evaluate(() => window.parlorTest.boardsAwake()));
    console.log(`      game waiting on the opponent: task ${pct(cpu.task)}, script ${pct(cpu.script)} of one core, ${cpu.layouts} layouts in ${cpu.ms} ms; board awake in ${awakeSamples} of 150 samples`);
    assert.equal(awake, false, "the board's loop is asleep");
    assert.ok(cpu.task < 0.05, `the waiting game screen uses ${pct(cpu.task)} of one core`);
  });
});
