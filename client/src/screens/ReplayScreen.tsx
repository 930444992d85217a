import { useEffect, useState } from "preact/hooks";
import { announce } from "../app/announce";
import { navigate } from "../app/router";
import { ReplayCanvas } from "../board/ReplayCanvas";
import { reasonInWords, type ClientGame } from "../games/clientGame";
import { CLIENT_GAMES, isClientGame } from "../games/registry";
import { api, type StoredMatch } from "../net/api";
import { connection } from "../net/connection";

/**
 * A finished match at /replay/<matchId>, stepped through whole turns (or rounds) from its stored moves; the game's
 * replay board rebuilds each position with the pure rules. ← → step, Home and End jump.
 */
export function ReplayScreen({ matchId }: { matchId: string }) {
  const [match, setMatch] = useState<StoredMatch | null>(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    let live = true;
    api.match(matchId).then(
      (m) => live && (isClientGame(m.game) ? setMatch(m) : setMissing(true)),
      (error: Error) => {
        if (!live) return;
        connection.notice(`Cannot load that match: ${error.message}`);
        setMissing(true);
      },
    );
    return () => {
      live = false;
    };
  }, [matchId]);
  if (missing) {
    return (
      <section>
        <h1>That match cannot be shown</h1>
        <button type="button" data-target="btn:replay-back" onClick={() => navigate({ screen: "lobby", tab: "history" })}>
          Back to History
        </button>
      </section>
    );
  }
  if (!match) return <p class="muted" role="status">Loading the match…</p>;
  return <Replay match={match} game={CLIENT_GAMES[match.game as keyof typeof CLIENT_GAMES]} />;
}

function Replay({ match, game }: { match: StoredMatch; game: ClientGame }) {
  // The start first, then a move (or a whole round) per step.
  const steps = game.replaySteps(match);
  const last = steps.length - 1;
  const [step, setStep] = useState(last);
  const go = (to: number) => setStep(Math.max(0, Math.min(last, to)));
  useEffect(() => {
    const keys: Record<string, () => void> = { ArrowLeft: () => go(step - 1), ArrowRight: () => go(step + 1), Home: () => go(0), End: () => go(last) };
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target?.tagName === "INPUT" || e.ctrlKey || e.metaKey || e.altKey) return;
      const fn = keys[e.key];
      if (!fn) return;
      e.preventDefault();
      fn();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  });
  const current = steps[step];
  const label = step === 0 ? "Start" : `${current.label} of ${last}`;
  useEffect(() => announce(step === 0 ? "The start position." : `${label}: ${current.description}`), [step]);
  const winner = match.players.find((p) => p.playerId === match.winner);
  return (
    <section class="replay" aria-labelledby="replay-title">
      <div class="head">
        <h1 id="replay-title">Replay: {game.title}</h1>
        <p data-target="replay:players">{match.players.map((p, i) => `${p.name}${game.sides ? ` (${game.sides[i]})` : ""}`).join(" vs ")}</p>
        <p class="muted">
          {match.aborted ? "Aborted" : winner ? `${winner.name} won` : "Draw"}
          {match.reason !== "draw" ? ` · ${reasonInWords(game, match.reason)}` : ""}
        </p>
      </div>
      <div class="status">
        <p class="accent" data-target="replay:step">
          {label}
        </p>
        <p class="muted" data-target="replay:move">
          {current.description}
        </p>
      </div>
      <div class="board-wrap">
        <ReplayCanvas game={game} match={match} moves={current.moves} />
      </div>
      <div class="replay-steps" role="group" aria-label="Replay steps">
        <button type="button" data-target="btn:replay-first" aria-label="First position" disabled={step === 0} onClick={() => go(0)}>
          |‹
        </button>
        <button type="button" data-target="btn:replay-prev" aria-label="Previous" disabled={step === 0} onClick={() => go(step - 1)}>
          ‹
        </button>
        <button type="button" data-target="btn:replay-next" aria-label="Next" disabled={step === last} onClick={() => go(step + 1)}>
          ›
        </button>
        <button type="button" data-target="btn:replay-last" aria-label="Last position" disabled={step === last} onClick={() => go(last)}>
          ›|
        </button>
      </div>
      <p class="keyhelp muted">← → step, Home and End jump.</p>
      <div class="row">
        <button type="button" data-target="btn:replay-back" onClick={() => navigate({ screen: "lobby", tab: "history" })}>
          Back to History
        </button>
      </div>
    </section>
  );
}
