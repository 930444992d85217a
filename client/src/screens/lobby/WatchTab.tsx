import { useEffect, useState } from "preact/hooks";
import { navigate } from "../../app/router";
import { CLIENT_GAMES, isClientGame } from "../../games/registry";
import { connection } from "../../net/connection";

/** The games being played now; the list is sent by the lobby only while this tab is open. */
export function WatchTab() {
  const [games, setGames] = useState(connection.liveGames);
  useEffect(() => {
    connection.subscribeLobby("live");
    const off = connection.on("lobby:live", () => setGames(connection.liveGames));
    return () => {
      off();
      connection.unsubscribeLobby("live");
    };
  }, []);
  if (!games) return <p class="muted">Loading…</p>;
  const list = games.filter((g) => isClientGame(g.game));
  return (
    <div class="watch">
      <h2>{list.length ? "Games being played now" : "No games being played right now."}</h2>
      <ul class="list">
        {list.slice(0, 30).map((g) => {
          const names = g.names.map((name, k) => `${name} (${Math.round(g.ratings[k] ?? 0)})`).join(" vs ");
          return (
            <li key={g.roomId}>
              <button type="button" data-target={`btn:watch:${g.roomId}`} onClick={() => navigate({ screen: "game", roomId: g.roomId })}>
                <span>
                  {CLIENT_GAMES[g.game].shortTitle}: {names}
                </span>
                {g.spectators > 0 && <span class="muted">{g.spectators} watching</span>}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
