import assert from "node:assert/strict";
import { browserSuite, byTarget, pathOf, type Player, seriousAxeViolations, tabTo } from "./browser";

/**
 * Accounts in the browser (issue #15, §4): a guest with a rating claims an account, signs in with it on a second
 * browser as the same player, and ends that browser's session from the first, which goes back to the name screen.
 */
describe("browser client: accounts (Chromium)", function () {
  this.timeout(120_000);
  const suite = browserSuite();
  const me = (p: Player) => p.page.evaluate(() => window.parlorTest.player()!);
  /** The rows of the profile's rating table: "Tic-tac-toe | 1662? | #1 | 1 / 0 / 0". */
  const ratingRows = (p: Player) =>
    p.page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLTableRowElement>("[data-target^='profile:rating:']")).map((tr) => Array.from(tr.cells).map((td) => td.innerText.trim()).join(" | ")),
    );
  const sessionRows = (p: Player) => p.page.locator("li.session");
  /** A 400 or 401 the test asked for (a refused sign-up or sign-in) is logged by the browser as a failed request: expected, not an error. */
  const forgetRefusals = (p: Player) => p.errors.splice(0, p.errors.length, ...p.errors.filter((e) => !/status of 40[01]/.test(e)));

  /** Fonts of every visible text on the page, in CSS px, with the text. */
  const smallTexts = (p: Player) =>
    p.page.evaluate(() => {
      const out: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || !n.textContent?.trim() || el.closest(".visually-hidden")) continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < 14) out.push(`${n.textContent.trim()} (${size}px)`);
      }
      return out;
    });

  it("a guest claims their player, signs in on a second browser, sees the same rating there and signs it out", async () => {
    const ada = await suite.open("Ada");
    await ada.signUp("Ada");
    const bob = await suite.open("Bob");
    await bob.signUp("Bob");
    const a = await me(ada);
    const b = await me(bob);
    await suite.server.store.recordResult({
      matchId: "acc-1",
      game: "tictactoe",
      players: [a, b].map((p) => ({ playerId: p.playerId, name: p.name })),
      winner: a.playerId,
      reason: "resign",
      rated: true,
      moves: [],
      startedAt: Date.now() - 1000,
      endedAt: Date.now(),
    });
    await suite.close(bob);

    // The header's link, then the claim form by keyboard only.
    await ada.click("link:account");
    await ada.waitForScene("account");
    assert.equal(pathOf(ada.page), "/account");
    await ada.waitForText(/claim your account/);
    assert.deepEqual(await seriousAxeViolations(ada.page), [], "axe on the guest's account screen");
    await ada.screenshot("account-guest-1280x800");
    // The link was clicked, so it holds a focus the mouse gave (no ring); the keyboard starts from the page.
    await ada.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(ada.page, "#claim-username");
    await ada.page.keyboard.type("ada.lovelace");
    await ada.page.keyboard.press("Tab");
    await ada.page.keyboard.type("short");
    await ada.page.keyboard.press("Enter");
    // A mistake is said under the form, as an alert the fields point to.
    await ada.waitForText(/at least 8 characters/);
    const described = await ada.page.getAttribute("#claim-password", "aria-describedby");
    assert.match(described ?? "", /claim-error/);
    assert.equal(await ada.page.getAttribute("#claim-error", "role"), "alert");
    await ada.page.focus("#claim-password");
    await ada.page.keyboard.press("Control+A");
    await ada.page.keyboard.type("analytical engine");
    await ada.page.keyboard.press("Tab");
    await ada.page.keyboard.type("analytical engine");
    await ada.page.keyboard.press("Enter");
    await ada.page.waitForSelector("[data-text=account-username]", { timeout: 15_000 });
    assert.equal(await ada.page.innerText("[data-text=account-username]"), "ada.lovelace");
    assert.ok((await ada.page.evaluate(() => window.parlorTest.announced())).includes("Account claimed: sign in anywhere as ada.lovelace."));
    assert.equal(await sessionRows(ada).count(), 1);
    assert.match(await sessionRows(ada).first().innerText(), /this device/);

    // A second browser: a wrong password and an unknown username get the same answer, under the form.
    const other = await suite.open("Other");
    await other.waitForScene("name");
    await other.click("btn:show-signin");
    await other.page.waitForSelector("#signin-username:focus");
    await other.page.keyboard.type("ada.lovelace");
    await other.page.keyboard.press("Tab");
    await other.page.keyboard.type("difference engine");
    await other.page.keyboard.press("Enter");
    const refused = await other.waitForText(/Wrong username or password/);
    assert.equal(await other.page.getAttribute("#signin-error", "role"), "alert");
    assert.match((await other.page.getAttribute("#signin-password", "aria-describedby")) ?? "", /signin-error/);
    await other.page.fill("#signin-username", "nobody.here");
    await other.page.waitForFunction(() => document.querySelector("#signin-error")?.textContent === "", undefined, { timeout: 5000, polling: 100 });
    await other.click("btn:signin");
    assert.equal(await other.waitForText(/Wrong username or password/), refused);
    assert.equal(await other.scene(), "name");
    await other.screenshot("signin-refused-1280x800");
    await other.page.fill("#signin-username", "ADA.Lovelace");
    await other.page.fill("#signin-password", "analytical engine");
    await other.page.keyboard.press("Enter");
    await other.waitForScene("lobby");
    forgetRefusals(other);
    assert.deepEqual(await me(other), a, "the same player");
    await other.waitForText(new RegExp(`^Hi, ${a.name}$`));

    // The same rating on both browsers' profile of the player.
    await other.page.goto(`${suite.server.url}/player/${a.playerId}`);
    await other.waitForScene("player");
    await other.page.waitForSelector("[data-target='profile:rating:tictactoe']");
    await ada.page.goto(`${suite.server.url}/player/${a.playerId}`);
    await ada.page.waitForSelector("[data-target='profile:rating:tictactoe']");
    const rows = await ratingRows(ada);
    assert.match(rows[0], /^Tic-tac-toe \| 1\d{3}\?? \| #1 \| 1 \/ 0 \/ 0$/);
    assert.deepEqual(await ratingRows(other), rows);

    // Two sessions; the other one is signed out from here, and its lobby socket closes (4401): the name screen.
    await ada.page.goto(`${suite.server.url}/account`);
    await ada.waitForScene("account");
    await ada.page.waitForFunction(() => document.querySelectorAll("li.session").length === 2, undefined, { timeout: 15_000, polling: 100 });
    assert.deepEqual(await seriousAxeViolations(ada.page), [], "axe on the account's screen");
    await ada.screenshot("account-1280x800");
    await ada.page.setViewportSize({ width: 390, height: 844 });
    assert.deepEqual(await smallTexts(ada), [], "no text under 14 px on a phone");
    await ada.screenshot("account-390x844");
    await ada.page.setViewportSize({ width: 1280, height: 800 });
    const end = ada.page.locator("li.session:not(:has-text('this device')) button");
    const endTarget = await end.getAttribute("data-target");
    await ada.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(ada.page, byTarget(endTarget!));
    await ada.page.keyboard.press("Enter");
    await other.waitForScene("name", 20_000);
    await ada.page.waitForFunction(() => document.querySelectorAll("li.session").length === 1, undefined, { timeout: 15_000, polling: 100 });
    assert.ok((await ada.page.evaluate(() => window.parlorTest.announced())).includes("Chrome on Linux is signed out."));
    forgetRefusals(other);

    // Change the password (no other session is left to end), then sign out of this device.
    await ada.page.fill("#password-current", "analytical engine");
    await ada.page.fill("#password-new", "engine analytical");
    await ada.click("btn:change-password");
    await ada.waitForText(/^Password changed\. No other session was signed in\.$/);
    await ada.click("btn:signout");
    await ada.waitForScene("name");
    assert.equal(pathOf(ada.page), "/");
    assert.equal(await ada.page.evaluate(() => localStorage.getItem("parlor.token")), null);
  });

  it("a password change ends the other sessions and says how many", async () => {
    const first = await suite.open("First");
    await first.signUp("Cleo");
    await first.click("link:account");
    await first.waitForScene("account");
    await first.page.fill("#claim-username", "cleo");
    await first.page.fill("#claim-password", "pyramids of giza");
    await first.page.fill("#claim-confirm", "pyramids of giza");
    await first.click("btn:claim");
    await first.page.waitForSelector("[data-text=account-username]");
    const phone = await suite.open("Phone", { viewport: { width: 390, height: 844 } });
    await phone.waitForScene("name");
    await phone.click("btn:show-signin");
    await phone.page.waitForSelector("#signin-username:focus");
    assert.deepEqual(await seriousAxeViolations(phone.page), [], "axe on the name screen with its sign-in form");
    assert.deepEqual(await smallTexts(phone), [], "no text under 14 px on a phone");
    await phone.screenshot("name-signin-390x844");
    await phone.page.fill("#signin-username", "cleo");
    await phone.page.fill("#signin-password", "pyramids of giza");
    await phone.click("btn:signin");
    await phone.waitForScene("lobby");
    await phone.screenshot("lobby-signed-in-390x844");
    await first.page.fill("#password-current", "pyramids of giza");
    await first.page.fill("#password-new", "sphinx at giza");
    await first.click("btn:change-password");
    await first.waitForText(/^Password changed\. 1 other session was signed out\.$/);
    await phone.waitForScene("name", 20_000);
    forgetRefusals(phone);
  });

  it("creates an account from the first screen by keyboard; its username signs in on another browser", async () => {
    const first = await suite.open("Signup");
    await first.waitForScene("name");
    await tabTo(first.page, byTarget("btn:show-signup"));
    await first.page.keyboard.press("Enter");
    await first.page.waitForSelector("#signup-username:focus");
    // A username that cannot be a shown name (a "."), and no name: the server's sentence, under the form.
    await first.page.keyboard.type("grace.hopper");
    await first.page.keyboard.press("Tab");
    await first.page.keyboard.type("compiler 1952");
    await first.page.keyboard.press("Enter");
    await first.waitForText(/send a name too/);
    assert.equal(await first.scene(), "name");
    assert.deepEqual(await seriousAxeViolations(first.page), []);
    await first.screenshot("signup-refused-1280x800");
    await first.page.fill("#signup-name", "Grace");
    await first.page.focus("#signup-name");
    await first.page.keyboard.press("Enter");
    await first.waitForScene("lobby");
    forgetRefusals(first);
    await first.waitForText(/^Hi, Grace$/);
    const player = await me(first);

    await first.page.goto(`${suite.server.url}/account`);
    await first.waitForScene("account");
    assert.equal(await first.page.innerText("[data-text=account-username]"), "grace.hopper");

    const second = await suite.open("Signup2", { viewport: { width: 390, height: 844 } });
    await second.waitForScene("name");
    await second.click("btn:show-signup");
    await second.click("btn:switch-to-signin");
    await second.page.waitForSelector("#signin-username:focus");
    await second.page.keyboard.type("Grace.Hopper");
    await second.page.keyboard.press("Tab");
    await second.page.keyboard.type("compiler 1952");
    await second.page.keyboard.press("Enter");
    await second.waitForScene("lobby");
    assert.deepEqual(await me(second), player, "the same player on the phone");
  });
});
