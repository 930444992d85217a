import { Store } from "../base/emitter";
import { notifyIfHidden } from "../feedback/notify";
import { setTitleAttention } from "../feedback/tabTitle";
import { connection, type RoomError } from "../net/connection";
import type { GameName } from "../net/api";
import type {
  ChallengeAcceptedMessage,
  ChallengeCancelledMessage,
  ChallengeDeclinedMessage,
  ChallengeDeclinePayload,
  ChallengeExpiredMessage,
  ChallengeIdPayload,
  ChallengeListMessage,
  ChallengeReceivedMessage,
  ChallengeSendPayload,
  ChallengeSentMessage,
  DeclineReason,
} from "../net/social";
import { announce } from "./announce";
import { challengeWhat, challengeWords, type ChallengeEntry, type ChallengeState } from "./challengeWords";

export { challengeWhat, challengeWords, declineChoices, type ChallengeEntry, type ChallengeState } from "./challengeWords";

export const challenges = new Store<ChallengeEntry[]>([]);

/** The player a challenge is being written to (the dialog is open), with the control that opened it. */
export const challengeDraft = new Store<{ playerId: string; name: string; game?: GameName; opener: HTMLElement | null } | null>(null);

/** The refusal of the challenge last sent, for the dialog (CHALLENGES_OFF: "Bob takes no challenges."). */
export const sendAnswer = new Store<{ ok: boolean; text: string } | null>(null);

/** True from a `challenge:send` until its answer (sent, or a refusal), so the dialog takes the refusal. */
let sending = false;

export function sendChallenge(to: string, game: GameName, rated: boolean) {
  sending = true;
  sendAnswer.set(null);
  connection.sendLobby("challenge:send", { to, game, rated } satisfies ChallengeSendPayload<GameName>);
}
/** The challenge this tab accepted, until the lobby's `matched` (which opens the game, app/lobbyState.ts) or a refusal;
 * `challenge:accepted` (to both players) takes it off the list. */
let accepting: string | null = null;
export const acceptChallenge = (id: string) => {
  accepting = id;
  connection.sendLobby("challenge:accept", { id } satisfies ChallengeIdPayload);
};
export const declineChallenge = (id: string, reason: DeclineReason = "generic") => {
  connection.sendLobby("challenge:decline", { id, reason } satisfies ChallengeDeclinePayload);
  close(id, "declined", reason);
};
export const cancelChallenge = (id: string) => {
  connection.sendLobby("challenge:cancel", { id } satisfies ChallengeIdPayload);
  close(id, "cancelled");
};
export const dismissChallenge = (id: string) => challenges.update((list) => list.filter((e) => e.challenge.id !== id));

function find(id: string): ChallengeEntry | undefined {
  return challenges.get().find((e) => e.challenge.id === id);
}

/** A challenge seen elsewhere (its link's page), kept with the others unless this tab knows it already. */
export function noteChallenge(entry: ChallengeEntry) {
  if (!find(entry.challenge.id)) put(entry);
}

function put(entry: ChallengeEntry) {
  challenges.update((list) => [...list.filter((e) => e.challenge.id !== entry.challenge.id), entry]);
}

/** Marks a challenge closed; true if it was open here. */
function close(id: string, state: ChallengeState, reason?: ChallengeEntry["reason"]): ChallengeEntry | undefined {
  const entry = find(id);
  if (!entry || entry.state !== "open") return undefined;
  const closed = { ...entry, state, reason };
  challenges.update((list) => list.map((e) => (e.challenge.id === id ? closed : e)));
  return closed;
}

connection.claimErrors("lobby", (error: RoomError) => {
  if (accepting) {
    // A refused accept is said as a notice (ALREADY_IN_GAME, CHALLENGER_BUSY…); a challenge that is gone leaves the list.
    if (error.code === "CHALLENGE_NOT_FOUND" || error.code === "CHALLENGE_EXPIRED") dismissChallenge(accepting);
    accepting = null;
    return false;
  }
  // An error while a challenge is being sent is taken as its refusal: the dialog waits for one answer or the other.
  if (!sending) return false;
  sending = false;
  sendAnswer.set({ ok: false, text: error.message });
  // The dialog shows it; with the dialog closed already, a notice does.
  return challengeDraft.get() !== null;
});

// A lobby joined again has closed this tab's sent challenges with the old connection (if it was the last) and may
// have missed answers: what is open now comes in `challenge:list` right after the join (none when there are none).
connection.on("lobby:connected", () => challenges.update((list) => list.filter((e) => e.state !== "open")));

connection.on("lobby:challenge:list", (m: ChallengeListMessage<GameName>) => {
  const open = [...m.received.map((challenge) => ({ challenge, side: "received" as const })), ...m.sent.map((challenge) => ({ challenge, side: "sent" as const }))];
  const ids = new Set(open.map((e) => e.challenge.id));
  challenges.update((list) => [...list.filter((e) => e.state !== "open" && !ids.has(e.challenge.id)), ...open.map((e) => ({ ...e, state: "open" as const }))]);
});

connection.on("lobby:challenge:received", (m: ChallengeReceivedMessage<GameName>) => {
  const known = find(m.challenge.id);
  put({ challenge: m.challenge, side: "received", state: "open" });
  if (known) return;
  const c = m.challenge;
  announce(`${c.from.name} challenges you to ${challengeWhat(c)}.`);
  setTitleAttention("Challenge");
  notifyIfHidden("challenge", `${c.from.name} challenges you to ${challengeWhat(c)}`);
});

connection.on("lobby:challenge:sent", (m: ChallengeSentMessage<GameName>) => {
  sending = false;
  put({ challenge: m.challenge, side: "sent", state: "open" });
  sendAnswer.set({ ok: true, text: `Challenge sent to ${m.challenge.to.name}.` });
  announce(`Challenge sent to ${m.challenge.to.name}: ${challengeWhat(m.challenge)}. It waits for their answer.`);
});

// An accepted challenge is done with: its game opens at once (the lobby's `matched`).
connection.on("lobby:challenge:accepted", (m: ChallengeAcceptedMessage) => {
  const entry = close(m.id, "accepted");
  if (entry) announce(challengeWords(entry));
  dismissChallenge(m.id);
});
connection.on("lobby:matched", () => (accepting = null));

connection.on("lobby:challenge:declined", (m: ChallengeDeclinedMessage) => {
  const entry = close(m.id, "declined", m.reason);
  if (entry) announce(challengeWords(entry));
});

connection.on("lobby:challenge:cancelled", (m: ChallengeCancelledMessage) => {
  const entry = close(m.id, "cancelled", m.reason);
  if (entry) announce(challengeWords(entry));
});

connection.on("lobby:challenge:expired", (m: ChallengeExpiredMessage) => {
  const entry = close(m.id, "expired");
  if (entry) announce(challengeWords(entry));
});
