import assert from "node:assert/strict";
import { TicketBook, type LobbyTicket } from "../lobby/ticketBook";

const ticket = (playerId: string, since: number, game: LobbyTicket["game"] = "tictactoe", sessionId = `s-${playerId}`): LobbyTicket => ({
  playerId,
  name: playerId.toUpperCase(),
  game,
  sessionId,
  rating: 1500,
  since,
  botFill: true,
});
const told = (changes: { ticket: LobbyTicket; position: number }[]) => changes.map((c) => `${c.ticket.playerId}:${c.position}`);

describe("the ticket book (pure)", () => {
  it("one ticket per player: a new one replaces the old, even for another game", () => {
    const book = new TicketBook();
    book.add(ticket("a", 1));
    book.add(ticket("a", 2, "rps"));
    assert.deepEqual(book.waiting("tictactoe"), []);
    assert.deepEqual(book.waiting("rps"), [ticket("a", 2, "rps")]);
    assert.equal(book.get("a")?.game, "rps");
  });

  it("removing returns the ticket once", () => {
    const book = new TicketBook();
    book.add(ticket("a", 1));
    assert.deepEqual(book.remove("a"), ticket("a", 1));
    assert.equal(book.remove("a"), undefined);
    assert.equal(book.has("a"), false);
  });

  it("counts each game's queue, the empty ones as 0", () => {
    const book = new TicketBook();
    book.add(ticket("a", 1));
    book.add(ticket("b", 2));
    book.add(ticket("c", 3, "rps"));
    assert.deepEqual([...book.counts(["tictactoe", "rps"])], [["tictactoe", 2], ["rps", 1]]);
    assert.deepEqual([...new TicketBook().counts(["tictactoe", "rps"])], [["tictactoe", 0], ["rps", 0]]);
  });

  it("finds a connection's tickets", () => {
    const book = new TicketBook();
    book.add(ticket("a", 1, "tictactoe", "tab"));
    book.add(ticket("b", 1, "rps", "tab"));
    book.add(ticket("c", 1));
    assert.deepEqual(book.ofSession("tab").map((t) => t.playerId), ["a", "b"]);
    assert.deepEqual(book.ofSession("gone"), []);
  });

  it("positions: the longest wait is first, ties by player id, and each change is told once", () => {
    const book = new TicketBook();
    book.add(ticket("b", 5));
    book.add(ticket("a", 5));
    book.add(ticket("c", 1));
    assert.deepEqual(told(book.changedPositions("tictactoe")), ["c:1", "a:2", "b:3"]);
    assert.deepEqual(told(book.changedPositions("tictactoe")), [], "nothing moved");
    book.remove("c");
    assert.deepEqual(told(book.changedPositions("tictactoe")), ["a:1", "b:2"]);
    book.add(ticket("d", 9));
    assert.deepEqual(told(book.changedPositions("tictactoe")), ["d:3"]);
    assert.deepEqual(told(book.changedPositions("rps")), []);
  });

  it("a player who leaves and queues again hears their position afresh, even the same one", () => {
    const book = new TicketBook();
    book.add(ticket("a", 1));
    assert.deepEqual(told(book.changedPositions("tictactoe")), ["a:1"]);
    book.remove("a");
    book.add(ticket("a", 2));
    assert.deepEqual(told(book.changedPositions("tictactoe")), ["a:1"]);
  });

  it("bot fill is switched on a ticket that keeps its place, and a position asked for counts as told", () => {
    const book = new TicketBook();
    book.add(ticket("b", 2));
    book.add(ticket("a", 1));
    assert.equal(book.setBotFill("b", false)?.botFill, false);
    assert.equal(book.get("b")?.since, 2, "the same wait");
    assert.equal(book.setBotFill("nobody", false), undefined);
    assert.equal(book.positionOf("b"), 2);
    assert.equal(book.positionOf("nobody"), undefined);
    assert.deepEqual(told(book.changedPositions("tictactoe")), ["a:1"], "b was told already");
  });
});
