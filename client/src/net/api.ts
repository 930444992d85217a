// The HTTP half of the protocol (docs/protocol.md §1), typed for the client.
import type { GameName } from "../../../games/registry";
import type { AccountView, LeaderboardRow, SessionView, SignInAnswer, StoredMatch as WireStoredMatch } from "../../../protocol/wire";
import type { Challenge, ChallengePolicy, PreferencesView, ReportReason } from "./social";

export type { GameName } from "../../../games/registry";
export type { LeaderboardRow, RecordedMove, SessionView } from "../../../protocol/wire";

/** GET /api/account: `username` is null for a guest. */
export interface AccountState {
  playerId: string;
  name: string;
  username: string | null;
  sessionId: string;
}

export type StoredMatch = WireStoredMatch<GameName>;

/** A page of a player's matches, newest first; `next` is the cursor of the following (older) page. */
export interface MatchHistoryPage {
  matches: StoredMatch[];
  next: string | null;
}

export interface ServerInfo {
  games: GameName[];
  reconnectGraceMs: number;
  /** The server's clock (epoch ms) when it answered. */
  now: number;
}

/** GET /api/players/:id: a player's name, ratings per game and recent matches. */
export interface PlayerProfile {
  playerId: string;
  name: string;
  isBot?: boolean;
  recent: StoredMatch[];
  ratings?: { game: GameName; rating: number; rd: number; provisional: boolean; wins: number; losses: number; draws: number; rank: number | null }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, "NETWORK", "The server cannot be reached.");
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, body.code ?? `HTTP_${res.status}`, body.message ?? res.statusText);
  return body as T;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const json = (token: string | null, body: unknown, method = "POST"): RequestInit => ({
  method,
  headers: { "content-type": "application/json", ...(token ? bearer(token) : {}) },
  body: JSON.stringify(body),
});

export const api = {
  info: () => request<ServerInfo>("/api/info"),
  guest: (name: string) =>
    request<{ playerId: string; name: string; token: string }>("/api/guest", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name }),
    }),
  me: (token: string) => request<{ playerId: string; name: string }>("/api/me", { headers: { authorization: `Bearer ${token}` } }),
  logout: (token: string) => request<unknown>("/api/logout", { method: "POST", headers: bearer(token) }),
  signIn: (username: string, password: string) => request<SignInAnswer>("/api/account/signin", json(null, { username, password })),
  signUpAccount: (username: string, password: string, name?: string) =>
    request<SignInAnswer>("/api/account/signup", json(null, name === undefined ? { username, password } : { username, password, name })),
  claim: (token: string, username: string, password: string) => request<AccountView>("/api/account/claim", json(token, { username, password })),
  account: (token: string) => request<AccountState>("/api/account", { headers: bearer(token) }),
  sessions: (token: string) => request<{ sessions: SessionView[] }>("/api/account/sessions", { headers: bearer(token) }),
  endSession: (token: string, sessionId: string) =>
    request<unknown>(`/api/account/sessions/${encodeURIComponent(sessionId)}`, { method: "DELETE", headers: bearer(token) }),
  changePassword: (token: string, currentPassword: string, newPassword: string) =>
    request<{ endedSessions: number }>("/api/account/password", json(token, { currentPassword, newPassword })),
  leaderboard: (game: GameName, limit = 10) => request<{ rows: LeaderboardRow[] }>(`/api/leaderboard?game=${game}&limit=${limit}`),
  /** `me` is null for a player with no rated game of this kind; `rows` are then the top of the board. */
  around: (playerId: string, game: GameName, radius = 2) =>
    request<{ me: LeaderboardRow | null; rows: LeaderboardRow[] }>(`/api/leaderboard/around/${encodeURIComponent(playerId)}?game=${game}&radius=${radius}`),
  player: (playerId: string) => request<PlayerProfile>(`/api/players/${encodeURIComponent(playerId)}`),
  matches: (playerId: string, page: { before?: string; limit?: number } = {}) =>
    request<MatchHistoryPage>(
      `/api/players/${encodeURIComponent(playerId)}/matches?limit=${page.limit ?? 20}${page.before ? `&before=${encodeURIComponent(page.before)}` : ""}`,
    ),
  match: (matchId: string) => request<StoredMatch>(`/api/matches/${encodeURIComponent(matchId)}`),
  preferences: (token: string) => request<PreferencesView>("/api/me/preferences", { headers: bearer(token) }),
  /** Each change answers with the preferences as they are now. */
  setPreferences: (token: string, change: { chatOff?: boolean; challenges?: ChallengePolicy }) => request<PreferencesView>("/api/me/preferences", json(token, change, "PUT")),
  mute: (token: string, playerId: string, muted: boolean) =>
    request<PreferencesView>(`/api/me/mutes/${encodeURIComponent(playerId)}`, { method: muted ? "PUT" : "DELETE", headers: bearer(token) }),
  /** A report from outside a game (a profile); one from a game goes through its room. */
  report: (token: string, playerId: string, reason: ReportReason, note: string) => request<{ id: string }>("/api/reports", json(token, { playerId, reason, note })),
  challenge: (id: string) => request<Challenge>(`/api/challenges/${encodeURIComponent(id)}`),
};
