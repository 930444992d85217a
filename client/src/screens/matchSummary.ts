import { reasonInWords } from "../games/clientGame";
import { CLIENT_GAMES, isClientGame } from "../games/registry";
import type { StoredMatch } from "../net/api";
import { signed } from "../ui/format";

/** A stored match in two lines, from one player's side: "Tic-tac-toe vs Bob: Won, rating +12" and when and why. */
export function matchSummary(m: StoredMatch, me: string): { title: string; detail: string } {
  const game = isClientGame(m.game) ? CLIENT_GAMES[m.game] : null;
  const opponent = m.players.find((p) => p.playerId !== me)?.name ?? "?";
  const result = m.aborted ? "Aborted" : m.winner === null ? "Draw" : m.winner === me ? "Won" : "Lost";
  // Ratings arrive as whole numbers, so the change shown is exactly the difference of the ratings shown.
  const delta = m.ratingChanges[me] ? m.ratingChanges[me].after - m.ratingChanges[me].before : null;
  // A rated game that moved no rating (a draw between equals) says so in words, not with a lone "±0".
  const change = delta === null ? "" : delta === 0 ? ", rating unchanged" : `, rating ${signed(delta)}`;
  const when = new Date(m.endedAt).toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
  // "Draw" already says why a drawn game ended.
  const reason = m.reason === "draw" && m.winner === null ? "" : ` · ${game ? reasonInWords(game, m.reason) : m.reason}`;
  return { title: `${game?.shortTitle ?? m.game} vs ${opponent}: ${result}${change}`, detail: `${when}${reason}` };
}
