import { matchMaker } from "@colyseus/core";
import assert from "node:assert/strict";
import type { MatchResult } from "../../store/types";
import { signUp } from "../support/harness";
import { browserSuite, type Player } from "./browser";

/**
 * The Leaders and History tabs, and a refused token, in Debian's Chromium against the real server.
 * Results are handed to the server's own store, as its rooms do, so that a board of many players is quick to build.
 */
describe("browser client: leaders, history and token life (Chromium)", function () {
  this.timeout(90_000);
  const suite = browserSuite();

  type Who = { playerId: string; name: string };
  async function signedUp(label: string): Promise<{ p: Player } & Who> {
    const p = await suite.signedUp(label);
    return { p, ...(await p.page.evaluate(() => window.parlorTest.player()!))! };
  }

  let m = 0;
  const record = (a: Who, b: Who, winner: Who | null, extra: Partial<MatchResult> = {}) =>
    suite.server.store.recordResult({
      matchId: `e2e-${++m}`,
      game: "tictactoe",
      players: [{ playerId: a.playerId, name: a.name }, { playerId: b.playerId, name: b.name }],
      winner: winner?.playerId ?? null,
      reason: winner ? "resign" : "draw",
      rated: true,
      moves: [],
      startedAt: Date.now() - 1000,
      endedAt: Date.now() + m,
      ...extra,
    });

  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  /** The leaderboard's table rows as "#2 | Una1 | 1500? | 0 / 0 / 1" (rank, name, rating, wins / losses / draws); the name is its link's text, without the Challenge button beside it. */
  const tableRows = (p: Player) =>
    p.page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLTableRowElement>("[data-target^='leader:'], [data-target^='around:']")).map((tr) =>
        Array.from(tr.cells).map((td) => (td.querySelector("a") ?? td).innerText.trim()).join(" | "),
      ),
    );
  const waitForRow = async (p: Player, pattern: RegExp) => {
    for (let i = 0; i < 150; i++) {
      const found = (await tableRows(p)).find((r) => pattern.test(r));
      if (found) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail(`no row matches ${pattern}: ${(await tableRows(p)).join(" / ")}`);
  };
  const rowsOf = async (p: Player, name: string) => (await tableRows(p)).filter((r) => r.includes(` | ${name} | `));

  it("shows no error to a player without a rated game, then shared ranks, provisional ratings and my row once", async () => {
    const una = await signedUp("Una");
    const { p, name } = una;
    await p.click("tab:leaders");
    await p.waitForText(/^Play a rated game to get a rank\.$/);
    await p.waitForText(/^No rated games yet\. Be the first!$/);

    // Una draws X at 1500 each (a shared #2); Y beats Z.
    const [x, y, z] = await Promise.all(["Xan", "Yul", "Zed"].map((who) => signUp(suite.server, suite.uniqueName(who))));
    await record(una, x, null);
    await record(y, z, y);
    await p.click("tab:play");
    await p.click("tab:leaders");
    await waitForRow(p, new RegExp(`^#2 \\| ${escape(name)} \\| 1500\\? \\| 0 / 0 / 1$`));
    await waitForRow(p, new RegExp(`^#2 \\| ${escape(x.name)} \\| 1500\\? \\| 0 / 0 / 1$`));
    await waitForRow(p, new RegExp(`^#1 \\| ${escape(y.name)} \\| \\d+\\? \\| 1 / 0 / 0$`));
    await waitForRow(p, new RegExp(`^#4 \\| ${escape(z.name)} \\| \\d+\\? \\| 0 / 1 / 0$`));
    await p.waitForText(/^Your rank: #2 · 1500\?$/);
    await p.waitForText(/^\? provisional/);
    assert.equal((await rowsOf(p, name)).length, 1, "my row inside the top 10 is not listed again");
  });

  it("lists the rows around me below the top 10 when I rank lower, each row once", async () => {
    const low = await signedUp("Low");
    const { p, name } = low;
    const others = await Promise.all(Array.from({ length: 12 }, (_, i) => signUp(suite.server, suite.uniqueName(`Mid${i}x`))));
    // Twelve at 1500 through draws, all ahead of Low, who loses.
    for (let i = 0; i < others.length; i += 2) await record(others[i], others[i + 1], null);
    const winner = await signUp(suite.server, suite.uniqueName("Top"));
    await record(winner, low, winner);
    await p.click("tab:leaders");
    const mine = await p.waitForText(/^Your rank: #\d+ · \d+\?$/);
    const rank = Number(/#(\d+)/.exec(mine)![1]);
    assert.ok(rank > 10, mine);
    await waitForRow(p, new RegExp(`^#${rank} \\| ${escape(name)} \\| \\d+\\? \\| 0 / 1 / 0$`));
    await p.screenshot("leaderboard-around-me");
    assert.equal((await rowsOf(p, name)).length, 1);
    const texts = await tableRows(p);
    assert.equal(new Set(texts).size, texts.length, `no row twice: ${texts.join(" | ")}`);
    // The top 10, then the rows around me (radius 2) that the top does not already show.
    const top = ((await (await fetch(`${suite.server.url}/api/leaderboard?game=tictactoe&limit=10`)).json()) as any).rows as Who[];
    const around = ((await (await fetch(`${suite.server.url}/api/leaderboard/around/${low.playerId}?game=tictactoe&radius=2`)).json()) as any).rows as Who[];
    const listed = new Set(top.map((r) => r.playerId));
    assert.equal(texts.length, top.length + around.filter((r) => !listed.has(r.playerId)).length, texts.join(" | "));
  });

  it("pages match history with Older and Newer, with dates", async () => {
    const hal = await signedUp("Hal");
    const { p } = hal;
    const rival = await signUp(suite.server, suite.uniqueName("Riv"));
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) {
      await record(hal, rival, i % 2 ? hal : rival, { rated: i % 3 === 0 });
      ids.push(`e2e-${m}`);
    }
    const shown = async () =>
      Object.keys(await p.page.evaluate(() => window.parlorTest.targets()))
        .filter((k) => k.startsWith("btn:replay:"))
        .map((k) => k.slice("btn:replay:".length))
        .sort();
    await p.click("tab:history");
    await p.target(`btn:replay:${ids[10]}`);
    assert.deepEqual(await shown(), ids.slice(3).sort(), "the newest 8");
    await p.screenshot("history-paged");
    await p.waitForText(/^Tic-tac-toe vs Riv\d+: (Won|Lost)(, rating [+-]\d+)?$/);
    await p.waitForText(/^.+ · resigned$/);
    await p.click("btn:history-older");
    await p.target(`btn:replay:${ids[0]}`);
    assert.deepEqual(await shown(), ids.slice(0, 3).sort(), "then the 3 before them");
    assert.equal((await p.page.evaluate(() => window.parlorTest.targets()))["btn:history-older"], undefined, "no older page");
    await p.click("btn:history-newer");
    await p.target(`btn:replay:${ids[10]}`);
    assert.deepEqual(await shown(), ids.slice(3).sort());
  });

  it("replays an RPS match by the rule options it was played with, not the defaults", async () => {
    const rita = await signedUp("Rit");
    const { p } = rita;
    const rival = await signUp(suite.server, suite.uniqueName("Riv"));
    // First to three: with the default two the rules would end the match after round 2 and drop round 3.
    const rounds = 3;
    const moves = Array.from({ length: rounds }, (_, i) => [
      { seat: 0 as const, move: "rock", at: i * 2000 },
      { seat: 1 as const, move: "scissors", at: i * 2000 + 1000 },
    ]).flat();
    await record(rita, rival, rita, { game: "rps", reason: "rounds", moves, options: { winsNeeded: 3, maxRounds: 9 } });
    await p.click("tab:history");
    await p.waitForText(new RegExp(`^RPS vs ${escape(rival.name)}: Won, rating [+-]\\d+$`));
    await p.waitForText(/^.+ · won on rounds$/);
    await p.click(`btn:replay:e2e-${m}`);
    await p.waitForScene("replay");
    // A step is a whole round: three of them, not six half-rounds.
    await p.waitForText(/^Round 3 of 3$/);
    await p.waitForText(new RegExp(`^${escape(rita.name)} won · won on rounds$`));
    await p.target("replay:round:2");
    const rows = async () => Object.keys(await p.page.evaluate(() => window.parlorTest.targets())).filter((k) => /^replay:round:\d+$/.test(k)).sort();
    assert.deepEqual(await rows(), ["replay:round:0", "replay:round:1", "replay:round:2"], "every round drawn, round 3 included");
    assert.ok((await p.highlighted()).includes("replay:round:2:0"), "round 3 is marked as won by seat 0");
    await p.waitForText(new RegExp(`^${escape(rita.name)} played rock, ${escape(rival.name)} played scissors: ${escape(rita.name)} takes the round \\(3–0\\); ${escape(rita.name)} wins the match$`));
    await p.click("btn:replay-prev");
    await p.waitForText(/^Round 2 of 3$/);
    // The board redraws on its next frame.
    await p.page.waitForFunction(() => !("replay:round:2" in window.parlorTest.targets()), undefined, { polling: 100, timeout: 5000 });
    assert.deepEqual(await rows(), ["replay:round:0", "replay:round:1"]);
  });

  it("goes back to the name screen when its stored token has been revoked", async () => {
    const { p } = await signedUp("Out");
    const token = (await p.page.evaluate(() => localStorage.getItem("parlor.token")))!;
    // The tab is closed first: a logout closes the open sockets of its token (4401), which an open tab answers
    // by reloading itself; this test is about a token that died while no tab was open.
    await p.page.goto("about:blank");
    const res = await fetch(`${suite.server.url}/api/logout`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 204);
    await p.page.goto(suite.server.url);
    await p.waitForScene("name");
    assert.equal(await p.page.evaluate(() => localStorage.getItem("parlor.token")), null, "the dead token is forgotten");
    // The browser itself reports the refused GET /api/me; that one line is expected, nothing else.
    const refused = p.errors.filter((e) => /status of 401/.test(e));
    assert.equal(refused.length, 1, p.errors.join(" | "));
    p.errors.splice(p.errors.indexOf(refused[0]), 1);
    await p.signUp(suite.uniqueName("Back"));
    assert.match((await p.page.evaluate(() => window.parlorTest.player()!.name))!, /^Back\d+$/);
  });

  it("an open tab whose token is revoked goes to the name screen when its lobby must be joined again", async () => {
    const { p } = await signedUp("Open");
    await p.waitForScene("lobby");
    const token = (await p.page.evaluate(() => localStorage.getItem("parlor.token")))!;
    assert.equal((await fetch(`${suite.server.url}/api/logout`, { method: "POST", headers: { authorization: `Bearer ${token}` } })).status, 204);
    // The server drops the lobby socket; the tab's rejoin is refused (AUTH_INVALID) instead of retrying forever.
    const [listing] = await matchMaker.query({ name: "lobby" });
    for (const client of matchMaker.getLocalRoomById(listing.roomId).clients) client.leave(4500);
    await p.waitForScene("name");
    assert.equal(await p.page.evaluate(() => localStorage.getItem("parlor.token")), null);
    p.errors.splice(0, p.errors.length, ...p.errors.filter((e) => !/status of 40[13]/.test(e)));
  });
});
