import { useEffect, useState } from "preact/hooks";
import { connection } from "./net/connection";
import { AccountScreen } from "./screens/AccountScreen";
import { GameScreen } from "./screens/GameScreen";
import { JoinScreen } from "./screens/JoinScreen";
import { LobbyScreen } from "./screens/LobbyScreen";
import { NameScreen } from "./screens/NameScreen";
import { ProfileScreen } from "./screens/ProfileScreen";
import { ReplayScreen } from "./screens/ReplayScreen";
import { announcement } from "./app/announce";
import { Notices } from "./screens/Notices";
import { navigate, route, type Route } from "./app/router";
import { setScreenTitle } from "./feedback/tabTitle";
import { CLIENT_GAMES, isClientGame } from "./games/registry";
import { Toggles } from "./screens/Toggles";
import { useStore } from "./app/useStore";
import { gameSession } from "./app/gameView";
import { loadPreferences } from "./app/preferences";
import "./app/chat";
import "./app/challenges";
import { BannedScreen } from "./screens/BannedScreen";
import { ChallengeDialog } from "./screens/ChallengeDialog";
import { ChallengeScreen } from "./screens/ChallengeScreen";
import { ChallengesPanel } from "./screens/ChallengesPanel";

export type Boot = "connecting" | "name" | "ready";

/** Who am I (the guest token in localStorage), then the screen the address names. */
export function App({ onScreen }: { onScreen: (screen: string) => void }) {
  const [boot, setBoot] = useState<Boot>("connecting");
  const current = useStore(route);
  const banned = useStore(connection.banned);
  const player = connection.player;

  useEffect(() => {
    let stopped = false;
    const start = async () => {
      try {
        const known = await connection.restore();
        if (stopped) return;
        if (!known) return setBoot("name");
      } catch (error) {
        connection.notice(`The server cannot be reached (${(error as Error).message}). Retrying…`);
        setTimeout(() => !stopped && void start(), 2000);
        return;
      }
      void connection.connectLobby().catch(() => undefined);
      void loadPreferences();
      // A seat this tab held before a refresh is taken back whichever screen the address names;
      // the game's own address (/game/<id>) resumes it itself.
      const r = route.get();
      if (r.screen !== "game" && connection.savedGame() && !connection.savedGame()!.spectate) {
        const room = await connection.resume();
        // A game that is over by now has nothing to come back to from here: let it go.
        const over = () => ["finished", "aborted"].includes((room?.state as { status?: string } | undefined)?.status ?? "");
        if (room && over()) void connection.leaveGame();
        else if (room) {
          const off = connection.on("game:state", () => {
            off();
            if (over() && connection.game === room && route.get().screen !== "game") void connection.leaveGame();
          });
        }
      }
      if (r.screen === "name") navigate({ screen: "lobby", tab: "play" }, true);
      setBoot("ready");
    };
    void start();
    return () => {
      stopped = true;
    };
  }, []);

  const screen = banned ? "banned" : boot === "connecting" ? "boot" : boot === "name" ? "name" : current.screen;
  useEffect(() => onScreen(screen), [screen]);
  useEffect(() => setScreenTitle(screenTitle(boot === "ready" ? current : null)), [boot, current]);

  return (
    <>
      <header class="topbar">
        <a class="brand" href="/" onClick={(e) => (e.preventDefault(), boot === "ready" && navigate({ screen: "lobby", tab: "play" }))}>
          Parlor
        </a>
        {boot === "ready" && player && (
          <div class="who">
            <span data-target="me">Hi, {player.name}</span>
            <a href="/account" data-target="link:account" onClick={(e) => (e.preventDefault(), navigate({ screen: "account" }))}>
              Your account
            </a>
            <Online />
          </div>
        )}
        <Toggles />
      </header>
      <main id="main">
        <Notices />
        {boot === "connecting" && (
          <p class="muted" role="status">
            Connecting…
          </p>
        )}
        {banned ? (
          <BannedScreen />
        ) : (
          <>
            {boot === "name" && <NameScreen onDone={() => (setBoot("ready"), void loadPreferences())} />}
            {boot === "ready" && <Challenges route={current} />}
            {boot === "ready" && <Screen route={current} />}
          </>
        )}
      </main>
      {boot === "ready" && !banned && <ChallengeDialog />}
      <div class="visually-hidden" aria-live="polite" aria-atomic="true" id="announcer">
        {useStore(announcement)}
      </div>
    </>
  );
}

const TAB_TITLES = { play: "Play", watch: "Watch", leaders: "Leaders", history: "History" } as const;

/** The tab's title on each screen: "Tic-tac-toe · Parlor", "Leaders · Parlor". */
function screenTitle(r: Route | null): string | null {
  if (!r) return null;
  switch (r.screen) {
    case "lobby":
      return TAB_TITLES[r.tab];
    case "game": {
      const name = connection.game?.roomId === r.roomId ? connection.gameName : null;
      return name && isClientGame(name) ? CLIENT_GAMES[name].title : "Game";
    }
    case "replay":
      return "Replay";
    case "player":
      return "Player";
    case "join":
      return "Joining a game";
    case "challenge":
      return "Challenge";
    case "account":
      return "Account";
    case "name":
      return null;
  }
}

function Screen({ route: r }: { route: Route }) {
  switch (r.screen) {
    case "lobby":
      return <LobbyScreen tab={r.tab} board={r.board} />;
    case "game":
      return <GameScreen key={r.roomId} roomId={r.roomId} />;
    case "replay":
      return <ReplayScreen key={r.matchId} matchId={r.matchId} />;
    case "player":
      return <ProfileScreen key={r.playerId} playerId={r.playerId} />;
    case "join":
      return <JoinScreen code={r.code} />;
    case "challenge":
      return <ChallengeScreen key={r.id} id={r.id} />;
    case "account":
      return <AccountScreen />;
    case "name":
      return <LobbyScreen tab="play" />;
  }
}

/** The challenges sent and received, above every screen but a game this tab is playing. */
function Challenges({ route: r }: { route: Route }) {
  const session = useStore(gameSession);
  const status = session?.view?.status;
  const playing = r.screen === "game" && session?.roomId === r.roomId && !session.spectating && (status === "playing" || status === "waiting");
  if (playing) return null;
  return <ChallengesPanel except={r.screen === "challenge" ? r.id : undefined} />;
}

function Online() {
  const [text, setText] = useState(onlineText());
  useEffect(() => {
    const update = () => setText(onlineText());
    const offs = [connection.on("lobby:counts", update), connection.on("lobby:connected", update), connection.on("lobby:reconnecting", update)];
    return () => offs.forEach((off) => off());
  }, []);
  return (
    <span class="muted" data-target="online">
      {text}
    </span>
  );
}

function onlineText(): string {
  const counts = connection.lobby ? connection.lobbyCounts : null;
  return counts ? `${counts.online} online` : "connecting…";
}
