import { strict as assert } from "node:assert";
import { LOW_TIME_MS, mainMoment, momentsBetween, outcomeOf, type Moment, type MomentStatus, type MomentView } from "../client/src/feedback/moments";
import { NOTIFICATION_TAG, notificationLog, notificationsWanted, notifyIfHidden, setNotificationsWanted } from "../client/src/feedback/notify";
import { momentSound, playSound, setSoundsMuted, soundLog, SOUNDS, soundsMuted, unlockAudio, type SoundKind } from "../client/src/feedback/sounds";
import { setScreenTitle, setTitleAttention, titleFor } from "../client/src/feedback/tabTitle";

const NOW = 1_000_000;

/** Seat 0 playing, my move, 20 s on the clock. */
function view(over: Partial<MomentView> = {}): MomentView {
  return { game: "g1", status: "playing", spectating: false, mySeat: 0, mustAct: true, turn: 0, opponentMoves: 0, deadline: NOW + 20_000, now: NOW, winner: -1, ...over };
}

const kinds = (moments: Moment[]) => moments.map((m) => m.kind);

describe("client feedback", () => {
  describe("moments between two views", () => {
    it("a match is found on the first view of a game I play, waiting or playing", () => {
      assert.deepEqual(momentsBetween(null, view({ status: "waiting", mustAct: false })), [{ kind: "matchFound" }]);
      // Found with my move already due: matchFound stands for yourTurn.
      assert.deepEqual(kinds(momentsBetween(null, view())), ["matchFound"]);
      // Another room is another game (a rematch).
      assert.deepEqual(kinds(momentsBetween(view({ status: "finished", mustAct: false }), view({ game: "g2" }))), ["matchFound"]);
    });

    it("no match is found when watching, nor for a game seen only once over", () => {
      assert.deepEqual(momentsBetween(null, view({ spectating: true, mySeat: -1, mustAct: false })), []);
      assert.deepEqual(momentsBetween(null, view({ status: "finished", mustAct: false, winner: 0 })), []);
      assert.deepEqual(momentsBetween(null, view({ status: "aborted", mustAct: false })), []);
    });

    it("alternating turns: the opponent's move makes it my turn", () => {
      const theirs = view({ mustAct: false, turn: 1 });
      const mine = view({ mustAct: true, turn: 2, opponentMoves: 1 });
      assert.deepEqual(kinds(momentsBetween(theirs, mine)), ["opponentMoved", "yourTurn"]);
      // My own move: nothing to signal.
      assert.deepEqual(momentsBetween(mine, view({ mustAct: false, turn: 3, opponentMoves: 1 })), []);
      // The same view again (a patch of something else, a clock tick) says nothing.
      assert.deepEqual(momentsBetween(mine, mine), []);
    });

    it("the game starting with my move is my turn", () => {
      assert.deepEqual(kinds(momentsBetween(view({ status: "waiting", mustAct: false }), view())), ["yourTurn"]);
      assert.deepEqual(momentsBetween(view({ status: "waiting", mustAct: false }), view({ mustAct: false })), []);
    });

    it("simultaneous rounds: a new round is my turn even when I never stopped having to act", () => {
      const start = view({ turn: 0 });
      // The opponent chooses first: only that.
      const theyChose = view({ turn: 0, opponentMoves: 1 });
      assert.deepEqual(kinds(momentsBetween(start, theyChose)), ["opponentMoved"]);
      // My choice reveals the round in the same patch: round 2 is due at once.
      assert.deepEqual(kinds(momentsBetween(theyChose, view({ turn: 1, opponentMoves: 1 }))), ["yourTurn"]);
      // I choose first, then theirs reveals the round.
      const iChose = view({ turn: 0, mustAct: false });
      assert.deepEqual(kinds(momentsBetween(iChose, view({ turn: 1, opponentMoves: 1 }))), ["opponentMoved", "yourTurn"]);
    });

    it("low time: once per turn, when my time left drops under 10 s while I must act", () => {
      const at = (left: number, over: Partial<MomentView> = {}) => view({ deadline: NOW + left, ...over });
      assert.deepEqual(momentsBetween(at(10_500), at(10_000)), [], "10 s exactly is not under");
      assert.deepEqual(momentsBetween(at(10_000), at(9_999)), [{ kind: "lowTime", remainingMs: 9_999 }]);
      assert.deepEqual(momentsBetween(at(9_999), at(5_000)), [], "once only");
      assert.deepEqual(momentsBetween(at(5_000), at(-200)), [], "nor again past the deadline");
      // The next turn starts low (a late reconnection): that turn's once.
      assert.deepEqual(kinds(momentsBetween(at(5_000, { turn: 0 }), at(4_000, { turn: 1 }))), ["yourTurn", "lowTime"]);
      assert.deepEqual(momentsBetween(at(20_000), at(-50)), [{ kind: "lowTime", remainingMs: 0 }], "clamped at zero");
      // Not when I have acted, not without a clock, not when watching, not when over.
      assert.deepEqual(momentsBetween(at(12_000, { mustAct: false }), at(9_000, { mustAct: false })), []);
      assert.deepEqual(momentsBetween(view({ deadline: 0 }), view({ deadline: 0, now: NOW + 60_000 })), []);
      const watching = { spectating: true, mySeat: -1, mustAct: false };
      assert.deepEqual(momentsBetween(at(12_000, watching), at(9_000, watching)), []);
      // A threshold of one's own.
      assert.deepEqual(kinds(momentsBetween(at(16_000), at(14_000), 15_000)), ["lowTime"]);
      assert.equal(LOW_TIME_MS, 10_000);
    });

    it("the clock ticking with no patch is enough to find low time", () => {
      const turn = view({ deadline: NOW + 10_400 });
      assert.deepEqual(momentsBetween(turn, { ...turn, now: NOW + 300 }), []);
      assert.deepEqual(kinds(momentsBetween({ ...turn, now: NOW + 300 }, { ...turn, now: NOW + 1_300 })), ["lowTime"]);
    });

    it("the game's end, as a win, a loss, a draw or an abort", () => {
      const end = (over: Partial<MomentView>) => momentsBetween(view({ mustAct: false }), view({ status: "finished", mustAct: false, deadline: 0, ...over }));
      assert.deepEqual(end({ winner: 0 }), [{ kind: "gameEnd", outcome: "win" }]);
      assert.deepEqual(end({ winner: 1 }), [{ kind: "gameEnd", outcome: "loss" }]);
      assert.deepEqual(end({ winner: -1 }), [{ kind: "gameEnd", outcome: "draw" }]);
      assert.deepEqual(end({ status: "aborted" }), [{ kind: "gameEnd", outcome: "aborted" }]);
      // The opponent's winning move.
      assert.deepEqual(end({ winner: 1, opponentMoves: 1 }), [{ kind: "opponentMoved" }, { kind: "gameEnd", outcome: "loss" }]);
      // Aborted before it started (a no-show).
      assert.deepEqual(momentsBetween(view({ status: "waiting" }), view({ status: "aborted" })), [{ kind: "gameEnd", outcome: "aborted" }]);
      // Once: the finished game patched again (a rematch request) says nothing.
      const over = view({ status: "finished", mustAct: false, winner: 0 });
      assert.deepEqual(momentsBetween(over, { ...over, now: NOW + 5_000 }), []);
    });

    it("a watched game: every move is the other side's, and its end has no winner of mine", () => {
      const watch = (over: Partial<MomentView>) => view({ spectating: true, mySeat: -1, mustAct: false, ...over });
      assert.deepEqual(kinds(momentsBetween(watch({}), watch({ opponentMoves: 1, turn: 1 }))), ["opponentMoved"]);
      assert.equal(outcomeOf(watch({ status: "finished", winner: 0 })), "ended");
      assert.equal(outcomeOf(watch({ status: "finished", winner: -1 })), "draw");
      assert.deepEqual(momentsBetween(watch({}), watch({ status: "finished", winner: 1 })), [{ kind: "gameEnd", outcome: "ended" }]);
    });

    it("holds its rules over every pair of small views", () => {
      const statuses: MomentStatus[] = ["waiting", "playing", "finished", "aborted"];
      const views: MomentView[] = [];
      for (const game of ["g1", "g2"])
        for (const status of statuses)
          for (const spectating of [false, true])
            for (const mustAct of [false, true])
              for (const turn of [0, 1])
                for (const opponentMoves of [0, 1])
                  for (const left of [null, 30_000, 5_000])
                    for (const winner of [-1, 0, 1])
                      // As documented: a spectator, or a game not being played, has nothing to act on.
                      if (!mustAct || (!spectating && status === "playing"))
                        views.push({ game, status, spectating, mySeat: spectating ? -1 : 0, mustAct, turn, opponentMoves, deadline: left === null ? 0 : NOW + left, now: NOW, winner });
      const order = ["matchFound", "opponentMoved", "yourTurn", "lowTime", "gameEnd"];
      const live = (s: MomentStatus) => s === "waiting" || s === "playing";
      let pairs = 0;
      for (const prev of [null, ...views])
        for (const next of views) {
          if (prev?.game === "g2") continue; // g1 → g2 covers another game
          if (prev?.game === next.game && prev.spectating !== next.spectating) continue; // a room's watcher stays one
          pairs++;
          const got = momentsBetween(prev, next);
          const k = kinds(got);
          const same = prev !== null && prev.game === next.game;
          const mine = !next.spectating && next.status === "playing" && next.mustAct;
          assert.deepEqual(k, [...k].sort((a, b) => order.indexOf(a) - order.indexOf(b)), "in order");
          assert.equal(new Set(k).size, k.length, "each at most once");
          assert.equal(k.includes("matchFound"), !same && !next.spectating && live(next.status));
          assert.ok(!(k.includes("matchFound") && k.includes("yourTurn")));
          if (k.includes("yourTurn") || k.includes("lowTime")) assert.ok(mine, "only when I must act in a game being played");
          if (mine && same && (!prev.mustAct || prev.turn !== next.turn || prev.status !== "playing")) assert.ok(k.includes("yourTurn"), `a turn newly mine: ${JSON.stringify([prev, next, k])}`);
          assert.equal(k.includes("lowTime"), mine && next.deadline > 0 && next.deadline - next.now < LOW_TIME_MS && !(same && prev.status === "playing" && prev.mustAct && prev.turn === next.turn && prev.deadline > 0 && prev.deadline - prev.now < LOW_TIME_MS));
          assert.equal(k.includes("opponentMoved"), same && next.opponentMoves > prev.opponentMoves);
          assert.equal(k.includes("gameEnd"), same && live(prev.status) && !live(next.status));
          if (same && prev === next) assert.deepEqual(got, []);
        }
      assert.ok(pairs > 50_000, `${pairs} pairs`);
    });

    it("the main moment of several", () => {
      assert.equal(mainMoment([]), null);
      assert.deepEqual(mainMoment([{ kind: "opponentMoved" }, { kind: "yourTurn" }]), { kind: "yourTurn" });
      assert.deepEqual(mainMoment([{ kind: "opponentMoved" }, { kind: "gameEnd", outcome: "win" }]), { kind: "gameEnd", outcome: "win" });
      assert.deepEqual(mainMoment([{ kind: "yourTurn" }, { kind: "lowTime", remainingMs: 3 }]), { kind: "yourTurn" });
    });
  });

  describe("browser parts, on stand-ins for the browser's objects", () => {
    const store = new Map<string, string>();
    const listeners: (() => void)[] = [];
    const doc = {
      title: "",
      visibilityState: "visible" as "visible" | "hidden",
      hidden: false,
      addEventListener: (type: string, fn: () => void) => type === "visibilitychange" && listeners.push(fn),
    };
    const show = (hidden: boolean) => {
      doc.hidden = hidden;
      doc.visibilityState = hidden ? "hidden" : "visible";
      for (const fn of listeners) fn();
    };
    let permission: NotificationPermission = "default";
    let answer: NotificationPermission = "granted";
    const shown: { title: string; body?: string; tag?: string; closed: boolean; onclick: (() => void) | null }[] = [];
    class FakeNotification {
      static get permission() {
        return permission;
      }
      static async requestPermission() {
        permission = answer;
        return answer;
      }
      onclick: (() => void) | null = null;
      constructor(title: string, options: NotificationOptions) {
        shown.push(Object.assign(this, { title, body: options.body, tag: options.tag, closed: false }));
      }
      close() {
        (this as unknown as { closed: boolean }).closed = true;
      }
    }
    let focused = 0;
    const saved: Record<string, PropertyDescriptor | undefined> = {};
    const stand = {
      localStorage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) },
      document: doc,
      Notification: FakeNotification,
      focus: () => focused++,
    };

    before(() => {
      for (const [key, value] of Object.entries(stand)) {
        saved[key] = Object.getOwnPropertyDescriptor(globalThis, key);
        Object.defineProperty(globalThis, key, { value, configurable: true, writable: true });
      }
    });
    after(() => {
      for (const key of Object.keys(stand)) {
        const d = saved[key];
        if (d) Object.defineProperty(globalThis, key, d);
        else delete (globalThis as Record<string, unknown>)[key];
      }
    });

    describe("sounds", () => {
      it("each is short and quiet", () => {
        for (const [kind, notes] of Object.entries(SOUNDS)) {
          assert.ok(notes.length > 0, kind);
          for (const n of notes) {
            assert.ok(n.start + n.length <= 0.4, `${kind} ends within 0.4 s`);
            assert.ok(n.gain > 0 && n.gain <= 0.2, `${kind} gain ${n.gain}`);
          }
        }
      });

      it("mute is remembered in localStorage, and every sound asked for is logged, muted or not", () => {
        store.set("parlor.muted", "1");
        assert.equal(soundsMuted(), true, "read from storage");
        const from = soundLog.length;
        playSound("yourTurn");
        setSoundsMuted(false);
        assert.equal(store.get("parlor.muted"), "0");
        assert.equal(soundsMuted(), false);
        // No AudioContext here and no gesture yet: logged, not heard, no error.
        playSound("win");
        assert.deepEqual(
          soundLog.slice(from).map(({ kind, muted }) => [kind, muted]),
          [
            ["yourTurn", true],
            ["win", false],
          ],
        );
        assert.ok(soundLog.slice(from).every((e) => typeof e.at === "number"));
      });

      it("plays notes with gain envelopes once a gesture has unlocked audio", () => {
        const calls: string[] = [];
        const param = (name: string) => ({
          setValueAtTime: (v: number, t: number) => calls.push(`${name}=${v}@${t.toFixed(2)}`),
          exponentialRampToValueAtTime: (v: number, t: number) => calls.push(`${name}->${v}@${t.toFixed(2)}`),
        });
        let stops: number[] = [];
        class FakeAudioContext {
          state = "suspended";
          currentTime = 0;
          destination = {};
          resume() {
            this.state = "running";
            return Promise.resolve();
          }
          createOscillator() {
            return { type: "", frequency: param("f"), connect: (g: unknown) => g, start: () => {}, stop: (t: number) => stops.push(t), onended: null };
          }
          createGain() {
            return { gain: param("g"), connect: () => {}, disconnect: () => {} };
          }
        }
        Object.defineProperty(globalThis, "AudioContext", { value: FakeAudioContext, configurable: true, writable: true });
        try {
          unlockAudio();
          for (const kind of Object.keys(SOUNDS) as SoundKind[]) {
            calls.length = 0;
            stops = [];
            playSound(kind);
            assert.equal(stops.length, SOUNDS[kind].length, kind);
            assert.ok(Math.max(...stops) <= 0.44, `${kind} stops by ${Math.max(...stops)}`);
            const peaks = calls.filter((c) => c.startsWith("g->")).map((c) => Number(c.slice(3).split("@")[0]));
            assert.ok(Math.max(...peaks) <= 0.2, kind);
            assert.ok(calls.some((c) => c.startsWith("g=0.0001")), "starts silent");
          }
          // Muted: logged, nothing scheduled.
          setSoundsMuted(true);
          stops = [];
          playSound("lowTime");
          assert.deepEqual(stops, []);
          assert.deepEqual(soundLog.at(-1)?.muted, true);
          setSoundsMuted(false);
        } finally {
          delete (globalThis as Record<string, unknown>).AudioContext;
        }
      });

      it("each moment has its sound; a game's end by its outcome", () => {
        assert.equal(momentSound({ kind: "matchFound" }), "matchFound");
        assert.equal(momentSound({ kind: "lowTime", remainingMs: 9000 }), "lowTime");
        assert.equal(momentSound({ kind: "gameEnd", outcome: "win" }), "win");
        assert.equal(momentSound({ kind: "gameEnd", outcome: "loss" }), "loss");
        for (const outcome of ["draw", "ended", "aborted"] as const) assert.equal(momentSound({ kind: "gameEnd", outcome }), "draw");
      });
    });

    describe("tab title", () => {
      it("says the screen while shown, and what needs attention while hidden, until shown again", () => {
        assert.equal(titleFor(null, null, false), "Parlor");
        assert.equal(titleFor("Tic-tac-toe", "Your turn", false), "Tic-tac-toe · Parlor");
        assert.equal(titleFor("Tic-tac-toe", "Your turn", true), "Your turn · Parlor");
        assert.equal(titleFor("Tic-tac-toe", null, true), "Tic-tac-toe · Parlor");

        setScreenTitle("Tic-tac-toe");
        assert.equal(doc.title, "Tic-tac-toe · Parlor");
        setTitleAttention("Your turn");
        assert.equal(doc.title, "Tic-tac-toe · Parlor", "ignored while the player sees the screen");
        show(true);
        assert.equal(doc.title, "Tic-tac-toe · Parlor", "and not kept for later");
        setTitleAttention("Your turn");
        assert.equal(doc.title, "Your turn · Parlor");
        setTitleAttention("You won");
        assert.equal(doc.title, "You won · Parlor");
        show(false);
        assert.equal(doc.title, "Tic-tac-toe · Parlor");
        show(true);
        assert.equal(doc.title, "Tic-tac-toe · Parlor", "seen once shown");
        setTitleAttention("Your turn");
        setTitleAttention(null);
        assert.equal(doc.title, "Tic-tac-toe · Parlor");
        setScreenTitle(null);
        show(false);
        assert.equal(doc.title, "Parlor");
      });
    });

    describe("notifications", () => {
      beforeEach(() => {
        shown.length = 0;
        store.delete("parlor.notify");
        permission = "default";
        answer = "granted";
        show(true);
      });
      after(() => show(false));

      it("are off until turned on; turning on asks the browser and remembers", async () => {
        assert.equal(notificationsWanted(), false);
        assert.equal(notifyIfHidden("yourTurn", "Ann played"), null);
        assert.equal(await setNotificationsWanted(true), true);
        assert.equal(store.get("parlor.notify"), "1");
        assert.equal(notificationsWanted(), true);
        assert.equal(await setNotificationsWanted(false), false);
        assert.equal(store.get("parlor.notify"), "0");
        assert.equal(notificationsWanted(), false);
        assert.deepEqual(shown, []);
      });

      it("stay off when the browser says no, or has said no before", async () => {
        answer = "denied";
        assert.equal(await setNotificationsWanted(true), false);
        assert.equal(store.get("parlor.notify"), "0");
        // Denied once, the browser is not asked again (it would refuse anyway).
        answer = "granted";
        assert.equal(await setNotificationsWanted(true), false);
        // Permission withdrawn in the browser's settings after turning them on.
        permission = "granted";
        assert.equal(await setNotificationsWanted(true), true);
        permission = "denied";
        assert.equal(notificationsWanted(), false);
        assert.equal(notifyIfHidden("matchFound", "vs Bob"), null);
      });

      it("show only while the tab is hidden, one tag for all, focusing the window when clicked", async () => {
        await setNotificationsWanted(true);
        const from = notificationLog.length;
        show(false);
        assert.equal(notifyIfHidden("yourTurn", "Bob played"), null, "visible: nothing");
        show(true);
        assert.ok(notifyIfHidden("matchFound", "Tic-tac-toe vs Bob"));
        assert.ok(notifyIfHidden("yourTurn", "Bob played the centre"));
        assert.deepEqual(
          shown.map(({ title, body, tag }) => [title, body, tag]),
          [
            ["Match found", "Tic-tac-toe vs Bob", NOTIFICATION_TAG],
            ["Your turn", "Bob played the centre", NOTIFICATION_TAG],
          ],
        );
        assert.deepEqual(
          notificationLog.slice(from).map(({ kind, title, body }) => [kind, title, body]),
          [
            ["matchFound", "Match found", "Tic-tac-toe vs Bob"],
            ["yourTurn", "Your turn", "Bob played the centre"],
          ],
        );
        const before = focused;
        shown[1].onclick?.();
        assert.equal(focused, before + 1);
        assert.equal(shown[1].closed, true);
        // Back in the tab, the one still showing is closed.
        notifyIfHidden("yourTurn", "again");
        show(false);
        assert.equal(shown[2].closed, true);
      });

      it("are never shown where the browser has no Notification", async () => {
        const N = (globalThis as Record<string, unknown>).Notification;
        delete (globalThis as Record<string, unknown>).Notification;
        try {
          assert.equal(notificationsWanted(), false);
          assert.equal(await setNotificationsWanted(true), false);
          assert.equal(notifyIfHidden("yourTurn", "x"), null);
        } finally {
          (globalThis as Record<string, unknown>).Notification = N;
        }
      });
    });
  });
});
