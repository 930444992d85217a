/** How long the lobby remembers that it booked a player: a seat check takes milliseconds; a booking a minute old is in presence by now. */
export const BOOKING_MEMORY_MS = 60_000;

/**
 * When each player was last booked into a game by this lobby. A seat check that began before then may have read
 * presence before their room noted them, so a challenge accepted on it would book them twice. Time is passed in.
 */
export class Bookings {
  private at = new Map<string, number>();

  mark(playerIds: string[], now: number) {
    for (const playerId of playerIds) this.at.set(playerId, now);
  }

  /** Whether the player was booked at `since` or later (during a check that began then). */
  bookedSince(playerId: string, since: number): boolean {
    return (this.at.get(playerId) ?? -Infinity) >= since;
  }

  /** Forgets the bookings older than BOOKING_MEMORY_MS. */
  forget(now: number) {
    for (const [playerId, at] of this.at) if (at < now - BOOKING_MEMORY_MS) this.at.delete(playerId);
  }
}
