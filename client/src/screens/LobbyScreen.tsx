import { useEffect, useRef } from "preact/hooks";
import { gameSession } from "../app/gameView";
import { navigate, type LobbyTab } from "../app/router";
import { useStore } from "../app/useStore";
import type { GameName } from "../net/api";
import { connection } from "../net/connection";
import { HistoryTab } from "./lobby/HistoryTab";
import { LeadersTab } from "./lobby/LeadersTab";
import { PlayTab } from "./lobby/PlayTab";
import { WatchTab } from "./lobby/WatchTab";

const TABS: [LobbyTab, string][] = [
  ["play", "Play"],
  ["watch", "Watch"],
  ["leaders", "Leaders"],
  ["history", "History"],
];

/**
 * Matchmaking and everything around it, in four tabs with their own addresses (/, /watch, /leaders, /history):
 * queue or play a bot, private games by code, live games to watch, leaderboards with my rank, my recent matches.
 */
export function LobbyScreen({ tab, board }: { tab: LobbyTab; board?: GameName }) {
  const tabs = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Off the lobby screen (in a game, a replay), the lobby sends this tab nothing it does not ask for.
    connection.subscribeLobby("counts");
    return () => connection.unsubscribeLobby("counts");
  }, []);

  const select = (next: LobbyTab) => navigate({ screen: "lobby", tab: next });
  // The tabs pattern: ← → (and Home, End) move between tabs and show the one reached.
  const onKeyDown = (e: KeyboardEvent) => {
    const i = TABS.findIndex(([t]) => t === tab);
    const to = e.key === "ArrowRight" ? (i + 1) % TABS.length : e.key === "ArrowLeft" ? (i + TABS.length - 1) % TABS.length : e.key === "Home" ? 0 : e.key === "End" ? TABS.length - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    select(TABS[to][0]);
    requestAnimationFrame(() => tabs.current?.querySelector<HTMLElement>(`#tab-${TABS[to][0]}`)?.focus());
  };

  return (
    <section class="lobby" aria-label="Lobby">
      <GameInProgress />
      <div class="tabs" role="tablist" aria-label="Lobby" ref={tabs} onKeyDown={onKeyDown}>
        {TABS.map(([t, caption]) => (
          <button
            type="button"
            role="tab"
            id={`tab-${t}`}
            key={t}
            aria-selected={t === tab}
            aria-controls="lobby-panel"
            tabIndex={t === tab ? 0 : -1}
            data-target={`tab:${t}`}
            onClick={() => select(t)}
          >
            {caption}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="lobby-panel" aria-labelledby={`tab-${tab}`} class="panel">
        {tab === "play" && <PlayTab />}
        {tab === "watch" && <WatchTab />}
        {tab === "leaders" && <LeadersTab board={board} />}
        {tab === "history" && <HistoryTab />}
      </div>
    </section>
  );
}

/** Back (or the logo) from a game still being played keeps the seat; this is the way back to it. */
function GameInProgress() {
  const session = useStore(gameSession);
  const status = session?.view?.status;
  if (!session || status === "finished" || status === "aborted") return null;
  return (
    <div class="banner" role="status">
      <p>{session.spectating ? "You are watching a game." : "Your game is still going on."}</p>
      <button type="button" class="primary" data-target="btn:return-game" onClick={() => navigate({ screen: "game", roomId: session.roomId })}>
        {session.spectating ? "Back to watching" : "Return to your game"}
      </button>
      {session.spectating && (
        <button type="button" data-target="btn:stop-watching" onClick={() => void connection.leaveGame()}>
          Stop watching
        </button>
      )}
    </div>
  );
}
