import { strict as assert } from "node:assert";
import { challengeWhat, challengeWords, DECLINE_WORDS, declineChoices, type ChallengeEntry, type ChallengeState } from "../client/src/app/challengeWords";
import { lineText, mergeLines, visibleLines } from "../client/src/app/chatLines";
import { DECLINE_REASONS, type ChallengeView } from "../protocol/challenges";
import type { ChatMessage } from "../protocol/chat";

const line = (seq: number, playerId: string, text: string, phrase: ChatMessage["phrase"] = null): ChatMessage => ({ seq, channel: "players", playerId, name: playerId.toUpperCase(), text, phrase, at: seq * 1000 });

describe("client chat lines (app/chatLines.ts)", () => {
  it("merges lines in seq order, each once, a later copy replacing an earlier one", () => {
    const merged = mergeLines([line(3, "a", "three"), line(1, "a", "one")], [line(2, "b", "two"), line(3, "a", "three, again")]);
    assert.deepEqual(merged.map((l) => [l.seq, l.text]), [[1, "one"], [2, "two"], [3, "three, again"]]);
    assert.deepEqual(mergeLines([], []), []);
  });

  it("shows no line of a muted player, and with chat off only the quick phrases (mine too)", () => {
    const lines = [line(1, "a", "hello there"), line(2, "b", "Good luck", "gl"), line(3, "b", "rude words"), line(4, "a", "Thanks", "thanks")];
    assert.deepEqual(visibleLines(lines, false, new Set()).map((l) => l.seq), [1, 2, 3, 4]);
    assert.deepEqual(visibleLines(lines, false, new Set(["b"])).map((l) => l.seq), [1, 4]);
    assert.deepEqual(visibleLines(lines, true, new Set()).map((l) => l.seq), [2, 4]);
    assert.deepEqual(visibleLines(lines, true, new Set(["b"])).map((l) => l.seq), [4]);
  });

  it("says a quick phrase in the client's words and free text as the server sent it", () => {
    assert.equal(lineText(line(1, "a", "whatever the server says", "gg")), "Good game");
    assert.equal(lineText(line(2, "a", "well **** played")), "well **** played");
  });
});

describe("client challenges in words (app/challengeWords.ts)", () => {
  const challenge = (rated: boolean): ChallengeView<"tictactoe"> => ({
    id: "c1",
    game: "tictactoe",
    rated,
    from: { playerId: "p-ada", name: "Ada", rating: 1520.4 },
    to: { playerId: "p-bob", name: "Bob" },
    createdAt: 0,
    expiresAt: 600_000,
  });
  const entry = (side: ChallengeEntry["side"], state: ChallengeState, reason?: ChallengeEntry["reason"], rated = true): ChallengeEntry => ({ challenge: challenge(rated), side, state, reason });

  it("names the game by its title and says rated or casual", () => {
    assert.equal(challengeWhat(challenge(true)), "a rated game of Tic-tac-toe");
    assert.equal(challengeWhat(challenge(false)), "a casual game of Tic-tac-toe");
  });

  it("says every state from the challenger's side", () => {
    assert.equal(challengeWords(entry("sent", "open")), "You challenged Bob to a rated game of Tic-tac-toe.");
    assert.equal(challengeWords(entry("sent", "accepted")), "Bob accepted your challenge: the game is starting.");
    assert.equal(challengeWords(entry("sent", "declined", "generic")), "Bob declined your challenge to a rated game of Tic-tac-toe.");
    assert.equal(challengeWords(entry("sent", "declined", "later")), "Bob declined your challenge to a rated game of Tic-tac-toe: not now, maybe later.");
    assert.equal(challengeWords(entry("sent", "declined", "casual")), "Bob declined your challenge to a rated game of Tic-tac-toe: they would rather play casual.");
    assert.equal(challengeWords(entry("sent", "cancelled")), "You cancelled your challenge to Bob.");
    assert.equal(challengeWords(entry("sent", "expired")), "Your challenge to Bob expired without an answer.");
  });

  it("says every state from the challenged player's side, the rating rounded", () => {
    assert.equal(challengeWords(entry("received", "open")), "Ada (1520) challenges you to a rated game of Tic-tac-toe.");
    assert.equal(challengeWords(entry("received", "accepted")), "You accepted Ada's challenge: the game is starting.");
    assert.equal(challengeWords(entry("received", "declined", "later")), "You declined Ada's challenge.");
    assert.equal(challengeWords(entry("received", "cancelled", "cancelled")), "Ada cancelled their challenge to a rated game of Tic-tac-toe.");
    assert.equal(challengeWords(entry("received", "cancelled", "offline")), "Ada left, so their challenge to a rated game of Tic-tac-toe is withdrawn.");
    assert.equal(challengeWords(entry("received", "expired")), "Ada's challenge to a rated game of Tic-tac-toe expired.");
  });

  it("offers decline reasons from the protocol's list, the other kind of game than the one offered", () => {
    for (const rated of [true, false]) {
      const choices = declineChoices(challenge(rated));
      assert.ok(choices.every(([reason]) => (DECLINE_REASONS as readonly string[]).includes(reason)));
      assert.deepEqual(choices.map(([reason]) => reason), ["generic", "later", rated ? "casual" : "rated", "game"]);
    }
    assert.deepEqual(Object.keys(DECLINE_WORDS).sort(), [...DECLINE_REASONS].sort(), "words for every reason");
  });
});
