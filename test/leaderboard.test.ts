import assert from "node:assert/strict";
import { shownChange } from "../store/rows";
import { collect, signUp, startGame, startTestServer, waitForState, type TestGuest, type TestServer } from "./support/harness";

async function getJson(server: TestServer, path: string) {
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, body: (await res.json()) as any };
}

/** A rated tic-tac-toe game between two guests, through real rooms: `loser` resigns. */
async function ratedGame(server: TestServer, winner: TestGuest, loser: TestGuest) {
  const { roomId, rooms } = await startGame(server, "tictactoe", winner, loser, { rated: true });
  rooms[1].send("resign");
  await Promise.all(rooms.map((r) => waitForState(r, (s) => s.status === "finished")));
  rooms.forEach((r) => r.leave());
  return roomId;
}

/** What a player who tries Parlor first meets: a loss to the bot, through the lobby, as the client plays it. */
async function loseToTheBot(guest: TestGuest) {
  const lobby = await guest.client.joinOrCreate("lobby");
  const matched = collect(lobby, "matched");
  lobby.send("queue", { game: "tictactoe", vsBot: true });
  const m = await matched.next();
  assert.equal(m.opponent.bot, true);
  const room = await guest.client.consumeSeatReservation(m.reservation);
  await waitForState(room, (s) => s.status === "playing");
  room.send("resign");
  await waitForState(room, (s) => s.status === "finished");
  room.leave();
  lobby.leave();
}

