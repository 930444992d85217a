import { useEffect, useRef, useState } from "preact/hooks";
import { challengeDraft, sendAnswer, sendChallenge } from "../app/challenges";
import { route } from "../app/router";
import { useStore } from "../app/useStore";
import { CLIENT_GAME_LIST } from "../games/registry";
import type { GameName } from "../net/api";
import { connection } from "../net/connection";
import { BOT_PLAYER } from "../../../protocol/wire";


/**
 * "Challenge" next to a player (a profile, a leaderboard row, a history row's opponent): opens the challenge
 * dialog for them. Not shown for myself nor for the bot. Its name starts with its visible word (WCAG 2.5.3).
 */
export function ChallengeButton({ player, game, target }: { player: { playerId: string; name: string }; game?: GameName; target: string }) {
  const me = connection.player?.playerId;
  if (!me || player.playerId === me || player.playerId === BOT_PLAYER.playerId) return null;
  return (
    <button
      type="button"
      class="challenge-button"
      data-target={target}
      aria-label={`Challenge ${player.name}`}
      onClick={(e) => challengeDraft.set({ playerId: player.playerId, name: player.name, game, opener: e.currentTarget as HTMLElement })}
    >
      Challenge
    </button>
  );
}

/** The one challenge dialog (a modal `<dialog>`): which game, rated or casual, send. A refusal is said in it. */
export function ChallengeDialog() {
  const draft = useStore(challengeDraft);
  const answer = useStore(sendAnswer);
  const dialog = useRef<HTMLDialogElement>(null);
  const [game, setGame] = useState<GameName>(CLIENT_GAME_LIST[0].name);
  const [rated, setRated] = useState(true);
  const [sent, setSent] = useState(false);
  const opener = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (draft && !el.open) {
      setGame(draft.game ?? CLIENT_GAME_LIST[0].name);
      setSent(false);
      sendAnswer.set(null);
      opener.current = draft.opener;
      el.showModal();
      requestAnimationFrame(() => el.querySelector<HTMLInputElement>("input[name=challenge-game]:checked")?.focus());
    } else if (!draft && el.open) el.close();
  }, [draft]);
  // A new screen (the game an accepted challenge opens) closes it.
  useEffect(() => route.subscribe(() => challengeDraft.set(null)), []);
  useEffect(() => {
    if (sent && answer?.ok) challengeDraft.set(null);
  }, [answer, sent]);

  const onClose = () => {
    challengeDraft.set(null);
    if (opener.current?.isConnected) opener.current.focus();
    opener.current = null;
  };
  const submit = (e: Event) => {
    e.preventDefault();
    if (!draft) return;
    setSent(true);
    sendChallenge(draft.playerId, game, rated);
  };
  const error = sent && answer && !answer.ok ? answer.text : "";

  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="challenge-title" onClose={onClose} data-target="challenge-dialog">
      {draft && (
        <form onSubmit={submit} noValidate>
          <h2 id="challenge-title">Challenge {draft.name}</h2>
          <fieldset>
            <legend>Game</legend>
            {CLIENT_GAME_LIST.map(({ name, title }) => (
              <label class="check" key={name}>
                <input type="radio" name="challenge-game" value={name} checked={game === name} data-target={`radio:challenge-game:${name}`} onChange={() => setGame(name)} />
                {title}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>Rated or casual</legend>
            <label class="check">
              <input type="radio" name="challenge-rated" checked={rated} data-target="radio:challenge-rated" onChange={() => setRated(true)} />
              Rated: the result moves both ratings
            </label>
            <label class="check">
              <input type="radio" name="challenge-rated" checked={!rated} data-target="radio:challenge-casual" onChange={() => setRated(false)} />
              Casual: no rating changes
            </label>
          </fieldset>
          <p id="challenge-error" class="field-error" role="alert" data-text="challenge-error">
            {error}
          </p>
          <div class="row">
            <button type="submit" class="primary" data-target="btn:challenge-send">
              Send challenge
            </button>
            <button type="button" data-target="btn:challenge-close" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
