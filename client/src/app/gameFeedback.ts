import { useEffect, useRef } from "preact/hooks";
import { mainMoment, momentsBetween, type Moment, type MomentView } from "../feedback/moments";
import { notifyIfHidden } from "../feedback/notify";
import { momentSound, playSound } from "../feedback/sounds";
import { setTitleAttention } from "../feedback/tabTitle";
import type { ClientGame } from "../games/clientGame";
import { announce } from "./announce";
import { seated, type GameView } from "./gameView";

const OUTCOME_WORDS = { win: "You won", loss: "You lost", draw: "Draw", ended: "Game over", aborted: "Game aborted" } as const;

/**
 * What a player should notice in a game, told four ways: the live region says it (turns, the opponent's moves,
 * reveals, a clock under 10 s, the result), a short sound plays (unless muted), the hidden tab's title asks for
 * attention, and an opt-in notification appears when the tab is hidden (a match found, my turn).
 */
export function useGameFeedback(game: ClientGame, roomId: string, view: GameView, mySeat: number, spectating: boolean, now: number) {
  const prevView = useRef<GameView | null>(null);
  const prevMoment = useRef<MomentView | null>(null);
  const opponentMoves = useRef(0);
  const mustAct = !spectating && game.mustAct(view, mySeat);

  useEffect(() => {
    const before = prevView.current;
    prevView.current = view;
    if (!before || before === view) return;
    const changes = game.changes(before, view, mySeat);
    opponentMoves.current += changes.filter((c) => c.byOpponent).length;
    for (const change of changes) announce(change.text);
  }, [view]);

  // After the effect above, so the opponent's moves of this patch are counted; runs on clock ticks too (low time).
  useEffect(() => {
    // A game is "found" when it starts, not while it waits for the other player to arrive: a match found in the
    // waiting state would be followed at once by a second chime for the first turn.
    if (view.status === "waiting") return;
    const moment: MomentView = {
      game: roomId,
      status: view.status,
      spectating,
      mySeat,
      mustAct,
      turn: game.turnNumber(view),
      opponentMoves: opponentMoves.current,
      deadline: view.deadline,
      now,
      winner: view.winner,
    };
    const moments = momentsBetween(prevMoment.current, moment);
    const first = prevMoment.current === null;
    prevMoment.current = moment;
    if (first && spectating) announce(`Watching ${game.title}. ${view.status === "playing" ? game.playingStatus(view, mySeat) : ""}`);
    for (const m of moments) say(m);
    const main = mainMoment(moments);
    if (main) playSound(momentSound(main));
  });

  function say(m: Moment) {
    const opponent = seated(view).find((p) => p.seat !== mySeat)?.name ?? "your opponent";
    switch (m.kind) {
      case "matchFound":
        announce(`${game.title} against ${opponent}. ${game.playingStatus(view, mySeat)}`);
        notifyIfHidden("matchFound", `${game.title} against ${opponent}`);
        setTitleAttention(mustAct ? "Your turn" : "Match found");
        break;
      case "yourTurn":
        announce(game.playingStatus(view, mySeat) || "Your turn");
        notifyIfHidden("yourTurn", `${game.title} against ${opponent}`);
        setTitleAttention("Your turn");
        break;
      case "lowTime":
        announce(`${Math.ceil(m.remainingMs / 1000)} seconds left. ${game.timeoutRule}`);
        setTitleAttention("Low time!");
        break;
      case "gameEnd": {
        const players = seated(view);
        const winner = view.winner >= 0 ? players[view.winner] : undefined;
        announce(m.outcome === "ended" ? `${winner?.name ?? "?"} won.` : m.outcome === "draw" ? "The game is drawn." : `${OUTCOME_WORDS[m.outcome]}.`);
        setTitleAttention(m.outcome === "ended" ? `${winner?.name ?? "?"} won` : OUTCOME_WORDS[m.outcome]);
        break;
      }
      case "opponentMoved":
        break;
    }
  }
}
