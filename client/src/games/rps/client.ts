import { HANDS, type Hand } from "../../../../games/rps";
import { seated } from "../view";
import type { ClientGame } from "../clientGame";
import { rpsReplaySteps } from "./roundSteps";
import { HAND_WORDS, handWord } from "./words";
import { HAND_H, HAND_W, HAND_Y, handX, type RpsView } from "./view";

const me = (view: RpsView, mySeat: number) => seated(view).find((p) => p.seat === mySeat) as RpsView["players"][string] | undefined;
const canChoose = (view: RpsView, mySeat: number) => view.status === "playing" && !!me(view, mySeat) && !me(view, mySeat)!.chosen;

export const rpsClient = {
  name: "rps",
  title: "Rock paper scissors",
  shortTitle: "RPS",
  sides: null,
  reasons: { rounds: "won on rounds" },
  keys: { r: "rock", p: "paper", s: "scissors", "1": "rock", "2": "paper", "3": "scissors" },
  keyHelp: "Keys R, P, S (or 1–3) pick a hand; or ← → and Enter.",
  gridColumns: 3,
  timeoutRule: "Every round has its own clock: if it runs out before you pick, you lose the whole match.",
  loadBoard: () => import("./board").then((m) => m.rpsBoard),
  controls(view, mySeat) {
    if (view.status !== "playing" || mySeat < 0) return [];
    const mine = me(view, mySeat);
    return HANDS.map((hand, i) => {
      const chosen = !!mine?.chosen && mine.hand === hand;
      return {
        name: `hand:${hand}`,
        label: chosen ? `${HAND_WORDS[hand]}, chosen` : HAND_WORDS[hand],
        caption: `${HAND_WORDS[hand]}${chosen ? " ✓" : ""}`,
        move: hand,
        enabled: canChoose(view, mySeat),
        pressed: chosen,
        x: handX(i),
        y: HAND_Y,
        width: HAND_W,
        height: HAND_H,
      };
    });
  },
  message: (hand) => ({ type: "choose", payload: { hand } }),
  refusal: (view, mySeat) => (canChoose(view, mySeat) ? null : "You have already chosen this round."),
  turnNumber: (view) => (view.rounds ?? []).length,
  mustAct: canChoose,
  playingStatus: (view) => `Round ${view.round} · first to ${view.winsNeeded}`,
  statusDetail(view, mySeat) {
    const mine = me(view, mySeat);
    const parts: string[] = [];
    if (mine) parts.push(mine.chosen ? `You chose ${mine.hand ? handWord(mine.hand) : "a hand"}.` : "Pick a hand.");
    for (const p of seated(view)) if (p.seat !== mySeat) parts.push(p.chosen ? `${p.name} has chosen.` : `${p.name} is choosing…`);
    return parts.join("  ");
  },
  timeoutDetail: (view, loserSeat) => {
    const loser = seated(view).find((p) => p.seat === loserSeat) as RpsView["players"][string] | undefined;
    return ` in round ${view.round}${loser && !loser.chosen ? ", before picking a hand" : ""}`;
  },
  playerDetail: (player) => `${player.score ?? 0} won`,
  notes(view) {
    const names = seated(view).map((p) => p.name);
    return (view.rounds ?? []).map((r, i) => `Round ${i + 1}: ${handWord(r.hand0)} v ${handWord(r.hand1)}, ${r.winner < 0 ? "tie" : `${names[r.winner] ?? "?"} takes it`}`);
  },
  changes(prev, next, mySeat) {
    const out = [];
    const names = seated(next).map((p, seat) => (seat === mySeat ? "you" : p.name));
    for (let i = (prev.rounds ?? []).length; i < (next.rounds ?? []).length; i++) {
      const r = next.rounds[i];
      const result = r.winner < 0 ? "a tie" : r.winner === mySeat ? "you take it" : `${names[r.winner]} takes it`;
      out.push({ text: `Round ${i + 1}: ${names[0]} played ${handWord(r.hand0)}, ${names[1]} played ${handWord(r.hand1)}: ${result}.`, byOpponent: true });
    }
    for (const p of seated(next)) {
      const before = seated(prev).find((q) => q.seat === p.seat);
      if (p.seat !== mySeat && p.chosen && !before?.chosen && (next.rounds ?? []).length === (prev.rounds ?? []).length) out.push({ text: `${p.name} has chosen.`, byOpponent: true });
    }
    return out;
  },
  describeMove: (m, player) => `${player} chose ${handWord(String(m.move))}`,
  replaySteps: rpsReplaySteps,
} satisfies ClientGame<RpsView, Hand>;
