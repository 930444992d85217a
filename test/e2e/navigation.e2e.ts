import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { collect, signUp } from "../support/harness";
import { browserSuite, pathOf, type Player } from "./browser";

/**
 * Every screen has an address (issue #14, §2): Back and Forward move between screens inside the page, a game still
 * being played keeps its seat behind the lobby's banner, and a refresh lands on the same screen, the result included.
 */
describe("addresses, Back and Forward, refresh (Chromium)", function () {
  this.timeout(120_000);
  const suite = browserSuite({ config: { rematchMs: 30_000 } });

  /** A mark set on the page's window: still there after Back or Forward means the page was not reloaded. */
  const mark = (p: Player) => p.page.evaluate(() => ((window as unknown as { navMark: number }).navMark = 1));
  const marked = (p: Player) => p.page.evaluate(() => (window as unknown as { navMark?: number }).navMark === 1);

  async function matched(a: Player, b: Player): Promise<[Player, Player]> {
    await a.click("btn:queue:tictactoe");
    await a.waitForText(/Searching… position 1/);
    await b.click("btn:queue:tictactoe");
    await Promise.all([a.waitForScene("tictactoe"), b.waitForScene("tictactoe")]);
    const state = await a.waitForGame((s) => s.status === "playing");
    const me = await a.page.evaluate(() => window.parlorTest.player()!.playerId);
    const seatOfA = (Object.values(state.players) as { playerId: string; seat: number }[]).find((p) => p.playerId === me)!.seat;
    return seatOfA === 0 ? [a, b] : [b, a];
  }

  async function move(p: Player, cell: number) {
    await p.waitForText(/^Your turn/);
    await p.click(`cell:${cell}`);
    await p.waitForGame((s, c) => s.board[c] !== "", cell);
  }

  const selectedTab = (p: Player) => p.page.evaluate(() => document.querySelector("[role=tab][aria-selected=true]")?.id ?? null);

  it("the lobby's tabs, a leaderboard and a profile each have an address; Back and Forward stay in the page", async () => {
    const p = await suite.signedUp("Nia");
    await mark(p);
    assert.equal(pathOf(p.page), "/");
    for (const [tab, path] of [["watch", "/watch"], ["leaders", "/leaders"], ["history", "/history"]] as const) {
      await p.click(`tab:${tab}`);
      await p.page.waitForURL((u) => u.pathname === path);
      assert.equal(await selectedTab(p), `tab-${tab}`);
    }
    await p.page.goBack();
    await p.page.waitForURL((u) => u.pathname === "/leaders");
    assert.equal(await selectedTab(p), "tab-leaders");
    await p.page.goBack();
    await p.page.waitForURL((u) => u.pathname === "/watch");
    assert.equal(await selectedTab(p), "tab-watch");
    await p.page.goForward();
    await p.page.waitForURL((u) => u.pathname === "/leaders");
    assert.equal(await selectedTab(p), "tab-leaders");
    assert.equal(await marked(p), true, "Back and Forward did not reload the page");

    // Opened directly (a link, a bookmark, a refresh): the same screens.
    await p.page.goto(`${suite.server.url}/leaders/rps`);
    await p.waitForScene("lobby");
    assert.equal(await selectedTab(p), "tab-leaders");
    await p.page.waitForFunction(() => document.querySelector("[data-target='btn:board:rps']")?.getAttribute("aria-pressed") === "true", undefined, { polling: 100 });
    const me = (await p.page.evaluate(() => window.parlorTest.player()))!;
    await p.page.goto(`${suite.server.url}/player/${me.playerId}`);
    await p.waitForScene("player");
    await p.waitForText(new RegExp(`^${me.name} \\(you\\)$`));
    await p.page.reload();
    await p.waitForScene("player");
    assert.equal(pathOf(p.page), `/player/${me.playerId}`);
  });

  it("Back from a game being played shows the lobby with a way back, keeping the seat; Forward returns; leaving a finished game leaves its room", async () => {
    const a = await suite.signedUp("Oda");
    const b = await suite.signedUp("Oli");
    const [x, o] = await matched(a, b);
    const roomId = (await x.page.evaluate(() => window.parlorTest.gameRoomId()))!;
    assert.equal(pathOf(x.page), `/game/${roomId}`);
    await move(x, 0);
    await mark(x);

    await x.page.goBack();
    await x.waitForScene("lobby");
    assert.equal(pathOf(x.page), "/");
    await x.waitForText(/^Return to your game$/);
    assert.equal(await x.page.evaluate(() => window.parlorTest.gameRoomId()), roomId, "the socket stays open");
    assert.equal(matchMaker.getLocalRoomById(roomId).clients.length, 2);
    // The opponent still sees X connected, and X's seat still plays.
    await move(o, 4);
    await x.page.goForward();
    await x.waitForScene("tictactoe");
    assert.equal(pathOf(x.page), `/game/${roomId}`);
    await move(x, 1);

    // The banner is the other way back.
    await x.page.goBack();
    await x.waitForScene("lobby");
    await x.click("btn:return-game");
    await x.waitForScene("tictactoe");
    assert.equal(pathOf(x.page), `/game/${roomId}`);
    assert.equal(await marked(x), true, "no reload on the way");
    await move(o, 5);
    await move(x, 2);
    await x.waitForText(/^You won!$/);

    // Back from the result leaves the finished game's room.
    await x.page.goBack();
    await x.waitForScene("lobby");
    await x.page.waitForFunction(() => window.parlorTest.gameRoomId() === null, undefined, { polling: 100 });
    assert.equal((await x.texts()).includes("Return to your game"), false);
    await o.waitForGame((s) => Object.values(s.players).some((p: any) => !p.connected));
  });

  it("a refresh on the result screen lands on the result, with the rematch still open and a wish kept", async () => {
    const a = await suite.signedUp("Pia");
    const b = await suite.signedUp("Pat");
    const [x, o] = await matched(a, b);
    const roomId = (await x.page.evaluate(() => window.parlorTest.gameRoomId()))!;
    await o.click("btn:resign");
    await o.click("btn:resign");
    await x.waitForText(/^You won!$/);
    await o.waitForText(/^You lost$/);
    await x.click("btn:rematch");
    await x.waitForText(/^Rematch asked$/);

    await x.page.reload();
    await x.waitForScene("tictactoe");
    assert.equal(pathOf(x.page), `/game/${roomId}`);
    await x.waitForText(/^You won!$/);
    await x.waitForText(/^Rematch asked$/);
    assert.equal(await x.page.evaluate(() => window.parlorTest.gameRoomId()), roomId);
    const xName = (await x.page.evaluate(() => window.parlorTest.player()!.name))!;
    await o.waitForText(new RegExp(`^${xName} wants a rematch!$`));
    assert.equal(matchMaker.getLocalRoomById(roomId).clients.length, 2, "one socket per player after the refresh");

    // A second refresh, of the loser, before the rematch is agreed: both land in the new game.
    await o.page.reload();
    await o.waitForScene("tictactoe");
    await o.waitForText(/^You lost$/);
    await o.click("btn:rematch");
    for (const p of [x, o]) {
      await p.page.waitForFunction((old) => ![null, old].includes(window.parlorTest.gameRoomId()), roomId, { polling: 100 });
      await p.waitForGame((s) => s.status === "playing");
    }
    const next = (await x.page.evaluate(() => window.parlorTest.gameRoomId()))!;
    await x.page.waitForURL((u) => u.pathname === `/game/${next}`);

    // The finished match has its own address: the replay, which a refresh keeps.
    await x.page.goto(`${suite.server.url}/replay/${roomId}`);
    await x.waitForScene("replay");
    await x.waitForText(/^Replay: Tic-tac-toe$/);
    await x.page.reload();
    await x.waitForScene("replay");
    assert.equal(pathOf(x.page), `/replay/${roomId}`);
  });

  it("a private game's invitation link joins the game", async () => {
    // The code's creator is a colyseus.js client: the test is about the friend's link, not the creator's screen.
    const host = await signUp(suite.server, suite.uniqueName("Quin"));
    const lobby = await host.client.joinOrCreate("lobby");
    const created = collect(lobby, "private:created");
    const matchedHost = collect(lobby, "matched");
    lobby.send("private:create", { game: "tictactoe" });
    const { code } = await created.next();
    const friend = await suite.open("Quill", { path: `/join/${code}` });
    // A new player names themselves first; the link then joins the game (no stop in the lobby).
    await friend.waitForScene("name");
    await friend.page.fill("#name-input", suite.uniqueName("Quill"));
    await friend.click("btn:play");
    const { reservation } = await matchedHost.next(() => true, 15_000);
    const room = await host.client.consumeSeatReservation(reservation);
    await friend.waitForScene("tictactoe");
    assert.equal(await friend.page.evaluate(() => window.parlorTest.gameRoomId()), room.roomId);
    await friend.page.waitForURL((u) => u.pathname === `/game/${room.roomId}`);
    await room.leave();
    await lobby.leave();
  });
});
