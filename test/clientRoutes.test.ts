import assert from "node:assert/strict";
import { parseRoute, routePath, type Route } from "../client/src/app/routes";
import { GAME_NAMES } from "../games/registry";
import { isClientRoute } from "../server/clientRoutes";

// The client's addresses and the server's list of them (which answers each with the page) must not drift apart.
describe("client addresses", () => {
  const routes: Route[] = [
    { screen: "lobby", tab: "play" },
    { screen: "lobby", tab: "watch" },
    { screen: "lobby", tab: "leaders" },
    ...GAME_NAMES.map((board): Route => ({ screen: "lobby", tab: "leaders", board })),
    { screen: "lobby", tab: "history" },
    { screen: "game", roomId: "a1B2c3_-x" },
    { screen: "replay", matchId: "3f2c9a7e-1111-4a2b-9c3d-0123456789ab" },
    { screen: "player", playerId: "b6f0e8a2-2222-4c1d-8e9f-abcdefabcdef" },
    { screen: "join", code: "K7QX2" },
    { screen: "challenge", id: "Zq3_x-9aB0cD1eF2gH3iJ4" },
    { screen: "account" },
    { screen: "name" },
  ];

  for (const route of routes) {
    it(`${routePath(route)} is served by the server and opens the same screen again`, () => {
      const path = routePath(route);
      assert.ok(isClientRoute(path), `the server does not answer ${path} with the page`);
      assert.deepEqual(parseRoute(path), route);
    });
  }

  it("an address it does not know, or a malformed one, is the lobby", () => {
    for (const path of ["/nowhere", "/game/", "/game/%E0%A4%A", `/replay/${"x".repeat(65)}`, "/join/<script>"]) {
      assert.deepEqual(parseRoute(path), { screen: "lobby", tab: "play" }, path);
    }
  });

  it("a leaderboard of a game it does not know is the Leaders tab on its first board", () => {
    assert.deepEqual(parseRoute("/leaders/chess"), { screen: "lobby", tab: "leaders" });
  });

  it("a code typed in lower case in a link is the same code", () => {
    assert.deepEqual(parseRoute("/join/k7qx2"), { screen: "join", code: "K7QX2" });
  });
});
