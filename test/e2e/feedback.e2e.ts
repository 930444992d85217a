import assert from "node:assert/strict";
import { readConfig } from "../../base/config";
import { browserSuite, emulateVisibility, type Player, setTabHidden } from "./browser";

const ROUND_MS = 15_000;

/**
 * What a player notices without looking (issue #14, §3): the sounds asked for in a game against a real second
 * player, the mute toggle remembered across a reload, the tab title while the tab is hidden, and the opt-in
 * notifications. Sounds are read from the client's log (client/src/feedback/sounds.ts), which notes every sound
 * asked for, muted or not.
 */
describe("sounds, tab title and notifications (Chromium)", function () {
  this.timeout(120_000);
  const defaults = readConfig({}).games;
  // A short RPS round: the low-time warning (under 10 s) comes 5 s in, the timeout 15 s in.
  const suite = browserSuite({ config: { games: { ...defaults, rps: { ...defaults.rps, turnMs: ROUND_MS } } } });

  async function matched(a: Player, b: Player, game: "tictactoe" | "rps", whileQueued?: () => Promise<void>) {
    await a.click(`btn:queue:${game}`);
    await a.waitForText(/Searching… position 1/);
    await whileQueued?.();
    await b.click(`btn:queue:${game}`);
    await Promise.all([a.waitForScene(game), b.waitForScene(game)]);
    await a.waitForGame((s) => s.status === "playing");
  }

  const sounds = async (p: Player) => (await p.page.evaluate(() => window.parlorTest.soundLog())).map((s) => s.kind);
  const waitForSound = (p: Player, kind: string, count = 1, timeout = 15_000) =>
    p.page.waitForFunction(([k, n]) => window.parlorTest.soundLog().filter((s) => s.kind === k).length >= n, [kind, count] as const, { timeout, polling: 100 });
  const title = (p: Player) => p.page.evaluate(() => document.title);
  const waitForTitle = (p: Player, t: RegExp) => p.page.waitForFunction(([s, f]) => new RegExp(s, f).test(document.title), [t.source, t.flags] as const, { polling: 100 });

  it("plays match found, your turn, the opponent's move, low time and the result in a game against a real player", async () => {
    const a = await suite.signedUp("Sam");
    const b = await suite.signedUp("Sue");
    await matched(a, b, "rps");
    await Promise.all([waitForSound(a, "matchFound"), waitForSound(b, "matchFound")]);

    // Round 1: Sam picks, Sue hears it, picks, and both hear the next round start.
    await a.click("hand:rock");
    await waitForSound(b, "opponentMoved");
    await b.click("hand:scissors");
    await Promise.all([waitForSound(a, "yourTurn"), waitForSound(b, "yourTurn")]);

    // Round 2: Sam picks; Sue does not, hears the clock run low, and loses on time.
    await a.click("hand:rock");
    await waitForSound(b, "opponentMoved", 2);
    await waitForSound(b, "lowTime", 1, ROUND_MS);
    await Promise.all([waitForSound(a, "win", 1, ROUND_MS + 5000), waitForSound(b, "loss", 1, ROUND_MS + 5000)]);
    await b.waitForText(/ran out of time/);

    const [heardA, heardB] = [await sounds(a), await sounds(b)];
    console.log(`      Sam heard ${heardA.join(", ")}; Sue heard ${heardB.join(", ")}`);
    assert.deepEqual(heardA, ["matchFound", "yourTurn", "win"]);
    assert.deepEqual(heardB, ["matchFound", "opponentMoved", "yourTurn", "opponentMoved", "lowTime", "loss"]);
    const log = await b.page.evaluate(() => window.parlorTest.soundLog());
    assert.ok(log.every((s) => !s.muted), "nothing muted");
  });

  it("the mute toggle is remembered after a reload, and muted sounds are logged as muted", async () => {
    const p = await suite.signedUp("Moe");
    await p.click("btn:mute");
    await p.waitForText(/^Sound off$/);
    await p.page.reload();
    await p.waitForScene("lobby");
    await p.waitForText(/^Sound off$/);
    await p.click("btn:bot:tictactoe");
    await p.waitForScene("tictactoe");
    await waitForSound(p, "matchFound");
    assert.deepEqual(await p.page.evaluate(() => window.parlorTest.soundLog().map((s) => s.muted)), [true]);

    await p.click("btn:mute");
    await p.waitForText(/^Sound on$/);
    await p.click("btn:resign");
    await p.click("btn:resign");
    await waitForSound(p, "loss");
    const log = await p.page.evaluate(() => window.parlorTest.soundLog());
    assert.equal(log.at(-1)!.muted, false, "heard once the sound is on again");
    await p.page.reload();
    await p.waitForText(/^Sound on$/);
  });

  it("a hidden tab's title says whose turn it is and the result, and opted-in notifications say a match was found and it is your turn", async () => {
    const a = await suite.signedUp("Tia", {
      prepare: async (context) => {
        await emulateVisibility(context);
        await context.grantPermissions(["notifications"], { origin: suite.server.url });
      },
    });
    const b = await suite.signedUp("Tom");
    await a.click("btn:notify");
    await a.waitForText(/^Alerts on$/);
    assert.equal(await title(a), "Play · Parlor");

    await matched(a, b, "tictactoe", () => setTabHidden(a.page, true));
    await a.page.waitForFunction(() => window.parlorTest.notificationLog().some((n) => n.kind === "matchFound"), undefined, { polling: 100 });
    await waitForTitle(a, /^(Your turn|Match found) · Parlor$/);
    const found = (await a.page.evaluate(() => window.parlorTest.notificationLog()))[0];
    assert.equal(found.title, "Match found");
    assert.match(found.body, /^Tic-tac-toe against Tom\d+$/);

    // Shown again, the title is the screen's.
    await setTabHidden(a.page, false);
    await waitForTitle(a, /^Tic-tac-toe · Parlor$/);
    if ((await a.texts()).some((t) => /^Your turn/.test(t))) {
      await a.click("cell:0");
      await a.waitForGame((s) => s.board[0] !== "");
    }
    await b.waitForText(/^Your turn/);
    await setTabHidden(a.page, true);
    await b.click("cell:4");
    await waitForTitle(a, /^Your turn · Parlor$/);
    await a.page.waitForFunction(() => window.parlorTest.notificationLog().some((n) => n.kind === "yourTurn"), undefined, { polling: 100 });
    assert.equal(await a.page.evaluate(() => document.visibilityState), "hidden");

    // The result, while hidden.
    await b.click("btn:resign");
    await b.click("btn:resign");
    await waitForTitle(a, /^You won · Parlor$/);
    await setTabHidden(a.page, false);
    await waitForTitle(a, /^Tic-tac-toe · Parlor$/);
    // A visible tab gets no notification: only the two asked for while hidden.
    assert.deepEqual((await a.page.evaluate(() => window.parlorTest.notificationLog())).map((n) => n.kind), ["matchFound", "yourTurn"]);
    // Tom never turned alerts on.
    assert.deepEqual(await b.page.evaluate(() => window.parlorTest.notificationLog()), []);
  });
});
