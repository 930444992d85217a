import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { browserSuite, seriousAxeViolations } from "./browser";

/**
 * The operator's moderation page in the browser (issue #15, §3): behind the monitor's password, a report with its
 * chat lines; a ban by keyboard that reaches the banned player's open tab at once; a rename and a resolution; and
 * the player's card listing what was done.
 */
describe("the moderation page (Chromium)", function () {
  this.timeout(120_000);
  const suite = browserSuite();

  /** Presses Enter on a control, reached by focus as a keyboard user reaches it. */
  async function press(page: Page, locator: ReturnType<Page["locator"]>) {
    await locator.focus();
    await page.keyboard.press("Enter");
  }

  it("is refused without the password", async () => {
    const res = await fetch(`${suite.server.url}/monitor/moderation/`);
    assert.equal(res.status, 401);
  });

  it("an operator reads a report, bans, renames and resolves by keyboard; the banned tab is told at once; the card lists it all", async () => {
    const ann = await suite.signedUp("Ann");
    const bob = await suite.signedUp("Bob");
    const bobPlayer = await bob.page.evaluate(() => window.parlorTest.player()!);
    const annToken = await ann.page.evaluate(() => localStorage.getItem("parlor.token"));
    const filed = await fetch(`${suite.server.url}/api/reports`, {
      method: "POST",
      headers: { authorization: `Bearer ${annToken}`, "content-type": "application/json" },
      body: JSON.stringify({ playerId: bobPlayer.playerId, reason: "name", note: "an offensive name" }),
    });
    assert.equal(filed.status, 201);

    const operator = await suite.open("Operator", {
      path: "/monitor/moderation/",
      httpCredentials: { username: "admin", password: suite.server.monitorPassword },
    });
    const page = operator.page;
    page.on("dialog", (dialog) => void dialog.accept());
    const card = page.locator("article", { has: page.getByRole("heading", { name: `Report against ${bobPlayer.name}: name` }) });
    await card.waitFor();
    assert.match(await card.innerText(), /an offensive name/);
    assert.match(await card.innerText(), /Reporter\s+Ann\d+/);
    assert.deepEqual(await seriousAxeViolations(page), []);
    await operator.screenshot("moderation-report-1280x800");

    // Ban: the operator confirms; Bob's open tab is closed with 4403 and says why.
    await press(page, card.getByRole("button", { name: "Ban", exact: true }));
    await page.getByRole("status").filter({ hasText: `${bobPlayer.name} is banned.` }).waitFor();
    await bob.waitForScene("banned");
    await bob.waitForText(/banned/i);
    // A banned player's refused reconnection is logged by the browser; expected here.
    bob.offline = true;

    await card.getByLabel("New name").fill("Player 7");
    await page.keyboard.press("Enter");
    await page.getByRole("status").filter({ hasText: "Renamed to Player 7." }).waitFor();
    await card.getByLabel("Resolution").fill("banned, and renamed");
    await page.keyboard.press("Enter");
    await page.getByRole("status").filter({ hasText: "is resolved" }).waitFor();
    await page.locator("#reports-empty").waitFor({ state: "visible" });

    await page.fill("#lookup-name", bobPlayer.playerId);
    await page.keyboard.press("Enter");
    const found = page.locator("#lookup article").first();
    await found.getByRole("heading", { name: "What the operator did to Player 7" }).waitFor();
    const done = await found.locator("ul").last().innerText();
    assert.match(done, new RegExp(`renamed from "${bobPlayer.name}" to "Player 7"`));
    assert.match(done, /: banned$/m);
    assert.match(await found.innerText(), /banned since/);
    assert.deepEqual(await seriousAxeViolations(page), []);
    await operator.screenshot("moderation-lookup-1280x800");
    bob.errors.splice(0, bob.errors.length, ...bob.errors.filter((e) => !/status of 403|BANNED|4403/.test(e)));
  });
});
