import assert from "node:assert/strict";
import {
  backoffRefusal,
  challengerBusy,
  Challenges,
  challengeView,
  newChallengeId,
  targetRefusal,
  waitText,
  type Challenger,
  type TargetFacts,
} from "../lobby/challenges";
import type { ChallengePolicy } from "../store/types";

const MIN = 60_000;
const NOW = 1_000_000;
const LIFE = 10 * MIN;

const person = (id: string, rating = 1500): Challenger => ({ playerId: id, name: id.toUpperCase(), rating, sessionId: `s-${id}` });
const ann = person("ann", 1612.4);
const bob = person("bob");
const cat = person("cat");
const to = (p: Challenger) => ({ playerId: p.playerId, name: p.name });

/** Hands out the given ids in order, so that a test knows each one. */
function ids(...list: string[]) {
  return () => {
    const next = list.shift();
    if (!next) throw new Error("out of ids");
    return next;
  };
}

function sent(table: Challenges, from: Challenger, target: Challenger, now = NOW, game: "tictactoe" | "rps" = "tictactoe") {
  const result = table.send(from, to(target), game, false, now);
  if (!result.ok) throw new Error(`not sent: ${result.error.code}`);
  return result.challenge;
}

describe("challenges: the table of open challenges (pure)", () => {
  it("a challenge is open for its lifetime with what the challenger chose; its view leaves the session out and rounds the rating", () => {
    const table = new Challenges(LIFE, 3, ids("id-1"));
    const result = table.send(ann, to(bob), "connectfour", true, NOW);
    assert.ok(result.ok);
    const c = result.challenge;
    assert.deepEqual(c, { id: "id-1", game: "connectfour", rated: true, from: ann, to: to(bob), createdAt: NOW, expiresAt: NOW + LIFE });
    assert.deepEqual(challengeView(c), {
      id: "id-1", game: "connectfour", rated: true,
      from: { playerId: "ann", name: "ANN", rating: 1612 }, to: { playerId: "bob", name: "BOB" },
      createdAt: NOW, expiresAt: NOW + LIFE,
    });
    assert.equal(table.get("id-1", NOW + LIFE), c, "open to the last millisecond");
    assert.equal(table.get("id-1", NOW + LIFE + 1), null);
    assert.equal(table.get("nope", NOW), null);
  });

  it("refuses challenging oneself", () => {
    const table = new Challenges(LIFE, 3);
    assert.equal(table.refusal("ann", "ann", NOW)?.code, "CHALLENGE_SELF");
    const self = table.send(ann, to(ann), "rps", false, NOW);
    assert.equal(!self.ok && self.error.code, "CHALLENGE_SELF");
  });

  it("one open challenge per pair, in either direction, and the message says which way", () => {
    const table = new Challenges(LIFE, 3, ids("a", "b", "c"));
    sent(table, ann, bob);
    const again = table.send(ann, to(bob), "rps", false, NOW);
    assert.equal(!again.ok && again.error.code, "CHALLENGE_EXISTS");
    assert.match(!again.ok ? again.error.message : "", /You have already challenged BOB/);
    const back = table.send(bob, to(ann), "rps", false, NOW);
    assert.equal(!back.ok && back.error.code, "CHALLENGE_EXISTS");
    assert.match(!back.ok ? back.error.message : "", /ANN has already challenged you; accept or decline/);
    assert.equal(table.refusal("bob", "cat", NOW), null, "other pairs are free");
    sent(table, bob, cat);
  });

  it("at most maxOpen sent challenges at once; received ones do not count; a closed or expired one frees a place", () => {
    const table = new Challenges(LIFE, 2, ids("1", "2", "3", "4", "5"));
    const first = sent(table, ann, bob);
    sent(table, cat, ann);
    sent(table, ann, person("dan"), NOW + 1);
    const over = table.send(ann, to(person("eve")), "rps", false, NOW + 2);
    assert.equal(!over.ok && over.error.code, "CHALLENGE_LIMIT");
    assert.match(!over.ok ? over.error.message : "", /You have 2 open challenges, the most at once/);
    assert.equal(table.refusal("cat", "eve", NOW), null, "the limit is per challenger");
    assert.equal(table.close(first), true);
    sent(table, ann, person("eve"), NOW + 2);
    assert.equal(table.refusal("ann", "fay", NOW + 3)?.code, "CHALLENGE_LIMIT");
    assert.equal(table.refusal("ann", "fay", NOW + 1 + LIFE + 1), null, "once past their expiry, challenges do not count, swept or not");
  });

  it("draws again when a new id is already in use, open or remembered as expired", () => {
    const table = new Challenges(LIFE, 3, ids("x", "x", "y", "y", "z"));
    sent(table, ann, bob);
    assert.equal(sent(table, ann, cat).id, "y");
    table.expire(NOW + LIFE + 1);
    assert.equal(sent(table, bob, cat, NOW + LIFE + 1).id, "z");
  });

  it("only its target may accept or decline, only its challenger cancel; anyone else hears not found", () => {
    const table = new Challenges(LIFE, 3, ids("id"));
    const c = sent(table, ann, bob);
    for (const answer of ["accept", "decline"] as const) {
      assert.deepEqual(table.answerable("id", "bob", answer, NOW), { ok: true, challenge: c });
      const own = table.answerable("id", "ann", answer, NOW);
      assert.equal(!own.ok && own.error.code, "CHALLENGE_NOT_FOUND");
      assert.match(!own.ok ? own.error.message : "", new RegExp(`That challenge is yours; only BOB can ${answer} it`));
    }
    assert.deepEqual(table.answerable("id", "ann", "cancel", NOW), { ok: true, challenge: c });
    const byTarget = table.answerable("id", "bob", "cancel", NOW);
    assert.equal(!byTarget.ok && byTarget.error.code, "CHALLENGE_NOT_FOUND");
    for (const answer of ["accept", "decline", "cancel"] as const) {
      const stranger = table.answerable("id", "cat", answer, NOW);
      assert.equal(!stranger.ok && stranger.error.code, "CHALLENGE_NOT_FOUND", `a stranger's ${answer}`);
      const unknown = table.answerable("other", "bob", answer, NOW);
      assert.equal(!unknown.ok && unknown.error.code, "CHALLENGE_NOT_FOUND");
    }
  });

  it("a challenge closes once: a second answer, or one after a close, hears not found", () => {
    const table = new Challenges(LIFE, 3, ids("id"));
    const c = sent(table, ann, bob);
    assert.equal(table.close(c), true);
    assert.equal(table.close(c), false, "an accept that lost the race to a cancel");
    const late = table.answerable("id", "bob", "accept", NOW);
    assert.equal(!late.ok && late.error.code, "CHALLENGE_NOT_FOUND");
    assert.equal(table.get("id", NOW), null);
  });

  it("expires after its lifetime: answers hear expired at once, the sweep announces it once and remembers it one more lifetime", () => {
    const table = new Challenges(LIFE, 3, ids("id", "other"));
    const c = sent(table, ann, bob);
    const later = sent(table, cat, bob, NOW + MIN);
    const past = NOW + LIFE + 1;
    for (const [who, answer] of [["bob", "accept"], ["bob", "decline"], ["ann", "cancel"], ["ann", "accept"]] as const) {
      const found = table.answerable("id", who, answer, past);
      assert.equal(!found.ok && found.error.code, "CHALLENGE_EXPIRED", `${who} ${answer}s before the sweep`);
    }
    assert.deepEqual(table.expire(NOW + LIFE), [], "not before its time");
    assert.deepEqual(table.expire(past), [c]);
    assert.deepEqual(table.expire(past + 1), [], "announced once");
    assert.equal(table.close(c), false, "an expired challenge cannot be taken");
    const found = table.answerable("id", "bob", "accept", past + LIFE);
    assert.equal(!found.ok && found.error.code, "CHALLENGE_EXPIRED", "still remembered a lifetime on");
    const stranger = table.answerable("id", "cat", "accept", past);
    assert.equal(!stranger.ok && stranger.error.code, "CHALLENGE_NOT_FOUND", "to a stranger an expired one is not found either");
    assert.deepEqual(table.expire(NOW + 2 * LIFE + 2), [later]);
    const gone = table.answerable("id", "bob", "accept", NOW + 2 * LIFE + 2);
    assert.equal(!gone.ok && gone.error.code, "CHALLENGE_NOT_FOUND", "forgotten after that");
  });

  it("the challenger's last connection closing closes the challenges they sent, not those sent to them", () => {
    const table = new Challenges(LIFE, 3, ids("1", "2", "3"));
    const one = sent(table, ann, bob);
    const two = sent(table, ann, cat);
    const toAnn = sent(table, bob, person("dan"));
    assert.deepEqual(table.closeFrom("ann"), [one, two]);
    assert.deepEqual(table.closeFrom("ann"), []);
    assert.equal(table.get("1", NOW), null);
    assert.equal(table.get("3", NOW), toAnn);
    assert.equal(table.refusal("ann", "bob", NOW), null, "the pair is free again");
  });

  it("lists a player's open challenges, received and sent, oldest first, leaving out the expired", () => {
    const table = new Challenges(LIFE, 3, ids("1", "2", "3", "4"));
    const a = sent(table, ann, bob, NOW);
    const b = sent(table, cat, ann, NOW + 1);
    const c = sent(table, ann, person("dan"), NOW + 2);
    sent(table, bob, cat, NOW + 3);
    assert.deepEqual(table.listFor("ann", NOW + 3), { received: [b], sent: [a, c] });
    assert.deepEqual(table.listFor("bob", NOW + 3).received, [a]);
    assert.deepEqual(table.listFor("eve", NOW), { received: [], sent: [] });
    assert.deepEqual(table.listFor("ann", NOW + LIFE + 1), { received: [b], sent: [c] });
  });

  it("ids are 128 bits from the cryptographic source, as base64url, and differ", () => {
    const seen = new Set(Array.from({ length: 100 }, () => newChallengeId()));
    assert.equal(seen.size, 100);
    for (const id of seen) assert.match(id, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(newChallengeId((n) => Buffer.alloc(n, 0xff)), "_____________________w");
    const drawn = [sent(new Challenges(LIFE, 3), ann, bob).id, sent(new Challenges(LIFE, 3), ann, bob).id];
    assert.notEqual(drawn[0], drawn[1], "a table draws its ids from the cryptographic source by default");
  });
});

describe("challenges: who may be challenged, and the refusals' words (pure)", () => {
  const policies: ChallengePolicy[] = ["everyone", "played", "nobody"];
  const targets = {
    unknown: null,
    banned: { id: "bob", name: "Bob", isBot: false, bannedAt: NOW },
    bot: { id: "bot", name: "Parlor Bot", isBot: true, bannedAt: null },
    player: { id: "bob", name: "Bob", isBot: false, bannedAt: null },
  };

  /** The rule, as the protocol states it, for each combination. */
  function expected(kind: keyof typeof targets, policy: ChallengePolicy, account: boolean, played: boolean): string | null {
    if (kind === "unknown" || kind === "banned") return "PLAYER_NOT_FOUND";
    if (kind === "bot") return "CHALLENGE_BOT";
    if (policy === "nobody") return "CHALLENGES_OFF";
    if (policy === "played" && !(account && played)) return "CHALLENGES_PLAYED_ONLY";
    return null;
  }

  it("every combination of target, policy, account and shared history", () => {
    let cases = 0;
    for (const [kind, target] of Object.entries(targets) as [keyof typeof targets, TargetFacts["target"]][]) {
      for (const policy of policies) {
        for (const challengerHasAccount of [false, true]) {
          for (const havePlayed of [false, true]) {
            const refusal = targetRefusal({ target, policy, challengerHasAccount, havePlayed });
            assert.equal(refusal?.code ?? null, expected(kind, policy, challengerHasAccount, havePlayed), JSON.stringify({ kind, policy, challengerHasAccount, havePlayed }));
            cases++;
          }
        }
      }
    }
    assert.equal(cases, 48);
  });

  it("the refusals say why in a sentence", () => {
    const player = targets.player;
    const off = targetRefusal({ target: player, policy: "nobody", challengerHasAccount: true, havePlayed: true });
    assert.equal(off?.message, "Bob does not take challenges.");
    const guest = targetRefusal({ target: player, policy: "played", challengerHasAccount: false, havePlayed: true });
    assert.match(guest!.message, /Bob takes challenges only from accounts they have played before\. You are playing as a guest: claim an account first\./);
    const stranger = targetRefusal({ target: player, policy: "played", challengerHasAccount: true, havePlayed: false });
    assert.equal(stranger?.message, "Bob takes challenges only from accounts they have played before.");
    assert.equal(targetRefusal({ target: targets.banned, policy: "everyone", challengerHasAccount: true, havePlayed: true })?.message, "There is no player with that id.", "a ban is not told");
    assert.deepEqual(backoffRefusal("Bob", NOW + 2 * MIN, NOW), { code: "CHALLENGE_BACKOFF", message: "Bob declined your challenge; you can challenge them again in 2 min." });
    const busy = challengerBusy(sent(new Challenges(LIFE, 3), ann, bob));
    assert.equal(busy.code, "CHALLENGER_BUSY");
    assert.match(busy.message, /ANN is playing another game right now; the challenge stays open/);
  });

  it("waits are told in seconds under a minute, else in whole minutes rounded up", () => {
    assert.deepEqual([1, 999, 1000, 1001, 59_000, 59_999, 60_000, 60_001, 119_999, 3_600_000, 0, -5].map(waitText),
      ["1 s", "1 s", "1 s", "2 s", "59 s", "1 min", "1 min", "2 min", "2 min", "60 min", "1 s", "1 s"]);
  });
});
