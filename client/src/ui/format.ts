/** m:ss for a countdown. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `${n}` : "±0";
}

/** A series score, lichess style: 1½–½. */
export function score(n: number): string {
  const whole = Math.floor(n);
  const half = n - whole >= 0.5 ? "½" : "";
  return whole === 0 && half ? half : `${whole}${half}`;
}
