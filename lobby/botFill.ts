/** What bot fill needs of a waiting ticket. */
export interface BotFillTicket {
  /** Epoch ms the ticket was queued. */
  since: number;
  /** The player's choice: false means this ticket is never filled with a bot. */
  botFill: boolean;
}

/**
 * When (server epoch ms) a bot is offered to a ticket that is still alone in its queue: `since + botFillMs`; null when
 * bot fill is off for it (BOT_FILL_SECONDS 0, or the player opted out). A time already past means at the next pairing.
 */
export function botFillAt(ticket: BotFillTicket, botFillMs: number): number | null {
  return botFillMs > 0 && ticket.botFill ? ticket.since + botFillMs : null;
}

/** Whether the ticket gets a bot now. */
export function dueForBot(ticket: BotFillTicket, botFillMs: number, now: number): boolean {
  const at = botFillAt(ticket, botFillMs);
  return at !== null && now >= at;
}
