import { useEffect } from "preact/hooks";
import { keepNoticesOnce } from "../app/notices";
import { navigate } from "../app/router";
import { connection } from "../net/connection";

/**
 * A private game's invitation link, /join/<code>: opening it asks the lobby for that game's seat. The lobby's
 * `matched` takes this tab to the game; a refused code leaves a notice on the Play tab.
 */
export function JoinScreen({ code }: { code: string }) {
  useEffect(() => {
    const offs = [
      connection.on("lobby:error", () => {
        keepNoticesOnce();
        navigate({ screen: "lobby", tab: "play" }, true);
      }),
    ];
    connection.sendLobby("private:join", { code });
    return () => offs.forEach((off) => off());
  }, [code]);
  return (
    <section>
      <h1>Joining your friend's game…</h1>
      <p class="muted">
        Code <span class="code">{code}</span>
      </p>
    </section>
  );
}
