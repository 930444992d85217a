import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { browserSuite, byTarget, pathOf, Player, seriousAxeViolations, tabTo, waitForAnnounced } from "./browser";

/**
 * Challenges in the browser (issue #15, §2 and §4): a challenge sent from a profile, a leaderboard row and a history
 * row; the challenged player sees it at once and answers by keyboard; accepted, both are in the same game;
 * declined, the challenger reads why; the challenge's link opened in a fresh tab; expiry; a policy's refusal.
 */
describe("browser client: challenges (Chromium)", function () {
  this.timeout(180_000);
  const suite = browserSuite();
  const me = (p: Player) => p.page.evaluate(() => window.parlorTest.player()!);
  const blur = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  /** The id of the one challenge `p` lists (its Accept, or its Cancel, names it). */
  async function challengeId(p: Player, button: "accept" | "cancel-challenge"): Promise<string> {
    const handle = await p.page.waitForSelector(`[data-target^="btn:${button}:"]`, { timeout: 15_000 });
    return (await handle.getAttribute("data-target"))!.slice(`btn:${button}:`.length);
  }
  /** A finished, rated match between the two, so that each has a rating, a history row and a leaderboard row. */
  async function played(a: { playerId: string; name: string }, b: { playerId: string; name: string }, matchId: string) {
    await suite.server.store.recordResult({
      matchId,
      game: "tictactoe",
      players: [a, b].map((p) => ({ playerId: p.playerId, name: p.name })),
      winner: a.playerId,
      reason: "resign",
      rated: true,
      moves: [],
      startedAt: Date.now() - 1000,
      endedAt: Date.now(),
    });
  }
  /** In the open challenge dialog: the game and rated or casual by their radios, then Send. */
  async function sendFromDialog(p: Player, game: string, rated: boolean) {
    await p.page.waitForSelector("dialog[open]");
    await p.click(`radio:challenge-game:${game}`);
    await p.click(rated ? "radio:challenge-rated" : "radio:challenge-casual");
    await p.click("btn:challenge-send");
  }

  it("challenged from a profile, accepted by keyboard: both are in the same game", async () => {
    const ada = await suite.signedUp("Ada");
    const bob = await suite.signedUp("Bob");
    const [a, b] = [await me(ada), await me(bob)];

    await ada.page.goto(`${suite.server.url}/player/${b.playerId}`);
    await ada.waitForScene("player");
    await ada.click("btn:challenge");
    await ada.page.waitForSelector("dialog[open]");
    assert.equal(await ada.page.innerText("#challenge-title"), `Challenge ${b.name}`);
    assert.deepEqual(await seriousAxeViolations(ada.page), [], "axe on the challenge dialog");
    await ada.screenshot("challenge-dialog-1280x800");
    // The dialog by keyboard: the game's radios with the arrows, Tab to rated or casual, Enter sends.
    await ada.page.waitForSelector('input[name="challenge-game"]:focus');
    await ada.page.keyboard.press("ArrowDown");
    await ada.page.keyboard.press("ArrowDown");
    assert.equal(await ada.page.evaluate(() => (document.activeElement as HTMLInputElement).value), "connectfour");
    await ada.page.keyboard.press("Tab");
    await ada.page.keyboard.press("ArrowDown");
    assert.equal(await ada.page.isChecked(byTarget("radio:challenge-casual")), true);
    await ada.page.keyboard.press("Enter");
    await ada.page.waitForSelector("dialog[open]", { state: "detached", timeout: 10_000 });
    await ada.waitForText(new RegExp(`^You challenged ${b.name} to a casual game of Connect Four\\.$`));
    await waitForAnnounced(ada, new RegExp(`^Challenge sent to ${b.name}: a casual game of Connect Four\\.`));
    assert.equal(await ada.page.evaluate(() => document.activeElement?.getAttribute("data-target")), "btn:challenge", "the focus is back on the button that opened the dialog");

    // Bob, in the lobby, sees it at once and hears it.
    await bob.waitForText(new RegExp(`^${a.name} \\(1500\\) challenges you to a casual game of Connect Four\\.$`));
    await waitForAnnounced(bob, new RegExp(`^${a.name} challenges you to a casual game of Connect Four\\.$`));
    const id = await challengeId(bob, "accept");
    assert.deepEqual(await seriousAxeViolations(bob.page), [], "axe on the lobby with a challenge");
    await bob.screenshot("challenge-received-1280x800");
    await blur(bob.page);
    await tabTo(bob.page, byTarget(`btn:accept:${id}`));
    await bob.page.keyboard.press("Enter");

    await ada.waitForScene("connectfour");
    await bob.waitForScene("connectfour");
    const room = await ada.page.evaluate(() => window.parlorTest.gameRoomId());
    assert.equal(await bob.page.evaluate(() => window.parlorTest.gameRoomId()), room);
    const state = await ada.waitForGame((s) => s.status === "playing");
    assert.equal(state.rated, false);
    assert.deepEqual((Object.values(state.players) as { playerId: string }[]).map((p) => p.playerId).sort(), [a.playerId, b.playerId].sort());
    // Done with: no longer listed.
    await bob.page.goBack();
    await bob.waitForScene("lobby");
    assert.equal(await bob.page.$(`[data-target="challenge:${id}"]`), null);
  });

  it("challenged from a leaderboard row and declined with a reason; challenging again is refused for a while, in words", async () => {
    const cat = await suite.signedUp("Cat");
    const dan = await suite.signedUp("Dan");
    const [c, d] = [await me(cat), await me(dan)];
    await played(d, c, "ch-lead-1");

    await cat.click("tab:leaders");
    await cat.click(`btn:challenge-leader:${d.playerId}`);
    await cat.page.waitForSelector("dialog[open]");
    // The leaderboard's game is the dialog's first choice; rated is the default.
    assert.equal(await cat.page.isChecked(byTarget("radio:challenge-game:tictactoe")), true);
    assert.equal(await cat.page.isChecked(byTarget("radio:challenge-rated")), true);
    await cat.click("btn:challenge-send");
    await cat.waitForText(new RegExp(`^You challenged ${d.name} to a rated game of Tic-tac-toe\\.$`));

    const id = await challengeId(dan, "accept");
    await blur(dan.page);
    await tabTo(dan.page, byTarget(`btn:decline:${id}`));
    await dan.page.keyboard.press("Enter");
    // The reasons, the first focused.
    await dan.page.waitForFunction((t) => document.activeElement?.getAttribute("data-target") === t, `btn:decline-generic:${id}`, { timeout: 5000, polling: 50 });
    await tabTo(dan.page, byTarget(`btn:decline-later:${id}`));
    await dan.page.keyboard.press("Enter");
    await dan.waitForText(new RegExp(`^You declined ${c.name}'s challenge\\.$`));

    await cat.waitForText(new RegExp(`^${d.name} declined your challenge to a rated game of Tic-tac-toe: not now, maybe later\\.$`));
    await waitForAnnounced(cat, new RegExp(`^${d.name} declined your challenge to a rated game of Tic-tac-toe: not now, maybe later\\.$`));
    await cat.screenshot("challenge-declined-1280x800");
    await cat.click(`btn:dismiss-challenge:${id}`);
    assert.equal(await cat.page.$(`[data-target="challenge:${id}"]`), null);

    // Again at once: the server's refusal (backoff after a decline) is said in the dialog.
    await cat.click(`btn:challenge-leader:${d.playerId}`);
    await cat.page.waitForSelector("dialog[open]");
    await cat.click("btn:challenge-send");
    const refusal = await cat.waitForText(new RegExp(`^${d.name} declined your challenge; you can challenge them again in `));
    assert.equal(await cat.page.innerText("[data-text=challenge-error]"), refusal);
    assert.equal(await cat.page.getAttribute("#challenge-error", "role"), "alert");
    assert.ok(!(await cat.page.evaluate(() => window.parlorTest.notices())).includes(refusal), "in the dialog, not a notice");
    await cat.page.keyboard.press("Escape");
    await cat.page.waitForSelector("dialog[open]", { state: "detached", timeout: 5000 });
  });

  it("challenged from a history row; the link copied and opened by the challenged player in a fresh tab", async () => {
    const eve = await suite.signedUp("Eve");
    const fay = await suite.signedUp("Fay");
    const [e, f] = [await me(eve), await me(fay)];
    await played(e, f, "ch-hist-1");
    await eve.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: suite.server.url });

    await eve.click("tab:history");
    await eve.click("btn:challenge-match:ch-hist-1");
    await sendFromDialog(eve, "rps", true);
    const id = await challengeId(eve, "cancel-challenge");
    await eve.click(`btn:copy-challenge:${id}`);
    await eve.waitForText(/^Link copied\.$/);
    const link = await eve.page.evaluate(() => navigator.clipboard.readText());
    assert.equal(link, `${suite.server.url}/challenge/${id}`);

    // Someone else who opens it sees whom it is for, and cannot answer it.
    const gus = await suite.signedUp("Gus");
    await gus.page.goto(link);
    await gus.waitForScene("challenge");
    await gus.waitForText(new RegExp(`^${e.name} challenged ${f.name} to a rated game of Rock paper scissors\\. Only ${f.name} can answer it\\.$`));
    assert.equal(await gus.page.$('[data-target^="btn:accept:"]'), null);

    // Fay opens it in a new tab (her token, a fresh page) and accepts there.
    const tab = await fay.context.newPage();
    const fay2 = new Player("Fay2", fay.context, tab);
    suite.track(fay2);
    await tab.goto(link);
    await fay2.waitForScene("challenge");
    await fay2.waitForText(new RegExp(`^${e.name} \\(\\d+\\??\\) challenges you to a rated game of Rock paper scissors\\.$`));
    assert.deepEqual(await seriousAxeViolations(tab), [], "axe on the challenge's page");
    await fay2.screenshot("challenge-link-1280x800");
    await fay2.click(`btn:accept:${id}`);
    await fay2.waitForScene("rps");
    await eve.waitForScene("rps");
    assert.equal(await tab.evaluate(() => window.parlorTest.gameRoomId()), await eve.page.evaluate(() => window.parlorTest.gameRoomId()));

    // Now it is gone, and the page says so.
    await gus.page.reload();
    await gus.waitForScene("challenge");
    await gus.waitForText(/^This challenge is gone$/);
    assert.equal(pathOf(gus.page), `/challenge/${id}`);
    // The 404 it asked for is logged by the browser as a failed request: expected, not an error.
    gus.errors.splice(0, gus.errors.length, ...gus.errors.filter((e) => !/status of 404/.test(e)));
  });

  it("a player who takes no challenges, or only from players they have played: the refusal is a sentence", async () => {
    const ivy = await suite.signedUp("Ivy");
    const jon = await suite.signedUp("Jon");
    const j = await me(jon);

    // Jon says nobody, on /account, by keyboard.
    await jon.click("link:account");
    await jon.waitForScene("account");
    await jon.page.waitForSelector(byTarget("radio:policy:everyone"));
    assert.equal(await jon.page.isChecked(byTarget("radio:policy:everyone")), true);
    await blur(jon.page);
    await tabTo(jon.page, byTarget("radio:policy:everyone"));
    await jon.page.keyboard.press("ArrowDown");
    await jon.page.keyboard.press("ArrowDown");
    await jon.waitForText(/^Saved: no one may challenge you\.$/);
    assert.equal((await suite.server.store.preferences(j.playerId)).challenges, "nobody");
    assert.deepEqual(await seriousAxeViolations(jon.page), [], "axe on /account with the preferences");
    await jon.screenshot("account-preferences-1280x800");

    await ivy.page.goto(`${suite.server.url}/player/${j.playerId}`);
    await ivy.waitForScene("player");
    await ivy.click("btn:challenge");
    await sendFromDialog(ivy, "tictactoe", true);
    await ivy.waitForText(new RegExp(`^${j.name} does not take challenges\\.$`), 10_000);
    assert.equal(await ivy.page.innerText("[data-text=challenge-error]"), `${j.name} does not take challenges.`);
    await ivy.screenshot("challenge-refused-1280x800");
    await ivy.page.keyboard.press("Escape");

    // Only players Jon has played: Ivy (a guest who never played him) is refused with another sentence.
    await jon.click("radio:policy:played");
    await jon.waitForText(/^Saved: only players you have played may challenge you\.$/);
    await ivy.click("btn:challenge");
    await sendFromDialog(ivy, "tictactoe", true);
    await ivy.waitForText(new RegExp(`^${j.name} takes challenges only from accounts they have played before\\.`), 10_000);
  });
});