describe("leaderboards over HTTP", function () {
  this.timeout(30_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server?.close());

  it("keeps a player whose only game was an unrated loss to the bot off the board; around-me answers 200 with me: null and the top rows", async () => {
    const una = await signUp(server, "Una");
    await loseToTheBot(una);
    const stats = (await getJson(server, `/api/players/${una.playerId}`)).body.stats.find((s: any) => s.game === "tictactoe");
    assert.deepEqual([stats.games, stats.losses, stats.ratedGames], [1, 1, 0]);

    assert.deepEqual((await getJson(server, "/api/leaderboard?game=tictactoe")).body.rows, []);
    const empty = await getJson(server, `/api/leaderboard/around/${una.playerId}?game=tictactoe`);
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body, { game: "tictactoe", me: null, rows: [] });

    const [vic, val] = await Promise.all([signUp(server, "Vic"), signUp(server, "Val")]);
    await ratedGame(server, vic, val);
    const board = (await getJson(server, "/api/leaderboard?game=tictactoe")).body.rows;
    assert.deepEqual(board.map((r: any) => [r.playerId, r.rank, r.provisional]), [[vic.playerId, 1, true], [val.playerId, 2, true]]);

    const around = await getJson(server, `/api/leaderboard/around/${una.playerId}?game=tictactoe&radius=0`);
    assert.equal(around.status, 200);
    assert.deepEqual(around.body, { game: "tictactoe", me: null, rows: board.slice(0, 1) }, "radius 0: the top row");
    assert.deepEqual((await getJson(server, `/api/leaderboard/around/${una.playerId}?game=tictactoe`)).body.rows, board);
    const mine = await getJson(server, `/api/leaderboard/around/${val.playerId}?game=tictactoe&radius=1`);
    assert.deepEqual(mine.body, { game: "tictactoe", me: board[1], rows: board });
    assert.equal((await getJson(server, "/api/leaderboard/around/nobody-at-all?game=tictactoe")).status, 404);
  });

  it("shows every rating as a whole number, the same one on the board, in stats, in match history and in the match", async () => {
    const [ann, bob] = await Promise.all([signUp(server, "Ann"), signUp(server, "Bob")]);
    const matchId = await ratedGame(server, ann, bob);
    const board = (await getJson(server, "/api/leaderboard?game=tictactoe")).body.rows;
    const row = board.find((r: any) => r.playerId === ann.playerId);
    const stored = (await server.store.getMatch(matchId))!.ratingChanges[ann.playerId];
    assert.ok(!Number.isInteger(stored.after), `the store keeps full precision (${stored.after})`);

    const profile = (await getJson(server, `/api/players/${ann.playerId}`)).body;
    const stats = profile.stats.find((s: any) => s.game === "tictactoe");
    assert.equal(stats.rating, row.rating);
    assert.ok(Number.isInteger(stats.deviation));
    assert.equal(stats.provisional, true);
    const page = (await getJson(server, `/api/players/${ann.playerId}/matches`)).body;
    const fromMatch = (await getJson(server, `/api/matches/${matchId}`)).body;
    for (const [where, match] of [["recent", profile.recent[0]], ["matches", page.matches[0]], ["match", fromMatch]] as const) {
      assert.equal(match.matchId, matchId, where);
      assert.deepEqual(match.ratingChanges[ann.playerId], { before: 1500, after: row.rating }, where);
      const theirs = match.ratingChanges[bob.playerId];
      assert.ok(Number.isInteger(theirs.before) && Number.isInteger(theirs.after), where);
    }
  });

  it("a change is told between the ratings as shown: 1500.4 to 1510.6 is +11, not +10", () => {
    assert.equal(shownChange({ before: 1500.4, after: 1510.6 }), 11);
    assert.equal(shownChange({ before: 1662.5, after: 1600.4 }), -63);
  });

  it("the result screen's rating change is the difference of the ratings as shown, as history shows it", async () => {
    const [eve, fay] = await Promise.all([signUp(server, "Eve"), signUp(server, "Fay")]);
    for (let game = 0; game < 4; game++) {
      const { roomId, rooms } = await startGame(server, "tictactoe", game % 2 ? fay : eve, game % 2 ? eve : fay, { rated: true });
      rooms[1].send("resign");
      const final = await waitForState(rooms[0], (s) => s.status === "finished" && [...s.players.values()].every((p: any) => p.ratingChange !== 0));
      const match = (await getJson(server, `/api/matches/${roomId}`)).body;
      for (const player of final.players.values()) {
        const shown = match.ratingChanges[player.playerId];
        assert.equal(player.ratingChange, shown.after - shown.before, `game ${game}, ${player.name}`);
        assert.equal(player.rating, shown.after);
      }
      rooms.forEach((r) => r.leave());
    }
  });

  it("pages a player's match history by cursor, newest first, with end times", async () => {
    const [cat, dan] = await Promise.all([signUp(server, "Cat"), signUp(server, "Dan")]);
    const played: string[] = [];
    for (let i = 0; i < 5; i++) played.push(await ratedGame(server, i % 2 ? cat : dan, i % 2 ? dan : cat));
    const seen: any[] = [];
    let url = `/api/players/${cat.playerId}/matches?limit=2`;
    for (let pages = 1; ; pages++) {
      const { status, body } = await getJson(server, url);
      assert.equal(status, 200);
      assert.ok(body.matches.length <= 2);
      seen.push(...body.matches);
      if (body.next === null) {
        assert.equal(pages, 3);
        break;
      }
      assert.equal(typeof body.next, "string");
      url = `/api/players/${cat.playerId}/matches?limit=2&before=${encodeURIComponent(body.next)}`;
    }
    assert.deepEqual(seen.map((m) => m.matchId), [...played].reverse());
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1].endedAt >= seen[i].endedAt);
    assert.ok(seen.every((m) => Number.isInteger(m.endedAt) && m.endedAt > Date.now() - 60_000));
    // The profile still carries the last 20, as before.
    assert.deepEqual((await getJson(server, `/api/players/${cat.playerId}`)).body.recent.map((m: any) => m.matchId), [...played].reverse());
  });

  it("answers bad history parameters with 400 {code, message} and an unknown player with 404", async () => {
    const eve = await signUp(server, "Eve");
    for (const query of ["limit=0", "limit=51", "limit=abc", "before=", "before=not-a-cursor", `before=${Buffer.from('["x","y"]').toString("base64url")}`, `before=${"a".repeat(300)}`]) {
      const { status, body } = await getJson(server, `/api/players/${eve.playerId}/matches?${query}`);
      assert.equal(status, 400, query);
      assert.equal(body.code, "BAD_REQUEST", query);
      assert.ok(body.message.length > 5, query);
    }
    const none = await getJson(server, "/api/players/nobody-at-all/matches");
    assert.equal(none.status, 404);
    assert.equal(none.body.code, "NOT_FOUND");
    assert.deepEqual((await getJson(server, `/api/players/${eve.playerId}/matches`)).body, { matches: [], next: null });
  });
});
