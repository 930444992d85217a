import assert from "node:assert/strict";
import { LIVE_GAMES_SHOWN, liveGames, sameLiveGames } from "../lobby/liveGames";
import { gameListing, type RoomListing } from "../rooms/gameListing";

const seats = [
  { playerId: "a", name: "Ann", rating: 1512.4 },
  { playerId: "b", name: "Ben", rating: 1487.6 },
];

function room(roomId: string, createdAt: string, spectators: number, status = "playing", name = "tictactoe"): RoomListing {
  return { roomId, name, createdAt, metadata: gameListing(name, status, seats, true, spectators) };
}

describe("the live list (pure)", () => {
  it("lists playing rooms of registered games as rows", () => {
    assert.deepEqual(liveGames([room("r1", "2024-01-01T00:00:00.000Z", 2)]), [
      { roomId: "r1", game: "tictactoe", rated: true, spectators: 2, names: ["Ann", "Ben"], ratings: [1512, 1488] },
    ]);
  });

  it("leaves out rooms not playing, the lobby and rooms of games the server does not have", () => {
    const rooms = [
      room("waiting", "1", 0, "waiting"),
      room("finished", "2", 9, "finished"),
      room("aborted", "3", 9, "aborted"),
      room("other", "4", 9, "playing", "chess"),
      { roomId: "lobby", name: "lobby", createdAt: "5", metadata: null },
      { roomId: "bare", name: "rps", createdAt: "6" },
      room("rps", "7", 0, "playing", "rps"),
    ];
    assert.deepEqual(
      liveGames(rooms).map((r) => r.roomId),
      ["rps"],
    );
  });

  it("most watched first, the oldest first among equals, with Dates as the local driver keeps them", () => {
    const at = (ms: number) => new Date(ms);
    const rooms: RoomListing[] = [
      { ...room("new-1", "", 1), createdAt: at(300) },
      { ...room("old-1", "", 1), createdAt: at(100) },
      { ...room("none", "", 0), createdAt: at(50) },
      { ...room("top", "", 5), createdAt: at(400) },
      { ...room("mid-1", "", 1), createdAt: at(200) },
    ];
    assert.deepEqual(
      liveGames(rooms).map((r) => r.roomId),
      ["top", "old-1", "mid-1", "new-1", "none"],
    );
  });

  it("orders Redis's JSON dates the same way", () => {
    const rooms = [room("later", "2024-05-02T00:00:00.000Z", 0), room("earlier", "2024-05-01T23:59:59.999Z", 0)];
    assert.deepEqual(
      liveGames(rooms).map((r) => r.roomId),
      ["earlier", "later"],
    );
  });

  it(`shows a page of ${LIVE_GAMES_SHOWN}: the most watched`, () => {
    const rooms = Array.from({ length: LIVE_GAMES_SHOWN + 5 }, (_, i) => room(`r${i}`, String(1000 + i), i));
    const shown = liveGames(rooms);
    assert.equal(shown.length, LIVE_GAMES_SHOWN);
    assert.equal(shown[0].roomId, `r${LIVE_GAMES_SHOWN + 4}`);
    assert.equal(shown.at(-1)!.roomId, "r5");
    assert.equal(liveGames(rooms, 3).length, 3);
  });

  it("reads a partial listing without failing: no spectators, names or ratings yet", () => {
    const bare: RoomListing = { roomId: "r", name: "rps", createdAt: "1", metadata: { status: "playing", listed: true } };
    assert.deepEqual(liveGames([bare]), [{ roomId: "r", game: "rps", rated: false, spectators: 0, names: [], ratings: [] }]);
  });

  it("leaves out a private game its creator did not list, and a listing that does not say it is listed", () => {
    const unlisted: RoomListing = { roomId: "private", name: "tictactoe", createdAt: "1", metadata: gameListing("tictactoe", "playing", seats, false, 0, false) };
    const silent: RoomListing = { roomId: "silent", name: "rps", createdAt: "2", metadata: { status: "playing" } };
    const listed: RoomListing = { roomId: "listed", name: "tictactoe", createdAt: "3", metadata: gameListing("tictactoe", "playing", seats, false, 0, true) };
    assert.deepEqual(liveGames([unlisted, silent, listed]).map((r) => r.roomId), ["listed"]);
  });

  it("tells a changed list from the same list, so that an unchanged one is not sent again", () => {
    const rooms = [room("r1", "1", 0), room("r2", "2", 1)];
    const list = liveGames(rooms);
    assert.equal(sameLiveGames(list, liveGames(rooms)), true);
    assert.equal(sameLiveGames(list, liveGames([room("r1", "1", 0), room("r2", "2", 2)])), false, "a spectator more");
    assert.equal(sameLiveGames(list, liveGames([room("r2", "2", 1)])), false, "a game ended");
    assert.equal(sameLiveGames(list, liveGames([room("r3", "1", 0), room("r2", "2", 1)])), false, "another game in its place");
    assert.equal(sameLiveGames(list, list.map((row, i) => (i === 0 ? { ...row, names: ["Ann", "Bob"] } : row))), false, "other names");
    assert.equal(sameLiveGames(list, list.map((row, i) => (i === 0 ? { ...row, ratings: [1500, 1500] } : row))), false, "other ratings");
    assert.equal(sameLiveGames([], []), true);
  });
});
