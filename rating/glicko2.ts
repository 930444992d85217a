import { Glicko2 } from "glicko2";
/** A Glicko-2 rating. */
export interface Rating {
  rating: number;
  deviation: number;
  volatility: number;
}

export const DEFAULT_RATING: Rating = { rating: 1500, deviation: 350, volatility: 0.06 };
export const TAU = 0.5;

/**
 * One game between a and b as its own rating period; `score` is a's result (1 win, 0.5 draw, 0 loss).
 * Pure: the same inputs always give the same ratings.
 */
export function rate(a: Rating, b: Rating, score: 1 | 0.5 | 0): { a: Rating; b: Rating } {
  const ranking = new Glicko2({ tau: TAU, rating: DEFAULT_RATING.rating, rd: DEFAULT_RATING.deviation, vol: DEFAULT_RATING.volatility });
  const pa = ranking.makePlayer(a.rating, a.deviation, a.volatility);
  const pb = ranking.makePlayer(b.rating, b.deviation, b.volatility);
  ranking.updateRatings([[pa, pb, score]]);
  const read = (p: typeof pa): Rating => ({ rating: p.getRating(), deviation: p.getRd(), volatility: p.getVol() });
  return { a: read(pa), b: read(pb) };
}
