import type { GameName } from "../games/registry";
import type { BotFillTicket } from "./botFill";
import type { Ticket } from "./pairing";

export interface LobbyTicket extends Ticket, BotFillTicket {
  game: GameName;
  name: string;
  /** The lobby connection that queued; `matched` goes there. */
  sessionId: string;
}

/** The waiting tickets, one per player, and the queue position each player was last told. */
export class TicketBook {
  private tickets = new Map<string, LobbyTicket>();
  private told = new Map<string, number>();

  has(playerId: string): boolean {
    return this.tickets.has(playerId);
  }

  get(playerId: string): LobbyTicket | undefined {
    return this.tickets.get(playerId);
  }

  /** Files a ticket; one the player already had is replaced. */
  add(ticket: LobbyTicket) {
    this.tickets.set(ticket.playerId, ticket);
  }

  /** Takes the player's ticket out, if they had one; their next position is told afresh. */
  remove(playerId: string): LobbyTicket | undefined {
    const ticket = this.tickets.get(playerId);
    this.tickets.delete(playerId);
    this.told.delete(playerId);
    return ticket;
  }

  waiting(game: GameName): LobbyTicket[] {
    return [...this.tickets.values()].filter((t) => t.game === game);
  }

  ofSession(sessionId: string): LobbyTicket[] {
    return [...this.tickets.values()].filter((t) => t.sessionId === sessionId);
  }

  /** How many wait for each of `games` (none is 0). */
  counts(games: readonly GameName[]): Map<GameName, number> {
    const counts = new Map<GameName, number>(games.map((g) => [g, 0]));
    for (const ticket of this.tickets.values()) counts.set(ticket.game, (counts.get(ticket.game) ?? 0) + 1);
    return counts;
  }

  /** Turns bot fill on or off for the player's ticket, which keeps its place; the ticket, or undefined without one. */
  setBotFill(playerId: string, botFill: boolean): LobbyTicket | undefined {
    const ticket = this.tickets.get(playerId);
    if (ticket) this.tickets.set(playerId, { ...ticket, botFill });
    return this.tickets.get(playerId);
  }

  /** The player's position in their queue now, counted as told; undefined without a ticket. */
  positionOf(playerId: string): number | undefined {
    const ticket = this.tickets.get(playerId);
    if (!ticket) return undefined;
    const position = queueOrder(this.waiting(ticket.game)).findIndex((t) => t.playerId === playerId) + 1;
    this.told.set(playerId, position);
    return position;
  }

  /**
   * The positions in `game`'s queue (the longest wait is 1; ties by player id) that differ from the last one told,
   * each now counted as told: a player hears of a change once.
   */
  changedPositions(game: GameName): { ticket: LobbyTicket; position: number }[] {
    const queue = queueOrder(this.waiting(game));
    const changed: { ticket: LobbyTicket; position: number }[] = [];
    queue.forEach((ticket, i) => {
      const position = i + 1;
      if (this.told.get(ticket.playerId) === position) return;
      this.told.set(ticket.playerId, position);
      changed.push({ ticket, position });
    });
    return changed;
  }
}

/** A queue in order: the longest wait first, ties by player id. */
function queueOrder(tickets: LobbyTicket[]): LobbyTicket[] {
  return tickets.sort((a, b) => a.since - b.since || a.playerId.localeCompare(b.playerId));
}