/** Expiry needs a server whose challenges live a few seconds (CHALLENGE_MS); one server per process at a time. */
describe("browser client: a challenge's expiry (Chromium)", function () {
  this.timeout(120_000);
  const suite = browserSuite({ config: { challengeMs: 3000 } });

  it("a challenge nobody answers expires, and both are told", async () => {
    const [gil, hen] = [await suite.open("Gil"), await suite.open("Hen")];
    await gil.signUp("Gil");
    await hen.signUp("Hen");
    const h = await hen.page.evaluate(() => window.parlorTest.player()!);
    await gil.page.goto(`${suite.server.url}/player/${h.playerId}`);
    await gil.waitForScene("player");
    await gil.click("btn:challenge");
    await gil.page.waitForSelector("dialog[open]");
    await gil.click("radio:challenge-casual");
    await gil.click("btn:challenge-send");
    await gil.waitForText(/expires in 0:0\d$/);
    await hen.waitForText(/^Gil \(1500\) challenges you to a casual game of Tic-tac-toe\.$/);
    await gil.waitForText(/^Your challenge to Hen expired without an answer\.$/, 10_000);
    await hen.waitForText(/^Gil's challenge to a casual game of Tic-tac-toe expired\.$/, 10_000);
    await waitForAnnounced(hen, /^Gil's challenge to a casual game of Tic-tac-toe expired\.$/);
    assert.equal(await hen.page.$('[data-target^="btn:accept:"]'), null, "no Accept left");
    await hen.screenshot("challenge-expired-1280x800");
  });
});
