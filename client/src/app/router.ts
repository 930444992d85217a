import { Store } from "../base/emitter";
import { parseRoute, routePath, type Route } from "./routes";

export { parseRoute, routePath, type LobbyTab, type Route } from "./routes";

/** The screen shown, kept equal to the address bar. */
export const route = new Store<Route>(parseRoute(location.pathname));

/** Goes to a screen: a new history entry, or (`replace`) the current one rewritten, as for a redirect. */
export function navigate(next: Route, replace = false) {
  const path = routePath(next);
  if (path !== location.pathname) {
    if (replace) history.replaceState(null, "", path);
    else history.pushState(null, "", path);
  }
  route.set(next);
}

window.addEventListener("popstate", () => route.set(parseRoute(location.pathname)));
