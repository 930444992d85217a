import { useEffect, useRef, useState } from "preact/hooks";
import { acceptChallenge, cancelChallenge, challenges, challengeWords, declineChallenge, declineChoices, dismissChallenge, type ChallengeEntry } from "../app/challenges";
import { useStore, useTicker } from "../app/useStore";
import { serverNow } from "../net/clock";
import { connection } from "../net/connection";
import { clock } from "../ui/format";

/** The address of a challenge, to send to its player (it opens /challenge/<id>). */
export const challengeLink = (id: string) => `${location.origin}/challenge/${encodeURIComponent(id)}`;

export function copyLink(link: string) {
  void navigator.clipboard?.writeText(link).then(
    () => connection.notice("Link copied.", "info"),
    () => connection.notice("Copy the link by hand."),
  );
}

/**
 * The challenges of this tab, above every screen but a game being played: received ones with Accept and Decline,
 * sent ones with Copy link and Cancel, and what became of each ("Bob declined your challenge…") until dismissed.
 * `except` is the one a challenge's own page shows.
 */
export function ChallengesPanel({ except }: { except?: string }) {
  const list = useStore(challenges).filter((e) => e.challenge.id !== except);
  // Ticks only while a challenge is open (its expiry counts down).
  const now = useTicker(list.some((e) => e.state === "open"), 1000) && serverNow();
  if (list.length === 0) return null;
  const received = list.filter((e) => e.side === "received");
  const sent = list.filter((e) => e.side === "sent");
  return (
    <section class="challenges" aria-labelledby="challenges-title" data-target="challenges">
      <h2 id="challenges-title">Challenges</h2>
      <ul class="list">
        {[...received, ...sent].map((e) => (
          <ChallengeItem key={e.challenge.id} entry={e} now={now} />
        ))}
      </ul>
    </section>
  );
}

export function ChallengeItem({ entry: e, now }: { entry: ChallengeEntry; now: number }) {
  const c = e.challenge;
  const open = e.state === "open";
  const words = challengeWords(e);
  const who = e.side === "received" ? c.from.name : c.to.name;
  // Decline asks why, in a few words the challenger will read (never free text).
  const [declining, setDeclining] = useState(false);
  const reasons = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (declining) reasons.current?.querySelector("button")?.focus();
  }, [declining]);
  return (
    <li class={`challenge ${e.side} ${e.state}`} data-target={`challenge:${c.id}`}>
      <div class="words">
        <p data-text="challenge-words">{words}</p>
        {open && (
          <p class="muted">
            {e.side === "sent" ? "Waiting for an answer · expires" : "Expires"} in {clock(c.expiresAt - now)}
          </p>
        )}
      </div>
      <div class="row">
        {open && e.side === "received" && (
          <>
            <button type="button" class="primary" data-target={`btn:accept:${c.id}`} aria-label={`Accept ${who}'s challenge`} onClick={() => acceptChallenge(c.id)}>
              Accept
            </button>
            <button type="button" data-target={`btn:decline:${c.id}`} aria-label={`Decline ${who}'s challenge`} aria-expanded={declining} onClick={() => setDeclining(!declining)}>
              Decline
            </button>
          </>
        )}
        {open && e.side === "received" && declining && (
          <div class="row decline-reasons" role="group" aria-label={`Decline ${who}'s challenge, saying`} ref={reasons}>
            {declineChoices(c).map(([reason, words]) => (
              <button type="button" key={reason} data-target={`btn:decline-${reason}:${c.id}`} onClick={() => declineChallenge(c.id, reason)}>
                {words}
              </button>
            ))}
          </div>
        )}
        {open && e.side === "sent" && (
          <>
            <button type="button" data-target={`btn:copy-challenge:${c.id}`} aria-label={`Copy link to your challenge to ${who}`} onClick={() => copyLink(challengeLink(c.id))}>
              Copy link
            </button>
            <button type="button" data-target={`btn:cancel-challenge:${c.id}`} aria-label={`Cancel your challenge to ${who}`} onClick={() => cancelChallenge(c.id)}>
              Cancel
            </button>
          </>
        )}
        {!open && (
          <button type="button" data-target={`btn:dismiss-challenge:${c.id}`} aria-label={`OK: ${words}`} onClick={() => dismissChallenge(c.id)}>
            OK
          </button>
        )}
      </div>
    </li>
  );
}
