import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { chat, chatError, lineText, reportAnswer, sendChat, sendChatOff, sendMute, visibleLines } from "../app/chat";
import type { GameView, PlayerView } from "../app/gameView";
import { preferences } from "../app/preferences";
import { useStore } from "../app/useStore";
import { connection } from "../net/connection";
import { CHAT_MAX_CHARS, QUICK_PHRASE_KEYS, QUICK_PHRASES, type ChatMessage as ChatLine } from "../net/social";
import { ChatReportForm } from "./ChatReportForm";

const OPEN_KEY = "parlor.chat";
const openAtFirst = () => {
  try {
    return localStorage.getItem(OPEN_KEY) !== "closed";
  } catch {
    return true;
  }
};

/**
 * The game's chat, under the board on a phone and beside it on a wide screen: the players' lines for the players,
 * the spectators' for spectators (and for the players too once the game is over); quick phrases, a line of free
 * text (200 characters, counted), mute the opponent, chat off, report. It can be folded away; new lines from
 * others are said in the live region (app/chat.ts).
 */
export function ChatPanel({ view, spectating, opponent }: { view: GameView; spectating: boolean; opponent: PlayerView | undefined }) {
  const state = useStore(chat);
  const prefs = useStore(preferences);
  const error = useStore(chatError);
  const report = useStore(reportAnswer);
  const [open, setOpen] = useState(openAtFirst);
  const [reporting, setReporting] = useState(false);
  const me = connection.player?.playerId;
  const chatOff = prefs?.chatOff ?? false;
  const muted = new Set(prefs?.muted.map((m) => m.playerId));
  const over = view.status === "finished" || view.status === "aborted";
  const human = opponent && !opponent.bot ? opponent : undefined;
  const opponentMuted = !!human && muted.has(human.playerId);

  const players = spectating ? [] : visibleLines(state.lines.players, chatOff, muted);
  const watchers = spectating || over ? visibleLines(state.lines.spectators, chatOff, muted) : [];
  const shownLines = [...players, ...watchers];
  // Lines from others that came while the panel was folded, said on its button.
  const fromOthers = shownLines.filter((l) => l.playerId !== me).length;
  const [seen, setSeen] = useState(fromOthers);
  useEffect(() => {
    if (open) setSeen(fromOthers);
  }, [open, fromOthers]);
  const unread = open ? 0 : Math.max(0, fromOthers - seen);

  const toggle = () => {
    setOpen(!open);
    try {
      localStorage.setItem(OPEN_KEY, open ? "closed" : "open");
    } catch {
      // not remembered
    }
  };
  const setChatOff = () => sendChatOff(!chatOff);
  const setMuted = () => human && sendMute(human, !opponentMuted);

  return (
    <section class="chat" aria-labelledby="chat-title" data-target="chat">
      <h2 id="chat-title" class="chat-title">
        <button type="button" aria-expanded={open} aria-controls="chat-body" data-target="btn:chat-fold" onClick={toggle}>
          <span>{spectating ? "Spectators' chat" : "Chat"}</span>
          {unread > 0 && <span class="accent"> ({unread} new)</span>}
          <span aria-hidden="true" class="fold">
            {open ? "▴" : "▾"}
          </span>
        </button>
      </h2>
      <div id="chat-body" class="chat-body" hidden={!open}>
        {chatOff && (
          <p class="muted" data-text="chat-off-note">
            Chat is off: only quick phrases are shown and sent.
          </p>
        )}
        {opponentMuted && <p class="muted">You have muted {human!.name}: their lines are not shown to you.</p>}
        {!spectating && <Lines id="chat-players" label="Players' chat" lines={players} me={me} empty={over ? "No one said anything." : "Say hello, or wish your opponent luck."} />}
        {(spectating || over) && (
          <>
            {!spectating && <h3 class="chat-sub">What the spectators said</h3>}
            <Lines id="chat-spectators" label="Spectators' chat" lines={watchers} me={me} empty={spectating ? "Nothing said yet. The players do not see this chat while they play." : "Nothing."} />
          </>
        )}
        <div class="phrases" role="group" aria-label="Quick phrases">
          {QUICK_PHRASE_KEYS.map((key) => (
            <button type="button" key={key} data-target={`btn:phrase:${key}`} onClick={() => sendChat({ phrase: key })}>
              {QUICK_PHRASES[key]}
            </button>
          ))}
        </div>
        {!chatOff && <ChatForm />}
        <p id="chat-error" class="field-error" role="alert" data-text="chat-error">
          {error?.message ?? ""}
        </p>
        <div class="row chat-actions">
          {human && !spectating && (
            <button type="button" aria-pressed={opponentMuted} data-target="btn:chat-mute" onClick={setMuted}>
              Mute {human.name}
            </button>
          )}
          <button type="button" aria-pressed={chatOff} data-target="btn:chat-off" onClick={setChatOff}>
            Chat off
          </button>
          <button type="button" aria-expanded={reporting} aria-controls="chat-report" data-target="btn:report" onClick={() => setReporting(!reporting)}>
            Report…
          </button>
        </div>
        {!reporting && report?.ok && (
          <p class="good" role="status" data-text="report-filed">
            {report.text}
          </p>
        )}
        {reporting && <ChatReportForm lines={shownLines.filter((l) => l.playerId !== me)} opponent={spectating ? undefined : human} onDone={() => setReporting(false)} />}
      </div>
    </section>
  );
}

