import { useEffect, useState } from "preact/hooks";
import { navigate } from "../../app/router";
import { api, type StoredMatch } from "../../net/api";
import { connection } from "../../net/connection";
import { ChallengeButton } from "../ChallengeDialog";
import { matchSummary } from "../matchSummary";

/** Matches per History page; "Older" fetches the next page by cursor. */
const PAGE = 8;

/** My matches, newest first, a page at a time; each opens its replay. */
export function HistoryTab() {
  // The cursors that led to this page (for "Newer"), and this page's own.
  const [cursors, setCursors] = useState<(string | undefined)[]>([]);
  const before = cursors.at(-1);
  const [page, setPage] = useState<{ matches: StoredMatch[]; next: string | null } | null>(null);
  useEffect(() => {
    let live = true;
    setPage(null);
    api.matches(connection.player!.playerId, { before, limit: PAGE }).then(
      (p) => live && setPage(p),
      (error: Error) => live && (connection.notice(`History unavailable: ${error.message}`), setPage({ matches: [], next: null })),
    );
    return () => {
      live = false;
    };
  }, [before]);
  if (!page) return <p class="muted">Loading…</p>;
  return (
    <div class="history">
      <h2>{page.matches.length ? (cursors.length === 0 ? "Your recent matches" : "Older matches") : "No matches yet."}</h2>
      <MatchList matches={page.matches} me={connection.player!.playerId} />
      <div class="row">
        {cursors.length > 0 && (
          <button type="button" data-target="btn:history-newer" onClick={() => setCursors(cursors.slice(0, -1))}>
            ‹ Newer
          </button>
        )}
        {page.next && (
          <button type="button" data-target="btn:history-older" onClick={() => setCursors([...cursors, page.next!])}>
            Older ›
          </button>
        )}
      </div>
    </div>
  );
}

export function MatchList({ matches, me }: { matches: StoredMatch[]; me: string }) {
  return (
    <ul class="list">
      {matches.map((m) => {
        const { title, detail } = matchSummary(m, me);
        const opponent = m.players.find((p) => p.playerId !== me);
        return (
          <li key={m.matchId} class="match-row">
            <a class="button" href={`/replay/${m.matchId}`} data-target={`btn:replay:${m.matchId}`} onClick={(e) => (e.preventDefault(), navigate({ screen: "replay", matchId: m.matchId }))}>
              <span>{title}</span>
              <span class="muted">{detail}</span>
            </a>
            {opponent && <ChallengeButton player={opponent} game={m.game} target={`btn:challenge-match:${m.matchId}`} />}
          </li>
        );
      })}
    </ul>
  );
}
