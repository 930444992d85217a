import assert from "node:assert/strict";
import type { Room } from "colyseus.js";
import { closeCode, collect, signUp, startGame, startTestServer, waitForState, type TestGuest, type TestServer } from "./support/harness";

/** Drops the socket without a consented leave, as a refreshed or lost page does. */
function dropConnection(room: Room) {
  (room.connection as any).transport.ws.close();
}

/** A player whose socket drops on the result screen (a refresh) may come back to it while the rematch is open. */
describe("game rooms: back to the result after a drop", () => {
  let server: TestServer;
  let alice: TestGuest;
  let bob: TestGuest;

  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());
  beforeEach(async () => {
    alice = await signUp(server, "alice");
    bob = await signUp(server, "bob");
  });

  /** A rated tic-tac-toe game that bob resigns; alice is X. */
  async function finished(rematchMs: number) {
    const { rooms } = await startGame(server, "tictactoe", alice, bob, { rated: true, rematchMs });
    const [x, o] = rooms;
    o.send("resign");
    await waitForState(x, (s) => s.status === "finished");
    await waitForState(o, (s) => s.status === "finished");
    return { x, o };
  }

  it("a dropped socket reconnects to the finished game with its rematch wish kept, and the rematch starts", async () => {
    const { x, o } = await finished(10_000);
    x.send("rematch");
    await waitForState(o, (s) => s.players.get(x.sessionId).wantsRematch === true);
    const token = x.reconnectionToken;
    dropConnection(x);
    const seen = await waitForState(o, (s) => s.players.get(x.sessionId).connected === false);
    const gone = seen.players.get(x.sessionId);
    assert.equal(gone.wantsRematch, true, "the wish is kept while the player may come back");
    assert.equal(gone.reconnectDeadline, seen.rematchDeadline, "the seat waits until the rematch window closes");

    const back = await alice.client.reconnect(token);
    assert.equal(back.sessionId, x.sessionId);
    const again = await waitForState(back, (s) => s.status === "finished" && s.players.get(back.sessionId).connected === true);
    assert.equal(again.players.get(back.sessionId).wantsRematch, true);
    assert.equal(again.players.get(back.sessionId).reconnectDeadline, 0);

    const offers = [collect(back, "rematch"), collect(o, "rematch")];
    o.send("rematch");
    const [ra, rb] = await Promise.all(offers.map((c) => c.next()));
    const next = [await alice.client.consumeSeatReservation(ra.reservation), await bob.client.consumeSeatReservation(rb.reservation)];
    await waitForState(next[0], (s) => s.status === "playing");
    [back, o, ...next].forEach((r) => r.leave());
  });

  it("a player who leaves on purpose takes the wish along and cannot come back", async () => {
    const { x, o } = await finished(10_000);
    x.send("rematch");
    await waitForState(o, (s) => s.players.get(x.sessionId).wantsRematch === true);
    const token = x.reconnectionToken;
    await x.leave(true);
    const seen = await waitForState(o, (s) => s.players.get(x.sessionId).connected === false);
    assert.equal(seen.players.get(x.sessionId).wantsRematch, false);
    assert.equal(seen.players.get(x.sessionId).reconnectDeadline, 0);
    await assert.rejects(alice.client.reconnect(token));
    o.leave();
  });

  it("one who does not come back before the window closes finds the room gone", async () => {
    const { x, o } = await finished(800);
    const token = x.reconnectionToken;
    const closed = closeCode(o, 3000);
    dropConnection(x);
    await waitForState(o, (s) => s.players.get(x.sessionId).connected === false);
    assert.equal(await closed, 4000, "the room closes when the rematch window does");
    await assert.rejects(alice.client.reconnect(token));
  });
});
