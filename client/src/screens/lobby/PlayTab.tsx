import { useEffect, useRef, useState } from "preact/hooks";
import { createPrivate, joining, privateGame, queued } from "../../app/lobbyState";
import { useStore, useTicker } from "../../app/useStore";
import { CLIENT_GAME_LIST, CLIENT_GAMES } from "../../games/registry";
import type { GameName } from "../../net/api";
import { serverNow } from "../../net/clock";
import { connection } from "../../net/connection";
import { clock } from "../../ui/format";

/** One card per game (queue, or a bot now), then private games by code. */
export function PlayTab() {
  const q = useStore(queued);
  const busy = useStore(joining);
  const [counts, setCounts] = useState(connection.lobbyCounts);
  useEffect(() => connection.on("lobby:counts", () => setCounts(connection.lobbyCounts)), []);
  const pg = useStore(privateGame);
  // Ticks only while something counts: a queue wait or a code's expiry.
  const now = useTicker(!!q || !!pg, 1000) && serverNow();

  return (
    <div class="play">
      <h2 class="visually-hidden">Play</h2>
      <div class="grid">
        {CLIENT_GAME_LIST.map(({ name: game, title }) => (
          <article class="card" key={game} aria-labelledby={`title-${game}`}>
            <header>
              <h3 id={`title-${game}`}>{title}</h3>
              <span class="muted" data-target={`waiting:${game}`}>
                {counts?.queues[game] ?? 0} waiting
              </span>
            </header>
            {q?.game === game ? (
              <QueueStatus game={game} now={now} />
            ) : (
              <div class="row">
                <button type="button" class="primary" data-target={`btn:queue:${game}`} disabled={busy || !!q} onClick={() => connection.sendLobby("queue", { game })}>
                  Find opponent
                </button>
                <button type="button" data-target={`btn:bot:${game}`} disabled={busy || !!q} onClick={() => connection.sendLobby("queue", { game, vsBot: true })}>
                  Play a bot now
                </button>
              </div>
            )}
          </article>
        ))}
      </div>
      <PrivateGames now={now} />
    </div>
  );
}

function QueueStatus({ game, now }: { game: GameName; now: number }) {
  const q = useStore(queued)!;
  const botIn = q.botFillAt !== null ? q.botFillAt - now : null;
  return (
    <>
      <p class="accent" role="status" data-target="queue-status">
        Searching… position {q.position} · waited {clock(now - q.since)}
      </p>
      {botIn !== null ? (
        <p data-target="botfill-note">
          {botIn > 0 ? `No one yet? Parlor Bot (unrated) takes the seat in ${clock(botIn)}.` : "No one found yet: Parlor Bot (unrated) is joining…"}
        </p>
      ) : (
        <p class="muted" data-target="botfill-note">
          Waiting for a person only.
        </p>
      )}
      <div class="row">
        <button type="button" data-target="btn:cancel" onClick={() => connection.sendLobby("cancel")}>
          Cancel
        </button>
        {botIn !== null ? (
          <button type="button" data-target="btn:keep-waiting" onClick={() => connection.sendLobby("queue:botfill", { enabled: false })}>
            Keep waiting for a person
          </button>
        ) : (
          <button type="button" data-target="btn:allow-bot" onClick={() => connection.sendLobby("queue:botfill", { enabled: true })}>
            A bot is fine
          </button>
        )}
      </div>
      <span class="visually-hidden">{CLIENT_GAMES[game].title}</span>
    </>
  );
}

function PrivateGames({ now }: { now: number }) {
  const pg = useStore(privateGame);
  const [listed, setListed] = useState(false);
  const code = useRef<HTMLInputElement>(null);
  const join = (e: Event) => {
    e.preventDefault();
    const value = code.current?.value.trim() ?? "";
    if (!value) return connection.notice("Type the code your friend shared.");
    connection.sendLobby("private:join", { code: value.toUpperCase() });
  };
  const left = pg ? pg.expiresAt - now : 0;
  const link = pg ? `${location.origin}/join/${pg.code}` : "";
  return (
    <article class="card" aria-labelledby="friend-title">
      <h3 id="friend-title">Play a friend</h3>
      {/* The buttons' names start with their visible text (WCAG 2.5.3: speech users say what they see). */}
      <div class="row" role="group" aria-labelledby="new-code-for">
        <span id="new-code-for">A new code for</span>
        {CLIENT_GAME_LIST.map(({ name: game, shortTitle, title }) => (
          <button type="button" key={game} data-target={`btn:private:${game}`} onClick={() => createPrivate(game, listed)}>
            {shortTitle}
            {shortTitle !== title && <span class="visually-hidden"> ({title})</span>}
          </button>
        ))}
      </div>
      <label class="check">
        <input type="checkbox" checked={listed} onChange={(e) => setListed((e.target as HTMLInputElement).checked)} data-target="check:listed" />
        Let anyone watch it from the Watch tab
      </label>
      {pg && (
        <div class="invite" role="status">
          {left > 0 ? (
            <>
              <p data-target="private-code">
                Code <span class="code">{pg.code}</span> ({CLIENT_GAMES[pg.game].title}) · expires in {clock(left)}
              </p>
              <p>
                Or send this link: <a href={link} data-target="invite-link">{link}</a>
              </p>
              <div class="row">
                <button type="button" data-target="btn:copy-link" onClick={() => void navigator.clipboard?.writeText(link).then(() => connection.notice("Link copied.", "info"), () => connection.notice("Copy the link by hand."))}>
                  Copy link
                </button>
              </div>
            </>
          ) : (
            <p data-target="private-code">Your code expired; create a new one.</p>
          )}
        </div>
      )}
      <form class="code-join" onSubmit={join}>
        <label for="code-input" class="visually-hidden">
          A friend's code
        </label>
        <input ref={code} id="code-input" class="parlor" placeholder="Friend's code" maxLength={12} autocomplete="off" />
        <button type="submit" data-target="btn:private-join">
          Join
        </button>
      </form>
    </article>
  );
}
