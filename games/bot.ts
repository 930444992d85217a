import type { GameRules, Seat } from "./types";

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))];
}

/**
 * A server bot's move: with probability `strength` (BOT_STRENGTH) the game's own searched move, `best`, otherwise
 * any legal move. A game without a search (RPS) always plays a random legal move.
 * `random` is injected so tests can make bots deterministic.
 */
export function chooseBotMove<S, M>(
  rules: GameRules<S, M>,
  state: S,
  seat: Seat,
  random: () => number,
  strength = 1,
  best?: (state: S, random: () => number) => M | null,
): M | null {
  const moves = rules.legalMoves(state, seat);
  if (moves.length === 0) return null;
  if (best && random() < strength) {
    const searched = best(state, random);
    if (searched !== null) return searched;
  }
  return pick(moves, random);
}
