import type { Seat } from "../games/types";
import type { SeatSpec } from "./deps";

/** How a request for a rematch is answered: refused, noted while the opponent has not asked, or agreed by both. */
export type RematchAnswer = "closed" | "waiting" | "agreed";

/**
 * The rematch offered after a finished match: open until `deadline` while both players are there, agreed once both
 * seats want it (a bot wants it as soon as its opponent asks), and agreed at most once. Time is passed in.
 */
export class RematchOffer {
  private wanted: [boolean, boolean] = [false, false];
  private agreed = false;

  constructor(
    readonly deadline: number,
    private readonly bots: readonly [boolean, boolean],
  ) {}

  /** `seat` asks at `now`; `opponentHere` says whether the other player is still connected (a bot always is). */
  ask(seat: Seat, now: number, opponentHere: boolean): RematchAnswer {
    const other = (1 - seat) as Seat;
    if (this.agreed || now > this.deadline || (!this.bots[other] && !opponentHere)) return "closed";
    this.wanted[seat] = true;
    if (this.bots[other]) this.wanted[other] = true;
    if (!this.wanted.every(Boolean)) return "waiting";
    this.agreed = true;
    return "agreed";
  }

  wants(seat: Seat): boolean {
    return this.wanted[seat];
  }

  /** `seat` left the room: their wish goes with them. */
  withdraw(seat: Seat) {
    this.wanted[seat] = false;
  }
}

/**
 * The rematch's seats: sides swapped, so that the other player moves first, each human at their rating now
 * (`ratings`, by player id) rather than the one they came in with.
 */
export function swappedSeats([first, second]: readonly [SeatSpec, SeatSpec], ratings: Readonly<Record<string, number>>): [SeatSpec, SeatSpec] {
  const now = (spec: SeatSpec): SeatSpec => ({ ...spec, rating: spec.bot ? spec.rating : (ratings[spec.playerId] ?? spec.rating) });
  return [now(second), now(first)];
}
