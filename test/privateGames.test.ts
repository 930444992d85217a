import assert from "node:assert/strict";
import { PrivateGames, type PrivateCreator } from "../lobby/privateGames";

const MIN = 60_000;
const NOW = 1_000_000;
const alice: PrivateCreator = { playerId: "alice", name: "Alice", sessionId: "s-alice" };
const bob: PrivateCreator = { playerId: "bob", name: "Bob", sessionId: "s-bob" };

/** Hands out the given codes in order, so that a test knows each one. */
function codes(...list: string[]) {
  return () => {
    const next = list.shift();
    if (!next) throw new Error("out of codes");
    return next;
  };
}

describe("private games: the table of open codes (pure)", () => {
  it("opens a code for its lifetime, and the code opens that game for anyone else", () => {
    const table = new PrivateGames(5 * MIN, codes("AAAAA"));
    const game = table.open(alice, "rps", { rated: true, listed: false }, NOW);
    assert.deepEqual(game, { code: "AAAAA", game: "rps", rated: true, listed: false, creator: alice, expiresAt: NOW + 5 * MIN });
    assert.deepEqual(table.lookUp("AAAAA", "bob", NOW), { kind: "open", game });
    assert.deepEqual(table.lookUp("AAAAA", "bob", NOW + 5 * MIN), { kind: "open", game }, "open to the last millisecond");
  });

  it("draws again when a new code is already open", () => {
    const table = new PrivateGames(MIN, codes("AAAAA", "AAAAA", "AAAAA", "BBBBB"));
    table.open(alice, "rps", { rated: false, listed: false }, NOW);
    assert.equal(table.open(bob, "tictactoe", { rated: false, listed: false }, NOW).code, "BBBBB");
    assert.equal(table.lookUp("AAAAA", "carol", NOW).kind, "open");
  });

  it("a creator has one code: a new one closes the earlier one, and leaves other creators' alone", () => {
    const table = new PrivateGames(MIN, codes("AAAAA", "BBBBB", "CCCCC"));
    table.open(alice, "rps", { rated: false, listed: false }, NOW);
    table.open(bob, "rps", { rated: false, listed: false }, NOW);
    table.open(alice, "tictactoe", { rated: true, listed: false }, NOW + 1);
    assert.deepEqual(table.lookUp("AAAAA", "carol", NOW + 1), { kind: "unknown" });
    assert.equal(table.lookUp("BBBBB", "carol", NOW + 1).kind, "open");
    const found = table.lookUp("CCCCC", "carol", NOW + 1);
    assert.equal(found.kind === "open" && found.game.game, "tictactoe");
  });

  it("tells unknown, expired and own codes apart; an expired code answers expired once", () => {
    const table = new PrivateGames(MIN, codes("AAAAA"));
    const game = table.open(alice, "rps", { rated: false, listed: false }, NOW);
    assert.deepEqual(table.lookUp("ZZZZZ", "bob", NOW), { kind: "unknown" });
    assert.deepEqual(table.lookUp("AAAAA", "alice", NOW), { kind: "own", game });
    assert.deepEqual(table.lookUp("AAAAA", "bob", NOW + MIN + 1), { kind: "expired" });
    assert.deepEqual(table.lookUp("AAAAA", "bob", NOW + MIN + 1), { kind: "unknown" });
  });

  it("an expired code is expired even for its creator", () => {
    const table = new PrivateGames(MIN, codes("AAAAA"));
    table.open(alice, "rps", { rated: false, listed: false }, NOW);
    assert.deepEqual(table.lookUp("AAAAA", "alice", NOW + MIN + 1), { kind: "expired" });
  });

  it("sweeping keeps an expired code for one more lifetime, so a late join hears expired, not unknown", () => {
    const inGrace = new PrivateGames(MIN, codes("AAAAA"));
    inGrace.open(alice, "rps", { rated: false, listed: false }, NOW);
    inGrace.sweep(NOW + 2 * MIN);
    assert.deepEqual(inGrace.lookUp("AAAAA", "carol", NOW + 2 * MIN), { kind: "expired" });

    const past = new PrivateGames(MIN, codes("AAAAA", "BBBBB"));
    past.open(alice, "rps", { rated: false, listed: false }, NOW);
    past.open(bob, "rps", { rated: false, listed: false }, NOW + 2 * MIN);
    past.sweep(NOW + 2 * MIN + 1);
    assert.deepEqual(past.lookUp("AAAAA", "carol", NOW + 2 * MIN + 1), { kind: "unknown" }, "past the grace");
    assert.equal(past.lookUp("BBBBB", "carol", NOW + 2 * MIN + 1).kind, "open", "an open code is never swept");
  });

  it("a code is taken once, and not if it was replaced meanwhile", () => {
    const table = new PrivateGames(MIN, codes("AAAAA", "BBBBB", "CCCCC"));
    const first = table.open(alice, "rps", { rated: false, listed: false }, NOW);
    assert.equal(table.take(first), true);
    assert.equal(table.take(first), false);
    assert.deepEqual(table.lookUp("AAAAA", "bob", NOW), { kind: "unknown" });
    const second = table.open(alice, "rps", { rated: false, listed: false }, NOW);
    table.open(alice, "rps", { rated: false, listed: false }, NOW);
    assert.equal(table.take(second), false, "the creator made another code");
  });

  it("the creator's connection closing closes their codes, and nobody else's", () => {
    const table = new PrivateGames(MIN, codes("AAAAA", "BBBBB"));
    table.open(alice, "rps", { rated: false, listed: false }, NOW);
    table.open(bob, "rps", { rated: false, listed: false }, NOW);
    table.closeFor("s-alice");
    assert.deepEqual(table.lookUp("AAAAA", "carol", NOW), { kind: "unknown" });
    assert.equal(table.lookUp("BBBBB", "carol", NOW).kind, "open");
    table.closeFor("s-nobody");
    assert.equal(table.lookUp("BBBBB", "carol", NOW).kind, "open");
  });

  it("keeps the creator's choices: rated, and listed on the Watch list", () => {
    const table = new PrivateGames(MIN, codes("AAAAA"));
    const game = table.open(alice, "connectfour", { rated: false, listed: true }, NOW);
    assert.deepEqual([game.rated, game.listed], [false, true]);
    const found = table.lookUp("AAAAA", "bob", NOW);
    assert.equal(found.kind === "open" && found.game.listed, true);
  });

  it("by default, codes come from the private-code alphabet", () => {
    const table = new PrivateGames(MIN);
    assert.match(table.open(alice, "rps", { rated: false, listed: false }, NOW).code, /^[A-HJ-NP-Z2-9]{5}$/);
  });
});