function ChatForm() {
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState("");
  const state = useStore(chat);
  const error = useStore(chatError);
  const me = connection.player?.playerId;
  const mine = [...state.lines.players, ...state.lines.spectators].filter((l) => l.playerId === me).length;
  const sentAt = useRef<number | null>(null);
  // The box empties when my line comes back from the room; a refused one stays, to be sent again or shortened.
  useEffect(() => {
    if (sentAt.current === null || mine <= sentAt.current) return;
    sentAt.current = null;
    setText("");
  }, [mine]);
  useEffect(() => {
    if (error) sentAt.current = null;
  }, [error]);

  const submit = (e: Event) => {
    e.preventDefault();
    const line = text.trim();
    if (!line) return input.current?.focus();
    sentAt.current = mine;
    sendChat({ text: line });
  };
  return (
    <form class="chat-form" onSubmit={submit} aria-label="Send a line">
      <label for="chat-input" class="visually-hidden">
        Your message
      </label>
      <input
        ref={input}
        id="chat-input"
        class="parlor"
        type="text"
        value={text}
        maxLength={CHAT_MAX_CHARS}
        autocomplete="off"
        placeholder="Say something"
        aria-describedby="chat-count chat-error"
        aria-invalid={error ? true : undefined}
        onInput={(e) => setText((e.target as HTMLInputElement).value)}
      />
      <button type="submit" data-target="btn:chat-send">
        Send
      </button>
      <span id="chat-count" class="muted chat-count" data-text="chat-count">
        {text.length}/{CHAT_MAX_CHARS}
      </span>
    </form>
  );
}

/** A scrolling list that follows the newest line, unless the reader has scrolled up to read. */
function Lines({ id, label, lines, me, empty }: { id: string; label: string; lines: ChatLine[]; me?: string; empty: string }) {
  const list = useRef<HTMLOListElement>(null);
  const atEnd = useRef(true);
  const [behind, setBehind] = useState(false);
  const last = lines.at(-1)?.seq ?? -1;
  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    if (atEnd.current) el.scrollTop = el.scrollHeight;
    else setBehind(true);
  }, [last, lines.length]);
  const onScroll = () => {
    const el = list.current!;
    atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 8;
    if (atEnd.current) setBehind(false);
  };
  if (lines.length === 0) return <p class="muted chat-empty">{empty}</p>;
  return (
    <>
      <ol ref={list} id={id} class="chat-lines" tabIndex={0} aria-label={label} data-target={id} onScroll={onScroll}>
        {lines.map((l) => (
          <li key={`${l.channel}:${l.seq}`} class={l.phrase ? "phrase" : undefined} data-line={`${l.channel}:${l.seq}`}>
            <strong>
              {l.name}
              {l.playerId === me ? " (you)" : ""}:
            </strong>{" "}
            <span>{lineText(l)}</span>
          </li>
        ))}
      </ol>
      {behind && (
        <button
          type="button"
          class="chat-newest"
          data-target={`btn:newest:${id}`}
          onClick={() => {
            const el = list.current;
            if (el) el.scrollTop = el.scrollHeight;
            atEnd.current = true;
            setBehind(false);
          }}
        >
          Newest lines ↓
        </button>
      )}
    </>
  );
}
