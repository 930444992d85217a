import { useEffect, useState } from "preact/hooks";
import { navigate } from "../app/router";
import { CLIENT_GAMES, isClientGame } from "../games/registry";
import { api, type PlayerProfile } from "../net/api";
import { connection } from "../net/connection";
import { MatchList } from "./lobby/HistoryTab";

/** A player's page at /player/<playerId>: ratings and results per game, and recent matches to replay. */
export function ProfileScreen({ playerId }: { playerId: string }) {
  const [profile, setProfile] = useState<PlayerProfile | null>(null);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    let live = true;
    api.player(playerId).then(
      (p) => live && setProfile(p),
      (error: Error) => live && (connection.notice(`Cannot load that player: ${error.message}`), setMissing(true)),
    );
    return () => {
      live = false;
    };
  }, [playerId]);
  if (missing) return <h1>No such player</h1>;
  if (!profile) return <p class="muted" role="status">Loading…</p>;
  const ratings = (profile.ratings ?? []).filter((r) => isClientGame(r.game));
  return (
    <section class="profile" aria-labelledby="profile-title">
      <h1 id="profile-title" data-target="profile:name">
        {profile.name}
        {profile.playerId === connection.player?.playerId ? " (you)" : ""}
      </h1>
      <h2>Ratings</h2>
      {ratings.length === 0 ? (
        <p class="muted">No rated games yet.</p>
      ) : (
        <table class="board-table">
          <thead>
            <tr>
              <th>Game</th>
              <th class="num">Rating</th>
              <th class="num">Rank</th>
              <th class="num">W / L / D</th>
            </tr>
          </thead>
          <tbody>
            {ratings.map((r) => (
              <tr key={r.game} data-target={`profile:rating:${r.game}`}>
                <td>
                  <a href={`/leaders/${r.game}`} onClick={(e) => (e.preventDefault(), navigate({ screen: "lobby", tab: "leaders", board: r.game }))}>
                    {CLIENT_GAMES[r.game].title}
                  </a>
                </td>
                <td class="num">
                  {Math.round(r.rating)}
                  {r.provisional ? "?" : ""}
                </td>
                <td class="num">{r.rank ? `#${r.rank}` : "–"}</td>
                <td class="num">
                  {r.wins} / {r.losses} / {r.draws}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Recent matches</h2>
      {profile.recent.length === 0 ? <p class="muted">No matches yet.</p> : <MatchList matches={profile.recent} me={profile.playerId} />}
    </section>
  );
}
