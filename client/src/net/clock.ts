/**
 * The server's clock as this tab sees it. Deadlines in game and lobby state are the server's epoch
 * milliseconds; a device whose clock is off (phones can be minutes out) would show them wrong if it
 * compared them with its own Date.now(). The offset is measured against GET /api/info's `now`,
 * taking the server's reading to be from the middle of the request.
 */
let offsetMs = 0;

export function serverNow(): number {
  return Date.now() + offsetMs;
}

let bestRoundTrip = Infinity;

/**
 * Takes the offset from a request that was sent at `sentAt` and answered at `receivedAt` (both local), unless an
 * earlier one came back faster: the shorter the round trip, the less the midpoint can be off (the first request of
 * a page often waits behind the page's own loading).
 */
export function syncServerClock(serverTime: number, sentAt: number, receivedAt: number) {
  const roundTrip = receivedAt - sentAt;
  if (!Number.isFinite(serverTime) || roundTrip < 0 || roundTrip > bestRoundTrip) return;
  bestRoundTrip = roundTrip;
  offsetMs = serverTime - (sentAt + receivedAt) / 2;
}
