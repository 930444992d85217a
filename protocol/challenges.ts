// The lobby's challenge messages, both ways (docs/protocol.md §3 Challenges), and GET /api/challenges/:id.
// The server and the browser client import these shapes from here. `G` is the game's name, left open as in wire.ts.

/** A challenge as both players (and the link page) see it. `id` is unguessable and is the challenge link (`/challenge/<id>`). */
export interface ChallengeView<G extends string = string> {
  id: string;
  game: G;
  rated: boolean;
  /** The challenger; `rating` is theirs in this game, a whole number. */
  from: { playerId: string; name: string; rating: number };
  /** The challenged player. */
  to: { playerId: string; name: string };
  /** Epoch ms (server clock). */
  createdAt: number;
  /** Epoch ms (server clock): unanswered by then, the challenge expires (`challenge:expired`). */
  expiresAt: number;
}

/** Why a challenge was declined: a choice from a short list, never free text (it reaches the challenger unfiltered). */
export const DECLINE_REASONS = ["generic", "later", "rated", "casual", "game"] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/** Why a challenge was withdrawn: its challenger cancelled it, or closed their last lobby connection. */
export const CANCEL_REASONS = ["cancelled", "offline"] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

// ---- client → server ----

/** `challenge:send`: challenge `to` (a player id) to a game; `rated` defaults to false. */
export interface ChallengeSendPayload<G extends string = string> {
  to: string;
  game: G;
  rated?: boolean;
}

/** `challenge:accept` and `challenge:cancel`. */
export interface ChallengeIdPayload {
  id: string;
}

/** `challenge:decline`; `reason` defaults to "generic". */
export interface ChallengeDeclinePayload {
  id: string;
  reason?: DeclineReason;
}

// ---- server → client ----

/** `challenge:sent`, to every lobby connection of the challenger. */
export interface ChallengeSentMessage<G extends string = string> {
  challenge: ChallengeView<G>;
}

/** `challenge:received`, to every lobby connection of the challenged player, at once. */
export interface ChallengeReceivedMessage<G extends string = string> {
  challenge: ChallengeView<G>;
}

/** `challenge:list`: every open challenge to and from the player, oldest first; on joining the lobby (when there are any) and on request. */
export interface ChallengeListMessage<G extends string = string> {
  received: ChallengeView<G>[];
  sent: ChallengeView<G>[];
}

/** `challenge:accepted`, to both players' lobby connections; the two connections that play also get `matched`. */
export interface ChallengeAcceptedMessage {
  id: string;
}

/** `challenge:declined`, to both players' lobby connections. */
export interface ChallengeDeclinedMessage {
  id: string;
  reason: DeclineReason;
}

/** `challenge:cancelled`, to both players' lobby connections. */
export interface ChallengeCancelledMessage {
  id: string;
  reason: CancelReason;
}

/** `challenge:expired`, to both players' lobby connections. */
export interface ChallengeExpiredMessage {
  id: string;
}
