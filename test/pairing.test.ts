import assert from "node:assert/strict";
import { seededRandom } from "../loadtest/seededRandom";
import { compatible, DEFAULT_PAIRING, pairFor, pairWaiting, ratingWindow, type Ticket } from "../lobby/pairing";

const NOW = 1_000_000;
const t = (playerId: string, rating: number, waitedMs = 0): Ticket => ({ playerId, rating, since: NOW - waitedMs });
const ids = (pairs: [Ticket, Ticket][]) => pairs.map((p) => p.map((x) => x.playerId).sort().join("+")).sort();


describe("pairing (pure)", () => {
  it("the window starts at 100 and widens by 50 a second up to 800", () => {
    assert.equal(ratingWindow(0), 100);
    assert.equal(ratingWindow(1000), 150);
    assert.equal(ratingWindow(4000), 300);
    assert.equal(ratingWindow(60_000), 800);
    assert.equal(ratingWindow(-5), 100);
  });

  it("takes any subset of the options, the rest defaulted", () => {
    assert.equal(ratingWindow(0, { baseWindow: 20 }), 20);
    assert.equal(ratingWindow(2000, { widenPerSecond: 10 }), 120);
    assert.equal(ratingWindow(60_000, { maxWindow: 300 }), 300);
    assert.equal(ratingWindow(60_000, {}), 800);
    assert.equal(pairWaiting([t("a", 1500), t("b", 1550)], NOW, { baseWindow: 40 }).pairs.length, 0);
  });

  it("pairs nothing out of nothing or one ticket", () => {
    assert.deepEqual(pairWaiting([], NOW), { pairs: [], waiting: [] });
    const one = t("a", 1500);
    assert.deepEqual(pairWaiting([one], NOW), { pairs: [], waiting: [one] });
  });

  it("pairs two compatible tickets, the longer waiter first", () => {
    const a = t("a", 1500, 10);
    const b = t("b", 1550, 500);
    const { pairs, waiting } = pairWaiting([a, b], NOW);
    assert.deepEqual(pairs, [[b, a]]);
    assert.deepEqual(waiting, []);
  });

  it("waits until both windows have widened enough, to the exact boundary", () => {
    // A gap of 200 needs a window of 200: two seconds of waiting for both.
    const at = (ms: number) => pairWaiting([t("a", 1500, ms), t("b", 1700, ms)], NOW).pairs.length;
    assert.equal(at(0), 0);
    assert.equal(at(1999), 0);
    assert.equal(at(2000), 1);
  });

  it("both must accept: a long waiter does not drag in a fresh far-off ticket", () => {
    const veteran = t("old", 1500, 60_000);
    const fresh = t("new", 1900, 0);
    assert.equal(compatible(veteran, fresh, NOW), false);
    assert.equal(pairWaiting([veteran, fresh], NOW).pairs.length, 0);
    assert.equal(pairFor(fresh, [veteran], NOW), null);
    // A gap of 400 needs the fresh ticket to wait 6 s: 100 + 6 * 50.
    assert.equal(pairWaiting([veteran, t("new", 1900, 5999)], NOW).pairs.length, 0);
    assert.equal(pairWaiting([veteran, t("new", 1900, 6000)], NOW).pairs.length, 1);
  });

  it("pairs the closest ratings first rather than in arrival order", () => {
    // 1560-1600 is the closest gap (40); then 1500 and 1650 are 150 apart, beyond their fresh windows.
    const tickets = [t("a", 1500), t("b", 1560), t("c", 1600), t("d", 1650)];
    const { pairs, waiting } = pairWaiting(tickets, NOW);
    assert.deepEqual(ids(pairs), ["b+c"]);
    assert.deepEqual(waiting.map((x) => x.playerId), ["a", "d"]);
    // In arrival order a+b and c+d would both fit (60 and 50), but closest first takes 40 before either.
    // Once the windows reach 150 the outer two pair as well, in the same call.
    const later = pairWaiting([t("a", 1500, 1000), t("b", 1560, 1000), t("c", 1600, 1000), t("d", 1650, 1000)], NOW);
    assert.deepEqual(later.pairs.map((p) => p.map((x) => x.playerId).sort().join("+")), ["b+c", "a+d"]);
    assert.deepEqual(later.waiting, []);
  });

  it("breaks equal gaps by the longer combined wait", () => {
    // a-b and b-c are both 50 apart; c has waited longer, so b goes to c.
    const { pairs, waiting } = pairWaiting([t("a", 1450, 100), t("b", 1500, 100), t("c", 1550, 900)], NOW);
    assert.deepEqual(ids(pairs), ["b+c"]);
    assert.deepEqual(waiting.map((x) => x.playerId), ["a"]);
  });

  it("pairs tickets that become neighbours once those between them are paired", () => {
    // Four fresh tickets sit between two veterans, too far from either to fit them; they pair off
    // among themselves, and then the veterans (400 apart, windows of 800) meet.
    const tickets = [
      t("v1", 1000, 60_000),
      t("f1", 1150),
      t("f2", 1160),
      t("f3", 1240),
      t("f4", 1250),
      t("v2", 1400, 60_000),
    ];
    const { pairs, waiting } = pairWaiting(tickets, NOW);
    assert.deepEqual(ids(pairs), ["f1+f2", "f3+f4", "v1+v2"]);
    assert.deepEqual(waiting, []);
  });

  it("never pairs a player with themselves; a duplicate ticket stays waiting", () => {
    const tab1 = t("same", 1500, 3000);
    const tab2 = t("same", 1500, 100);
    const { pairs, waiting } = pairWaiting([tab1, tab2], NOW);
    assert.equal(pairs.length, 0);
    assert.deepEqual(waiting, [tab1, tab2]);
    const other = t("other", 1510);
    const withOther = pairWaiting([tab2, tab1, other], NOW);
    assert.deepEqual(withOther.pairs.map((p) => p.map((x) => x.playerId).sort()), [["other", "same"]]);
    assert.ok(withOther.pairs[0].includes(tab1), "the oldest ticket of the player is the one used");
    assert.deepEqual(withOther.waiting, [tab2]);
  });

  it("is deterministic and keeps the input order of the unpaired", () => {
    const tickets = [t("e", 2400), t("a", 1500), t("c", 1500, 10), t("b", 1500, 10), t("d", 900)];
    const first = pairWaiting(tickets, NOW);
    const second = pairWaiting([...tickets], NOW);
    assert.deepEqual(first, second);
    assert.deepEqual(first.waiting.map((x) => x.playerId), ["e", "a", "d"]);
    assert.deepEqual(ids(first.pairs), ["b+c"]);
    // The same tickets in another order give the same pairs.
    assert.deepEqual(pairWaiting([...tickets].reverse(), NOW).pairs, first.pairs);
  });

  it("pairFor picks the closest compatible rating, then the longest wait", () => {
    const waiting = [t("far", 1700, 500), t("near-new", 1530, 100), t("near-old", 1470, 900), t("me", 1500, 5000)];
    assert.equal(pairFor(t("me", 1500), waiting, NOW)!.playerId, "near-old");
    assert.equal(pairFor(t("x", 2500), waiting, NOW), null);
    assert.equal(pairFor(t("me", 1500), [t("me", 1500, 9000)], NOW), null, "not with their own other tab");
    assert.equal(pairFor(t("me", 1500), [], NOW), null);
    assert.equal(pairFor(t("me", 1500), waiting, NOW, { baseWindow: 20 }), null);
  });

  it("handles 10,000 waiting tickets with every invariant intact", () => {
    const random = seededRandom(42);
    const tickets: Ticket[] = [];
    for (let i = 0; i < 10_000; i++) {
      // Some players hold two tickets (two tabs).
      const id = i % 50 === 0 && i > 0 ? `p${i - 1}` : `p${i}`;
      tickets.push(t(id, Math.round(800 + random() * 1800), Math.floor(random() * 20_000)));
    }
    const { pairs, waiting } = pairWaiting(tickets, NOW);
    assert.ok(pairs.length > 4000, `only ${pairs.length} pairs`);
    const all = [...pairs.flat(), ...waiting];
    assert.equal(all.length, tickets.length, "every ticket exactly once");
    assert.equal(new Set(all).size, tickets.length);
    const pairedPlayers = pairs.flat().map((x) => x.playerId);
    assert.equal(new Set(pairedPlayers).size, pairedPlayers.length, "no player in two pairs");
    for (const [a, b] of pairs) {
      assert.notEqual(a.playerId, b.playerId);
      assert.ok(compatible(a, b, NOW, DEFAULT_PAIRING));
    }
    // Same input, same answer, whatever its order.
    const shuffled = [...tickets];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    assert.deepEqual(pairWaiting(shuffled, NOW).pairs, pairs);
    // Maximal among neighbours: of the tickets considered (each player's oldest), no two left
    // unpaired and adjacent in rating order fit each other.
    const oldest = new Map<string, Ticket>();
    for (const x of tickets) if (!oldest.has(x.playerId) || x.since < oldest.get(x.playerId)!.since) oldest.set(x.playerId, x);
    const paired = new Set(pairedPlayers);
    const free = [...oldest.values()].filter((x) => !paired.has(x.playerId)).sort((a, b) => a.rating - b.rating);
    for (let i = 1; i < free.length; i++) {
      assert.ok(!compatible(free[i - 1], free[i], NOW), `${free[i - 1].playerId} and ${free[i].playerId} could have been paired`);
    }
  });
});
