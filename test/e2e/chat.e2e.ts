import assert from "node:assert/strict";
import { readConfig } from "../../base/config";
import {
  announcedBy,
  browserSuite,
  byTarget,
  chatLines,
  pathOf,
  Player,
  privateGame,
  seriousAxeViolations,
  tabTo,
  ticTacToeWinForFirst,
  waitForAnnounced,
  waitForChatLine,
} from "./browser";

/**
 * The game's chat in the browser (issue #15, §3 and §4): two players talk with free text and quick phrases; a
 * spectator's chat reaches the players only once the game is over; mute, chat off, a report that reaches the
 * operator (and one from a profile), the rate limit said next to the box, the lines back after a refresh; the
 * panel on a phone, folded away; a banned player told so.
 */
describe("browser client: chat (Chromium)", function () {
  this.timeout(180_000);
  // Turns long enough for a conversation: no clock runs out while the players talk.
  const games = Object.fromEntries(Object.entries(readConfig({}).games).map(([name, game]) => [name, { ...game, turnMs: 120_000 }]));
  const suite = browserSuite({ config: { games: games as ReturnType<typeof readConfig>["games"] } });
  const me = (p: Player) => p.page.evaluate(() => window.parlorTest.player()!);
  /** Types a line into the chat box and sends it with Enter; resolves once the room has sent it back. */
  async function say(p: Player, text: string) {
    await p.page.focus("#chat-input");
    await p.page.keyboard.type(text);
    await p.page.keyboard.press("Enter");
    await p.page.waitForFunction(() => (document.querySelector("#chat-input") as HTMLInputElement | null)?.value === "", undefined, { timeout: 10_000, polling: 100 });
  }
  /** What `p` shows of the chat, both lists, and what its live region said. */
  const everything = async (p: Player) => [...(await chatLines(p, "chat-players")), ...(await chatLines(p, "chat-spectators")), ...(await announcedBy(p))].join("\n");

  it("two players chat with text and quick phrases; a spectator's chat reaches them only after the game", async () => {
    const ada = await suite.signedUp("Ada");
    const bob = await suite.signedUp("Bob");
    const roomId = await privateGame(ada, bob, "tictactoe", { listed: true });
    const carl = await suite.signedUp("Carl");
    await carl.page.goto(`${suite.server.url}/game/${roomId}`);
    await carl.waitForScene("tictactoe");
    await carl.waitForText(/^Spectators' chat$/);
    const [a, b] = [await me(ada), await me(bob)];

    // Free text, typed and sent with Enter; the counter counts it; the other player sees it and hears it said.
    await ada.page.focus("#chat-input");
    await ada.page.keyboard.type("Hello Bob, good luck!");
    assert.equal(await ada.page.innerText("[data-text=chat-count]"), "21/200");
    await ada.page.keyboard.press("Enter");
    await waitForChatLine(ada, "chat-players", new RegExp(`^${a.name} \\(you\\): Hello Bob, good luck!$`));
    await waitForChatLine(bob, "chat-players", new RegExp(`^${a.name}: Hello Bob, good luck!$`));
    await waitForAnnounced(bob, new RegExp(`^${a.name} says: Hello Bob, good luck!$`));
    assert.equal(await ada.page.inputValue("#chat-input"), "", "the box empties once the line is back");
    assert.ok(!(await announcedBy(ada)).some((t) => /says:/.test(t)), "my own lines are not announced to me");

    // A quick phrase by keyboard.
    await bob.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(bob.page, byTarget("btn:phrase:gl"));
    await bob.page.keyboard.press("Enter");
    await waitForChatLine(ada, "chat-players", new RegExp(`^${b.name}: Good luck$`));
    await waitForAnnounced(ada, new RegExp(`^${b.name} says: Good luck$`));

    // The 200-character limit: the box takes no more.
    await bob.page.focus("#chat-input");
    await bob.page.keyboard.type("x".repeat(205));
    assert.equal((await bob.page.inputValue("#chat-input")).length, 200);
    assert.equal(await bob.page.innerText("[data-text=chat-count]"), "200/200");
    await bob.page.fill("#chat-input", "");

    // A refresh within the grace: the seat and the chat's last lines come back, and are not said again.
    await bob.page.reload();
    await bob.waitForScene("tictactoe");
    await waitForChatLine(bob, "chat-players", new RegExp(`^${a.name}: Hello Bob, good luck!$`));
    await waitForChatLine(bob, "chat-players", new RegExp(`^${b.name} \\(you\\): Good luck$`));
    assert.ok(!(await announcedBy(bob)).some((t) => / says: /.test(t)), "the history is not announced");

    // The spectator talks in the spectators' chat, which the players do not get while they play.
    await say(carl, "Go Ada!");
    await waitForChatLine(carl, "chat-spectators", /\(you\): Go Ada!$/);
    assert.deepEqual(await chatLines(carl, "chat-players"), [], "no players' list for a spectator");
    assert.doesNotMatch(await everything(carl), /Hello Bob|Good luck/, "the players' lines never reach the spectator");
    await ada.page.waitForTimeout(500);
    for (const p of [ada, bob]) assert.doesNotMatch(await everything(p), /Go Ada/, "the spectator's line is not shown to a player during the game");
    assert.deepEqual(await seriousAxeViolations(ada.page), [], "axe on the game with its chat");
    assert.deepEqual(await seriousAxeViolations(carl.page), [], "axe on the spectator's chat");
    await ada.screenshot("chat-game-1280x800");

    // After the game the players see what the spectators said, and newer spectator lines as they come.
    await ticTacToeWinForFirst(ada, bob);
    for (const p of [ada, bob]) {
      await p.waitForText(/^What the spectators said$/);
      await waitForChatLine(p, "chat-spectators", /: Go Ada!$/);
    }
    await say(carl, "Well done");
    await waitForChatLine(bob, "chat-spectators", /: Well done$/);
    await waitForAnnounced(bob, /\(watching\) says: Well done$/);
    await ada.screenshot("chat-after-game-1280x800");
  });

  it("mute hides the opponent's lines, chat off leaves only phrases, a report reaches the operator, the rate limit is said by the box", async () => {
    const dan = await suite.signedUp("Dan");
    const eve = await suite.signedUp("Eve");
    await privateGame(dan, eve, "connectfour");
    const [d, e] = [await me(dan), await me(eve)];

    // A report of a line, with a reason and a note, from the panel's form.
    await say(dan, "you play like a potato");
    await waitForChatLine(eve, "chat-players", /: you play like a potato$/);
    await eve.click("btn:report");
    await eve.page.waitForSelector("#report-what:focus");
    const options = await eve.page.$$eval("#report-what option", (os) => os.map((o) => (o as HTMLOptionElement).text));
    assert.deepEqual(options, [`${d.name} (your opponent)`, `${d.name}: you play like a potato`]);
    await eve.page.selectOption("#report-what", { index: 1 });
    await eve.page.selectOption("#report-reason", "abuse");
    await eve.page.fill("#report-note", "rude");
    assert.deepEqual(await seriousAxeViolations(eve.page), [], "axe on the report form");
    await eve.click("btn:report-send");
    await eve.waitForText(/^Thank you: your report was sent to the operator\.$/);
    const [report] = await suite.server.store.reports({ open: true, limit: 10 });
    assert.equal(report.reporterId, e.playerId);
    assert.equal(report.reportedId, d.playerId);
    assert.equal(report.reason, "abuse");
    assert.equal(report.note, "rude");
    assert.deepEqual(
      report.lines.map((l) => l.text),
      ["you play like a potato"],
    );

    // Mute: the opponent's lines go, those shown already and those to come.
    await eve.click("btn:chat-mute");
    await eve.waitForText(/^You have muted .*: their lines are not shown to you\.$/);
    assert.equal(await eve.page.getAttribute(byTarget("btn:chat-mute"), "aria-pressed"), "true");
    assert.deepEqual(await chatLines(eve, "chat-players"), [], "the muted player's line is hidden");
    await say(dan, "are you there?");
    await dan.page.waitForTimeout(500);
    assert.doesNotMatch(await everything(eve), /are you there/);
    // Kept for the player: /account lists the muted player.
    const eveAccount = await eve.context.newPage();
    await eveAccount.goto(`${suite.server.url}/account`);
    await eveAccount.waitForSelector(`[data-target="muted:${d.playerId}"]`, { timeout: 15_000 });
    await eveAccount.close();
    // Unmuted again, from the game.
    await eve.click("btn:chat-mute");
    await say(dan, "hello again");
    await waitForChatLine(eve, "chat-players", /: hello again$/);

    // Chat off: no free text shown or sent, quick phrases still go both ways; nothing announced.
    await dan.click("btn:chat-off");
    await dan.waitForText(/^Chat is off: only quick phrases are shown and sent\.$/);
    assert.equal(await dan.page.$("#chat-input"), null, "no text box with chat off");
    const saidBefore = (await announcedBy(dan)).length;
    await say(eve, "can you read this?");
    await eve.click("btn:phrase:gg");
    await waitForChatLine(dan, "chat-players", new RegExp(`^${e.name}: Good game$`));
    assert.doesNotMatch((await chatLines(dan, "chat-players")).join("\n"), /can you read this|hello again/);
    assert.ok(!(await announcedBy(dan)).slice(saidBefore).some((t) => /says:/.test(t)), "nothing announced while chat is off");
    await dan.click("btn:phrase:thanks");
    await waitForChatLine(eve, "chat-players", new RegExp(`^${d.name}: Thanks$`));
    await dan.click("btn:chat-off");
    await dan.page.waitForSelector("#chat-input");

    // The rate limit: the server's sentence next to the box, not a notice.
    for (let i = 0; i < 6; i++) await eve.click("btn:phrase:hello");
    const limited = await eve.waitForText(/^At most 5 chat lines in 10 seconds; try again/);
    assert.equal(await eve.page.getAttribute("#chat-error", "role"), "alert");
    assert.match((await eve.page.getAttribute("#chat-input", "aria-describedby")) ?? "", /chat-error/);
    assert.ok(!(await eve.page.evaluate(() => window.parlorTest.notices())).includes(limited), "not a notice");
    await eve.screenshot("chat-rate-limited-1280x800");

    // A report from the player's profile, outside the game (POST /api/reports).
    const profile = await eve.context.newPage();
    const eveProfile = new Player("EveProfile", eve.context, profile);
    suite.track(eveProfile);
    await profile.goto(`${suite.server.url}/player/${d.playerId}`);
    await eveProfile.waitForScene("player");
    await eveProfile.click("btn:report-player");
    await profile.waitForSelector("#profile-report-reason:focus");
    await profile.selectOption("#profile-report-reason", "name");
    await profile.fill("#profile-report-note", "the name");
    await eveProfile.click("btn:report-player-send");
    await eveProfile.waitForText(new RegExp(`^Thank you: your report about ${d.name} was sent to the operator\\.$`));
    const fromProfile = (await suite.server.store.reports({ open: true, limit: 10 })).find((r) => r.reason === "name");
    assert.ok(fromProfile, "the profile's report is kept");
    assert.equal(fromProfile.reportedId, d.playerId);
    assert.equal(fromProfile.note, "the name");
    assert.equal(fromProfile.roomId, "");
  });

  it("on a phone the chat sits under the board and folds away", async () => {
    const fay = await suite.signedUp("Fay", { viewport: { width: 390, height: 844 } });
    const gus = await suite.signedUp("Gus");
    await privateGame(fay, gus, "tictactoe");
    await say(gus, "hi from the laptop");
    await waitForChatLine(fay, "chat-players", /: hi from the laptop$/);
    const board = await fay.page.locator(".board").boundingBox();
    const chat = await fay.page.locator(".chat").boundingBox();
    assert.ok(board && chat && chat.y >= board.y + board.height, "the chat is below the board");
    await fay.page.locator(byTarget("btn:chat-fold")).scrollIntoViewIfNeeded();
    await fay.screenshot("chat-phone-390x844");
    await fay.click("btn:chat-fold");
    assert.equal(await fay.page.getAttribute(byTarget("btn:chat-fold"), "aria-expanded"), "false");
    assert.equal(await fay.page.isVisible("#chat-body"), false);
    await say(gus, "still there?").catch(() => undefined);
    await fay.waitForText(/^\(1 new\)$/);
    await fay.click("btn:chat-fold");
    await waitForChatLine(fay, "chat-players", /: still there\?$/);
    // Remembered for this browser.
    await fay.click("btn:chat-fold");
    await fay.page.reload();
    await fay.waitForScene("tictactoe");
    assert.equal(await fay.page.getAttribute(byTarget("btn:chat-fold"), "aria-expanded"), "false");
  });

  it("a banned player's sockets close and the page says so plainly", async () => {
    const hal = await suite.signedUp("Hal");
    const ivy = await suite.signedUp("Ivy");
    await privateGame(hal, ivy, "tictactoe");
    const h = await me(hal);
    const res = await fetch(`${suite.server.url}/admin/api/players/${h.playerId}/ban`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from("admin:test-monitor-password").toString("base64")}`, "content-type": "application/json" },
      body: "{}",
    });
    assert.equal(res.status, 200, await res.text());
    await hal.waitForScene("banned", 20_000);
    await hal.waitForText(/^This account is banned$/);
    assert.deepEqual(await seriousAxeViolations(hal.page), [], "axe on the banned screen");
    // A new page is refused at the lobby's door (BANNED) and says the same.
    await hal.page.goto(suite.server.url);
    await hal.waitForScene("banned", 20_000);
    assert.equal(pathOf(hal.page), "/");
  });
});
