import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { CLOSE_BANNED } from "../protocol/wire";
import { closeBannedPlayer, forgetBan, trackSession } from "../rooms/auth";
import { adminPlayerView, moderationAction, MUTE_MAX_MINUTES, namedInReports } from "../server/moderation";
import { startReportSweep, sweepReports } from "../server/reportRetention";
import type { Player, Report } from "../store/types";

const NOW = 1_800_000_000_000;
const DAY = 24 * 60 * 60_000;

describe("moderation rules (server/moderation.ts)", () => {
  it("turns each action's body into the store's action, or says what is wrong", () => {
    for (const kind of ["ban", "unban", "unmute"] as const) {
      assert.deepEqual(moderationAction(kind, {}, NOW), { ok: true, action: { kind } });
      assert.deepEqual(moderationAction(kind, undefined, NOW), { ok: true, action: { kind } }, "no body is an empty one");
      assert.equal(moderationAction(kind, { minutes: 5 }, NOW).ok, false, "nothing else");
    }
    assert.deepEqual(moderationAction("mute", { minutes: 90 }, NOW), { ok: true, action: { kind: "mute", until: NOW + 90 * 60_000 } });
    assert.deepEqual(moderationAction("mute", { minutes: MUTE_MAX_MINUTES }, NOW), { ok: true, action: { kind: "mute", until: NOW + MUTE_MAX_MINUTES * 60_000 } });
    for (const minutes of [0, -1, 2.5, MUTE_MAX_MINUTES + 1, "5", null, Infinity]) assert.equal(moderationAction("mute", { minutes }, NOW).ok, false, String(minutes));
    assert.deepEqual(moderationAction("rename", { name: "  New Name " }, NOW), { ok: true, action: { kind: "rename", name: "New Name" } });
    assert.deepEqual(moderationAction("rename", { name: "a".repeat(21) }, NOW), { ok: false, message: "Your name must be at most 20 characters." });
    assert.deepEqual(moderationAction("rename", { name: "no<html>" }, NOW), { ok: false, message: "Your name may contain only letters, digits, spaces, _ and -." });
    assert.equal(moderationAction("rename", {}, NOW).ok, false);
    assert.equal(moderationAction("rename", [], NOW).ok, false);
  });

  it("shows a mute only while it lasts", () => {
    const player: Player = { id: "p", name: "P", isBot: false, createdAt: 1, bannedAt: null, chatMutedUntil: NOW + 1 };
    assert.equal(adminPlayerView(player, null, NOW).chatMutedUntil, NOW + 1);
    assert.equal(adminPlayerView(player, "p_user", NOW + 1).chatMutedUntil, null);
    assert.deepEqual(adminPlayerView({ ...player, bannedAt: 5, chatMutedUntil: null }, "p_user", NOW), {
      playerId: "p", name: "P", isBot: false, createdAt: 1, username: "p_user", bannedAt: 5, chatMutedUntil: null,
    });
  });

  it("finds the players named in reports, reporters and reported alike, ignoring case", () => {
    const report = (reporter: [string, string], reported: [string, string]) =>
      ({ reporterId: reporter[0], reporterName: reporter[1], reportedId: reported[0], reportedName: reported[1] }) as Report;
    const reports = [report(["a", "Ann"], ["b", "Bob"]), report(["c", "bob"], ["a", "Ann"]), report(["d", "Dee"], ["e", "Bobby"])];
    assert.deepEqual(namedInReports(reports, " BOB "), ["b", "c"]);
    assert.deepEqual(namedInReports(reports, "ann"), ["a"]);
    assert.deepEqual(namedInReports(reports, "Nobody"), []);
  });
});

/** A connection as rooms/auth.ts sees one: it can be closed, and says when its socket closes. */
function connection() {
  const ref = new EventEmitter();
  const closed: [number | undefined, string | undefined][] = [];
  return {
    ref,
    closed,
    leave(code?: number, reason?: string) {
      closed.push([code, reason]);
      ref.emit("close");
    },
  };
}

describe("closing a banned player's connections (rooms/auth.ts)", () => {
  it("closes every connection of the player with 4403, and no one else's", () => {
    const [a1, a2, b] = [connection(), connection(), connection()];
    trackSession(a1, "token-a1", "ban-a", NOW);
    trackSession(a2, "token-a2", "ban-a", NOW);
    trackSession(b, "token-b", "ban-b", NOW);
    assert.equal(closeBannedPlayer("ban-a", NOW), 2);
    assert.deepEqual([...a1.closed, ...a2.closed].map(([code, reason]) => [code, reason?.split(":")[0]]), [[CLOSE_BANNED, "BANNED"], [CLOSE_BANNED, "BANNED"]]);
    assert.deepEqual(b.closed, []);
    assert.equal(closeBannedPlayer("ban-a", NOW), 0, "closed connections are forgotten");
    forgetBan("ban-a");
  });

  it("closes a join that finishes just after the ban was announced, but not after an unban or once the ban is old news", () => {
    closeBannedPlayer("ban-late", NOW);
    const late = connection();
    trackSession(late, "token-late", "ban-late", NOW + 500);
    assert.equal(late.closed.length, 1, "the join that raced the ban");

    const later = connection();
    trackSession(later, "token-later", "ban-late", NOW + 61_000);
    assert.deepEqual(later.closed, [], "a minute on, only the joins' own checks refuse a banned player");

    closeBannedPlayer("ban-undone", NOW);
    forgetBan("ban-undone");
    const back = connection();
    trackSession(back, "token-back", "ban-undone", NOW + 10);
    assert.deepEqual(back.closed, [], "after an unban");
    for (const c of [later, back]) c.ref.emit("close");
  });
});

describe("the report retention sweep (server/reportRetention.ts)", () => {
  it("deletes what was resolved REPORT_RETENTION_DAYS before now: at start, on demand, and each interval, until stopped", async () => {
    const asked: number[] = [];
    const store = { purgeReports: async (before: number) => (asked.push(before), 1) };
    assert.equal(await sweepReports(store, NOW, 90), 1);
    assert.deepEqual(asked, [NOW - 90 * DAY]);

    asked.length = 0;
    let clock = NOW;
    const sweep = startReportSweep(store, 30, () => clock, 20);
    assert.deepEqual(asked, [NOW - 30 * DAY], "once at start");
    assert.equal(await sweep.run(NOW + DAY), 1);
    assert.deepEqual(asked.at(-1), NOW + DAY - 30 * DAY, "at the time given");
    clock = NOW + 2 * DAY;
    await new Promise((r) => setTimeout(r, 70));
    assert.ok(asked.includes(NOW + 2 * DAY - 30 * DAY), "by the interval, at the clock's time");
    await sweep.stop();
    const count = asked.length;
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(asked.length, count, "no sweep after stop");
  });

  it("a failed sweep is tried again at the next interval; a slow one is not joined by another; stop waits for it", async () => {
    let calls = 0;
    let finish!: () => void;
    const store = {
      purgeReports: (_before: number) => {
        calls++;
        if (calls === 1) return Promise.reject(new Error("database away"));
        return new Promise<number>((resolve) => (finish = () => resolve(0)));
      },
    };
    const sweep = startReportSweep(store, 90, () => NOW, 20);
    while (calls < 2) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(calls, 2, "tried again, and not again while that sweep is under way");
    let stopped = false;
    const stopping = sweep.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(stopped, false, "waits for the sweep under way");
    finish();
    await stopping;
    assert.equal(calls, 2);
  });
});
