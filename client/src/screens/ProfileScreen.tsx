import { useEffect, useRef, useState } from "preact/hooks";
import { announce } from "../app/announce";
import { navigate } from "../app/router";
import { CLIENT_GAMES, isClientGame } from "../games/registry";
import { api, type PlayerProfile } from "../net/api";
import { connection } from "../net/connection";
import type { ReportReason } from "../net/social";
import { ChallengeButton } from "./ChallengeDialog";
import { ReportFields } from "./ReportFields";
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
  const other = !profile.isBot && profile.playerId !== connection.player?.playerId;
  return (
    <section class="profile" aria-labelledby="profile-title">
      <div class="profile-head">
        <h1 id="profile-title" data-target="profile:name">
          {profile.name}
          {profile.playerId === connection.player?.playerId ? " (you)" : ""}
        </h1>
        {other && <ChallengeButton player={profile} target="btn:challenge" />}
      </div>
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
      {other && <ReportPlayer player={profile} />}
    </section>
  );
}

/** Report a player seen on their profile (POST /api/reports): why, and a note; the answer is said under it. */
function ReportPlayer({ player }: { player: { playerId: string; name: string } }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState<ReportReason>("abuse");
  const [note, setNote] = useState("");
  const reasonBox = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (open) reasonBox.current?.focus();
  }, [open]);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      await api.report(connection.token() ?? "", player.playerId, reason, note.trim());
      setError("");
      setOpen(false);
      setDone(`Thank you: your report about ${player.name} was sent to the operator.`);
      announce(`Report sent about ${player.name}.`);
    } catch (err) {
      setError((err as Error).message);
    }
    setBusy(false);
  };
  return (
    <div class="profile-report">
      {done && (
        <p class="good" role="status" data-text="profile-report-done">
          {done}
        </p>
      )}
      <button type="button" aria-expanded={open} aria-controls="profile-report" data-target="btn:report-player" onClick={() => setOpen(!open)}>
        Report {player.name}…
      </button>
      {open && (
        <form id="profile-report" class="card chat-report" onSubmit={submit} aria-label={`Report ${player.name}`}>
          <ReportFields prefix="profile-report" reason={reason} onReason={setReason} note={note} onNote={setNote} reasonRef={reasonBox} />
          <p id="profile-report-error" class="field-error" role="alert">
            {error}
          </p>
          <div class="row">
            <button type="submit" class="primary" data-target="btn:report-player-send" disabled={busy}>
              Send report
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
