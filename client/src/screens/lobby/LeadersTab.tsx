import { useEffect, useState } from "preact/hooks";
import { navigate } from "../../app/router";
import { CLIENT_GAME_LIST, CLIENT_GAMES } from "../../games/registry";
import { api, type GameName, type LeaderboardRow } from "../../net/api";
import { connection } from "../../net/connection";
import { ChallengeButton } from "../ChallengeDialog";

type Leaders = { top: LeaderboardRow[]; me: LeaderboardRow | null; around: LeaderboardRow[] };

// A provisional rating (still settling after few games) is shown with a "?", as lichess does.
const rating = (r: LeaderboardRow) => `${r.rating}${r.provisional ? "?" : ""}`;

/** Top 10 per game, my rank and the players around me; each game's board has its own address (/leaders/<game>). */
export function LeadersTab({ board = CLIENT_GAME_LIST[0].name }: { board?: GameName }) {
  const [leaders, setLeaders] = useState<Leaders | null>(null);
  useEffect(() => {
    let live = true;
    setLeaders(null);
    const me = connection.player!;
    // A player with no rated game gets { me: null } and the top rows, not an error.
    Promise.all([api.leaderboard(board, 10), api.around(me.playerId, board, 2).catch(() => null)]).then(
      ([top, around]) => live && setLeaders({ top: top.rows, me: around?.me ?? null, around: around?.me ? around.rows : [] }),
      (error: Error) => live && (connection.notice(`Leaderboard unavailable: ${error.message}`), setLeaders({ top: [], me: null, around: [] })),
    );
    return () => {
      live = false;
    };
  }, [board]);

  const myId = connection.player?.playerId;
  const listed = new Set(leaders?.top.map((r) => r.playerId));
  const around = leaders ? leaders.around.filter((r) => !listed.has(r.playerId)) : [];
  return (
    <div class="leaders">
      <div class="segmented" role="group" aria-label="Leaderboard of">
        {CLIENT_GAME_LIST.map(({ name, shortTitle }) => (
          <button type="button" key={name} aria-pressed={name === board} data-target={`btn:board:${name}`} onClick={() => navigate({ screen: "lobby", tab: "leaders", board: name }, true)}>
            {shortTitle}
          </button>
        ))}
      </div>
      {!leaders ? (
        <p class="muted">Loading…</p>
      ) : (
        <>
          <h2>{CLIENT_GAMES[board].title}: top players</h2>
          {leaders.top.length === 0 ? <p class="muted">No rated games yet. Be the first!</p> : <Table rows={leaders.top} myId={myId} prefix="leader" game={board} />}
          {leaders.me ? (
            <>
              <p data-target="my-rank">
                <strong>
                  Your rank: #{leaders.me.rank} · {rating(leaders.me)}
                </strong>
              </p>
              {around.length > 0 && <Table rows={around} myId={myId} prefix="around" game={board} />}
            </>
          ) : (
            <p class="muted" data-target="my-rank">
              Play a rated game to get a rank.
            </p>
          )}
          {[...leaders.top, ...around].some((r) => r.provisional) && <p class="muted">? provisional: rated on few games so far, ranked below settled ratings</p>}
        </>
      )}
    </div>
  );
}

function Table({ rows, myId, prefix, game }: { rows: LeaderboardRow[]; myId?: string; prefix: string; game: GameName }) {
  return (
    <table class="board-table">
      <thead>
        <tr>
          <th class="num">Rank</th>
          <th>Player</th>
          <th class="num">Rating</th>
          <th class="num">W / L / D</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.playerId} class={r.playerId === myId ? "me" : undefined} data-target={`${prefix}:${r.playerId}`}>
            <td class="num">#{r.rank}</td>
            <td>
              <div class="who-cell">
                <a href={`/player/${encodeURIComponent(r.playerId)}`} onClick={(e) => (e.preventDefault(), navigate({ screen: "player", playerId: r.playerId }))}>
                  {r.name}
                </a>
                <ChallengeButton player={r} game={game} target={`btn:challenge-${prefix}:${r.playerId}`} />
              </div>
            </td>
            <td class="num">{rating(r)}</td>
            <td class="num">
              {r.wins} / {r.losses} / {r.draws}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
