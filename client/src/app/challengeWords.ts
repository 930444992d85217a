// A challenge in words, from either side, and what a decline can say. No network, no DOM.
import { CLIENT_GAMES, isClientGame } from "../games/registry";
import type { CancelReason, Challenge, DeclineReason } from "../net/social";

export type ChallengeState = "open" | "accepted" | "declined" | "cancelled" | "expired";

/** A challenge this tab sent or received, and what became of it (a closed one stays, in words, until dismissed). */
export interface ChallengeEntry {
  challenge: Challenge;
  side: "sent" | "received";
  state: ChallengeState;
  /** Why it was declined, or withdrawn (its sender cancelled it, or went offline). */
  reason?: DeclineReason | CancelReason;
}

/** A decline's reason, as the challenger reads it after "Bob declined your challenge". */
export const DECLINE_WORDS: Record<DeclineReason, string> = {
  generic: "",
  later: "not now, maybe later",
  rated: "they would rather play rated",
  casual: "they would rather play casual",
  game: "they would rather play another game",
};

/** The reasons a decline offers for this challenge, in words as the one who declines reads them. */
export function declineChoices(c: Challenge): [DeclineReason, string][] {
  return [
    ["generic", "No, thanks"],
    ["later", "Not now"],
    c.rated ? ["casual", "Rather casual"] : ["rated", "Rather rated"],
    ["game", "Another game"],
  ];
}

const gameTitle = (c: Challenge) => (isClientGame(c.game) ? CLIENT_GAMES[c.game].title : c.game);
/** "a rated game of Tic-tac-toe". */
export const challengeWhat = (c: Challenge) => `a ${c.rated ? "rated" : "casual"} game of ${gameTitle(c)}`;

/** What became of a challenge, in words, from this side. */
export function challengeWords(e: ChallengeEntry): string {
  const c = e.challenge;
  if (e.side === "sent") {
    switch (e.state) {
      case "open":
        return `You challenged ${c.to.name} to ${challengeWhat(c)}.`;
      case "accepted":
        return `${c.to.name} accepted your challenge: the game is starting.`;
      case "declined": {
        const why = DECLINE_WORDS[e.reason as DeclineReason] ?? "";
        return `${c.to.name} declined your challenge to ${challengeWhat(c)}${why ? `: ${why}.` : "."}`;
      }
      case "cancelled":
        return `You cancelled your challenge to ${c.to.name}.`;
      case "expired":
        return `Your challenge to ${c.to.name} expired without an answer.`;
    }
  }
  switch (e.state) {
    case "open":
      return `${c.from.name} (${Math.round(c.from.rating)}) challenges you to ${challengeWhat(c)}.`;
    case "accepted":
      return `You accepted ${c.from.name}'s challenge: the game is starting.`;
    case "declined":
      return `You declined ${c.from.name}'s challenge.`;
    case "cancelled":
      return e.reason === "offline" ? `${c.from.name} left, so their challenge to ${challengeWhat(c)} is withdrawn.` : `${c.from.name} cancelled their challenge to ${challengeWhat(c)}.`;
    case "expired":
      return `${c.from.name}'s challenge to ${challengeWhat(c)} expired.`;
  }
}
