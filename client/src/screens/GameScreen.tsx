import { useEffect, useRef, useState } from "preact/hooks";
import { announce } from "../app/announce";
import { useGameFeedback } from "../app/gameFeedback";
import { gameSession, seated, type GameView, type PlayerView } from "../app/gameView";
import { botFilled } from "../app/lobbyState";
import { keepNoticesOnce } from "../app/notices";
import { navigate } from "../app/router";
import { useStore, useTicker } from "../app/useStore";
import { Board } from "../board/Board";
import { reasonInWords, type ClientGame } from "../games/clientGame";
import { CLIENT_GAMES, isClientGame } from "../games/registry";
import { serverNow } from "../net/clock";
import { LOW_TIME_MS } from "../feedback/moments";
import { connection } from "../net/connection";
import { clock, score, signed } from "../ui/format";
import { ChatPanel } from "./ChatPanel";

/**
 * A game, played or watched, at /game/<roomId>: the players, whose turn, the clock, the board, resign; then the
 * result with the rating change, the rematch and its countdown, and the series score.
 */
export function GameScreen({ roomId }: { roomId: string }) {
  const session = useStore(gameSession);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (connection.game?.roomId === roomId) return;
    connection.openGame(roomId).catch((e: Error) => {
      setError(e.message);
      connection.notice(`That game cannot be opened: ${e.message}`);
    });
  }, [roomId]);

  useEffect(
    () => () => {
      // Leaving a game's screen leaves the game only if there is nothing left to come back to: a seat in a game
      // still being played is kept (Back, then Forward or the lobby's banner, returns to it).
      if (connection.game?.roomId !== roomId) return;
      const status = gameSession.get()?.view?.status;
      if (connection.spectating || status === "finished" || status === "aborted") void connection.leaveGame();
    },
    [roomId],
  );

  useEffect(() => {
    const offLost = connection.on("game:lost", (text: string) => {
      connection.notice(text);
      keepNoticesOnce();
      navigate({ screen: "lobby", tab: "play" }, true);
    });
    return offLost;
  }, []);

  if (error) {
    return (
      <section class="game-missing">
        <h1>That game is not available</h1>
        <p class="muted">It may have finished. Finished games can be replayed from History.</p>
        <button type="button" data-target="btn:leave" onClick={() => navigate({ screen: "lobby", tab: "play" })}>
          Back to lobby
        </button>
      </section>
    );
  }
  if (!session || session.roomId !== roomId || !session.view || !isClientGame(session.game)) return <p class="muted" role="status">Joining the game…</p>;
  return <Game game={CLIENT_GAMES[session.game]} view={session.view} sessionId={session.sessionId} spectating={session.spectating} roomId={roomId} />;
}

