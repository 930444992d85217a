import { GAME_NAMES } from "../games/registry";

/** One path segment that names a room, a match, a player, a private code or a challenge (each at most 64 characters, as the API's ids). */
const ID = "[A-Za-z0-9_-]{1,64}";

/**
 * The browser client's own addresses (history API). The server answers each with the page, so that a refresh or a
 * shared link opens the right screen; every other path that is not a file stays a 404.
 */
export const CLIENT_ROUTES: readonly RegExp[] = [
  /^\/$/,
  /^\/name$/,
  /^\/account$/,
  /^\/watch$/,
  /^\/leaders$/,
  new RegExp(`^/leaders/(${GAME_NAMES.join("|")})$`),
  /^\/history$/,
  new RegExp(`^/game/${ID}$`),
  new RegExp(`^/replay/${ID}$`),
  new RegExp(`^/player/${ID}$`),
  new RegExp(`^/join/${ID}$`),
  new RegExp(`^/challenge/${ID}$`),
];

/** Whether `path` (a request's path, without its query) is one of the client's addresses. */
export function isClientRoute(path: string): boolean {
  return CLIENT_ROUTES.some((route) => route.test(path));
}
