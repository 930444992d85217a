import { isClientGame } from "../games/registry";
import type { GameName } from "../net/api";

export type LobbyTab = "play" | "watch" | "leaders" | "history";

/** Every screen has an address (docs/client.md, "Addresses"), so it can be shared, bookmarked, refreshed and gone Back to. */
export type Route =
  | { screen: "lobby"; tab: LobbyTab; board?: GameName }
  | { screen: "game"; roomId: string }
  | { screen: "replay"; matchId: string }
  | { screen: "player"; playerId: string }
  | { screen: "join"; code: string }
  | { screen: "challenge"; id: string }
  | { screen: "account" }
  | { screen: "name" };

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A path to its screen; anything unknown is the lobby. */
export function parseRoute(pathname: string): Route {
  const parts = pathname.split("/").filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return "";
    }
  });
  const [head, id] = parts;
  if (!head) return { screen: "lobby", tab: "play" };
  if (head === "watch" || head === "history") return { screen: "lobby", tab: head };
  if (head === "leaders") return id && isClientGame(id) ? { screen: "lobby", tab: "leaders", board: id } : { screen: "lobby", tab: "leaders" };
  if (head === "name") return { screen: "name" };
  if (head === "account" && !id) return { screen: "account" };
  if (id && ID.test(id)) {
    if (head === "game") return { screen: "game", roomId: id };
    if (head === "replay") return { screen: "replay", matchId: id };
    if (head === "player") return { screen: "player", playerId: id };
    if (head === "join") return { screen: "join", code: id.toUpperCase() };
    if (head === "challenge") return { screen: "challenge", id };
  }
  return { screen: "lobby", tab: "play" };
}

export function routePath(route: Route): string {
  switch (route.screen) {
    case "lobby":
      if (route.tab === "play") return "/";
      if (route.tab === "leaders" && route.board) return `/leaders/${route.board}`;
      return `/${route.tab}`;
    case "game":
      return `/game/${encodeURIComponent(route.roomId)}`;
    case "replay":
      return `/replay/${encodeURIComponent(route.matchId)}`;
    case "player":
      return `/player/${encodeURIComponent(route.playerId)}`;
    case "join":
      return `/join/${encodeURIComponent(route.code)}`;
    case "challenge":
      return `/challenge/${encodeURIComponent(route.id)}`;
    case "account":
      return "/account";
    case "name":
      return "/name";
  }
}
