import { useEffect, useState } from "preact/hooks";
import { challenges, challengeWhat, noteChallenge, type ChallengeEntry } from "../app/challenges";
import { navigate } from "../app/router";
import { useStore, useTicker } from "../app/useStore";
import { api, ApiError } from "../net/api";
import { serverNow } from "../net/clock";
import { connection } from "../net/connection";
import type { Challenge } from "../net/social";
import { ChallengeItem } from "./ChallengesPanel";

/**
 * A challenge's link, /challenge/<id> (GET /api/challenges/:id): its player sees it with Accept and Decline (an
 * accepted one opens the game, as a private code's link does), its sender with Copy link and Cancel, anyone else
 * whom it is for. One that is gone (accepted, declined, cancelled or expired) says so.
 */
export function ChallengeScreen({ id }: { id: string }) {
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [gone, setGone] = useState<string | null>(null);
  const list = useStore(challenges);
  useEffect(() => {
    let live = true;
    api.challenge(id).then(
      (c) => {
        if (!live) return;
        setChallenge(c);
        const me = connection.player?.playerId;
        const side = c.to.playerId === me ? "received" : c.from.playerId === me ? "sent" : null;
        if (side && c.expiresAt > serverNow()) noteChallenge({ challenge: c, side, state: "open" });
      },
      (error: ApiError) =>
        live && setGone(error.status === 404 ? "It was accepted, declined or cancelled, or it expired." : `It cannot be loaded: ${error.message}`),
    );
    return () => {
      live = false;
    };
  }, [id]);
  const now = useTicker(!!challenge && !gone, 1000) && serverNow();

  if (gone) {
    return (
      <section class="challenge-page" aria-labelledby="challenge-page-title">
        <h1 id="challenge-page-title" data-text="challenge-gone">
          This challenge is gone
        </h1>
        <p class="muted">{gone}</p>
        <Back />
      </section>
    );
  }
  if (!challenge) return <p class="muted" role="status">Loading the challenge…</p>;

  const me = connection.player?.playerId;
  const side = challenge.to.playerId === me ? "received" : challenge.from.playerId === me ? "sent" : null;
  // What this tab's lobby said of it since (declined here, cancelled by its sender, expired) wins over the first answer.
  const known = list.find((e) => e.challenge.id === id);
  const expired = challenge.expiresAt <= now;
  const entry: ChallengeEntry | null = side ? (known ?? { challenge, side, state: expired ? "expired" : "open" }) : null;
  return (
    <section class="challenge-page" aria-labelledby="challenge-page-title">
      <h1 id="challenge-page-title">A challenge</h1>
      {entry ? (
        <ul class="list">
          <ChallengeItem entry={entry} now={now} />
        </ul>
      ) : (
        <p data-text="challenge-other">
          {challenge.from.name} challenged {challenge.to.name} to {challengeWhat(challenge)}. Only {challenge.to.name} can answer it.
        </p>
      )}
      <Back />
    </section>
  );
}

function Back() {
  return (
    <div class="row">
      <button type="button" data-target="btn:challenge-lobby" onClick={() => navigate({ screen: "lobby", tab: "play" })}>
        Back to lobby
      </button>
    </div>
  );
}