function Game({ game, view, sessionId, spectating, roomId }: { game: ClientGame; view: GameView; sessionId: string; spectating: boolean; roomId: string }) {
  const mySeat = spectating ? -1 : (view.players[sessionId]?.seat ?? -1);
  const [closed, setClosed] = useState(false);
  const [reconnecting, setReconnecting] = useState(connection.reconnecting);
  const sentFor = useRef<GameView | null>(null);
  const players = seated(view);
  const over = view.status === "finished" || view.status === "aborted";
  const now = useTicker(view.status === "playing" || (view.status === "finished" && !closed) || players.some((p) => p.reconnectDeadline > 0), 500) && serverNow();
  const filled = useStore(botFilled);

  useGameFeedback(game, roomId, view, mySeat, spectating, now);

  useEffect(() => {
    const offs = [
      connection.on("game:closed", () => setClosed(true)),
      connection.on("game:reconnecting", () => setReconnecting(true)),
      connection.on("game:reconnected", () => setReconnecting(false)),
      connection.on("game:rematch", (m: { reservation: never }) => {
        connection.joinSeat(m.reservation, game.name).then(
          (room) => navigate({ screen: "game", roomId: room.roomId }, true),
          (e: Error) => connection.notice(`Could not start the rematch: ${e.message}`),
        );
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [game]);

  // Keys play moves anywhere on the screen except in a text field; Ctrl+R reloads and must not also play rock.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return;
      const target = e.target as HTMLElement | null;
      if (target && (["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || target.isContentEditable)) return;
      const move = game.keys[e.key.toLowerCase()];
      if (move !== undefined && !spectating) play(move);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  });

  const play = (move: unknown) => {
    if (spectating || view.status !== "playing") return;
    const why = game.refusal(view, mySeat, move);
    if (why) {
      connection.notice(why);
      return;
    }
    // One move per state: a second press before the server has answered the first is not sent.
    if (sentFor.current === view) return;
    sentFor.current = view;
    const { type, payload } = game.message(move);
    connection.sendGame(type, payload);
  };

  const me = players.find((p) => p.seat === mySeat);
  const left = view.deadline > 0 ? view.deadline - now : 0;
  const mustAct = !spectating && game.mustAct(view, mySeat);
  const low = view.status === "playing" && view.deadline > 0 && left < LOW_TIME_MS;

  return (
    <section class="game" aria-labelledby="game-title">
      <div class="head">
        <h1 id="game-title">{game.title}</h1>
        {spectating && (
          <span class="badge" data-target="badge">
            WATCHING
          </span>
        )}
        <span class="muted">{view.rated ? "Rated" : "Unrated"}</span>
      </div>
      <div class="players" aria-label="Players">
        {players.map((p) => (
          <PlayerCard key={p.seat} player={p} view={view} game={game} you={p.seat === mySeat} now={now} />
        ))}
      </div>
      <div class="status">
        {filled?.roomId === roomId && view.status !== "finished" && <p data-target="botfill">{filled.text}</p>}
        {reconnecting && <p class="warning">Reconnecting to your game…</p>}
        {!over && (
          <p class="line" data-target="status">
            {statusText(game, view, mySeat)}
          </p>
        )}
        {view.status === "playing" && game.statusDetail && <p data-target="choice-note">{game.statusDetail(view, mySeat)}</p>}
        {view.status === "playing" && view.deadline > 0 && (
          <>
            <p class={`clock${low ? " low" : ""}`} data-target="clock">
              {clock(left)} left
            </p>
            {low && mustAct && (
              <p class="warning" data-target="low-time">
                Hurry! {game.timeoutRule}
              </p>
            )}
          </>
        )}
        {view.status === "waiting" && <p class="muted">Waiting for both players…</p>}
      </div>
      <div class="board-wrap">
        <Board game={game} input={{ view, mySeat, spectating }} onPlay={play} />
        {!spectating && view.status === "playing" && <p class="keyhelp muted">{game.keyHelp}</p>}
      </div>
      <Notes game={game} view={view} mySeat={mySeat} />
      <div class="actions">
        {over ? (
          <Result game={game} view={view} mySeat={mySeat} spectating={spectating} closed={closed} now={now} me={me} />
        ) : spectating ? (
          <div class="row">
            <button type="button" data-target="btn:leave" onClick={() => void backToLobby()}>
              Back to lobby
            </button>
          </div>
        ) : (
          <div class="row">
            <ResignButton key={roomId} />
          </div>
        )}
      </div>
      <ChatPanel view={view} spectating={spectating} opponent={spectating ? undefined : players.find((p) => p.seat !== mySeat)} />
    </section>
  );
}

async function backToLobby() {
  await connection.leaveGame();
  navigate({ screen: "lobby", tab: "play" });
}

export function statusText(game: ClientGame, view: GameView, mySeat: number): string {
  switch (view.status) {
    case "waiting":
      return "Waiting for your opponent to arrive…";
    case "playing":
      return game.playingStatus(view, mySeat);
    case "aborted":
      return "Game aborted";
    default: {
      if (view.winner < 0) return "Draw";
      const winner = seated(view)[view.winner];
      return mySeat === view.winner ? "You won!" : mySeat >= 0 ? "You lost" : `${winner?.name ?? "?"} won`;
    }
  }
}

function PlayerCard({ player: p, view, game, you, now }: { player: PlayerView; view: GameView; game: ClientGame; you: boolean; now: number }) {
  const active = view.status === "playing" && (view.turn === p.seat || view.turn === -1);
  const link = p.bot ? "bot" : p.connected ? "connected" : p.reconnectDeadline > 0 ? `disconnected, ${clock(p.reconnectDeadline - now)} to return` : view.status === "waiting" ? "not here yet" : "left";
  return (
    <div class={`player${active ? " active" : ""}`} data-target={`player:${p.seat}`}>
      <p class="name">
        {p.name}
        {you ? " (you)" : ""}
      </p>
      <p class="muted">
        {game.playerDetail(p, view)} · {Math.round(p.rating)}
      </p>
      <p class={`link ${p.connected || p.bot ? "ok" : "gone"}`} data-target={`link:${p.seat}`}>
        {link}
      </p>
    </div>
  );
}

function Notes({ game, view, mySeat }: { game: ClientGame; view: GameView; mySeat: number }) {
  const notes = game.notes(view, mySeat);
  if (notes.length === 0) return null;
  return (
    <div class="notes" data-target="history">
      <h2 class="visually-hidden">Rounds</h2>
      <ol>
        {notes.map((n, i) => (
          <li key={i}>{n}</li>
        ))}
      </ol>
    </div>
  );
}

function ResignButton() {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const t = setTimeout(() => setArmed(false), 3000);
    return () => clearTimeout(t);
  }, [armed]);
  return (
    <button
      type="button"
      class={armed ? "armed" : "danger"}
      data-target="btn:resign"
      onClick={() => {
        if (armed) connection.sendGame("resign");
        else {
          setArmed(true);
          announce("Press resign again to confirm.");
        }
      }}
    >
      {armed ? "Really resign?" : "Resign"}
    </button>
  );
}

/** What ended the game, with who: "You resigned", "Bob ran out of time in round 3, before picking a hand". */
export function resultReason(game: ClientGame, view: GameView, mySeat: number): string {
  const players = seated(view);
  const loser = view.winner >= 0 ? players[1 - view.winner] : undefined;
  const reason = reasonInWords(game, view.reason);
  if (view.status === "aborted") return `Aborted: ${reason}. No result for anyone.`;
  const who = loser ? (loser.seat === mySeat ? "You" : loser.name) : "";
  if (view.reason === "timeout" && loser) return `${who} ran out of time${game.timeoutDetail ? game.timeoutDetail(view, loser.seat) : ""}`;
  if (["resign", "abandoned"].includes(view.reason) && loser) return `${who} ${reason}`;
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}

function Result({ game, view, mySeat, spectating, closed, now, me }: { game: ClientGame; view: GameView; mySeat: number; spectating: boolean; closed: boolean; now: number; me?: PlayerView }) {
  const players = seated(view);
  const opponent = players.find((p) => p.seat !== mySeat);
  const title = statusText(game, view, mySeat);
  const tone = view.winner < 0 ? "" : view.winner === mySeat ? "good" : mySeat >= 0 ? "bad" : "";
  const rematchLeft = view.rematchDeadline - now;
  const open = !spectating && !closed && view.status === "finished" && rematchLeft > 0 && players.every((p) => p.bot || p.connected);
  let rating: string;
  if (me && view.rated && Math.round(me.ratingChange) !== 0) rating = `Rating ${signed(Math.round(me.ratingChange))}, now ${Math.round(me.rating)}`;
  else if (me && view.rated) rating = `Rating unchanged at ${Math.round(me.rating)}`;
  else rating = view.rated ? "Rated game" : "Unrated game";
  const series = seriesText(view, mySeat);
  return (
    <div class="result" data-target="result" role="region" aria-label="Result">
      <p class={`title ${tone}`} data-target="result:title">
        {title}
      </p>
      {view.reason !== "draw" && <p data-target="result:reason">{resultReason(game, view, mySeat)}</p>}
      {view.reason === "timeout" && <p class="muted">{game.timeoutRule}</p>}
      <p data-target="result:rating">{rating}</p>
      {series && <p data-target="result:series">{series}</p>}
      {!spectating && view.status === "finished" && (
        <p class="accent" data-target="result:rematch">
          {!open ? "Rematch no longer available" : opponent?.wantsRematch ? `${opponent.name} wants a rematch!` : me?.wantsRematch ? `Waiting for ${opponent?.name ?? "your opponent"}…` : ""}
        </p>
      )}
      <div class="row">
        {!spectating && view.status === "finished" && (
          <button type="button" class="primary" data-target="btn:rematch" disabled={!open || !!me?.wantsRematch} onClick={() => connection.sendGame("rematch")}>
            {me?.wantsRematch ? "Rematch asked" : open ? `Rematch (${clock(rematchLeft)})` : "Rematch"}
          </button>
        )}
        <button type="button" data-target="btn:result-lobby" onClick={() => void backToLobby()}>
          Back to lobby
        </button>
      </div>
    </div>
  );
}

/** "Series: you 1½, Bob ½" once a rematch has been played; nothing for a first game. */
function seriesText(view: GameView, mySeat: number): string | null {
  const games = (view.seriesGames ?? 0) + (view.status === "finished" ? 1 : 0);
  if (games < 2) return null;
  const players = seated(view);
  const points = players.map((p) => (p.series ?? 0) + (view.status === "finished" ? (view.winner < 0 ? 0.5 : view.winner === p.seat ? 1 : 0) : 0));
  const names = players.map((p) => (p.seat === mySeat ? "You" : p.name));
  return `Series after ${games} games: ${names[0]} ${score(points[0])}–${score(points[1])} ${names[1]}`;
}
