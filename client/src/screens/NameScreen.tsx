import { useEffect, useRef, useState } from "preact/hooks";
import { validatePlayerName } from "../../../protocol/playerName";
import { CLIENT_GAME_LIST } from "../games/registry";
import { connection } from "../net/connection";

/** First visit: pick a name; the guest token that comes back is what recognises this browser later. */
export function NameScreen({ onDone }: { onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => input.current?.focus(), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    // The server's own rule, checked here first so the answer is immediate and in words.
    const checked = validatePlayerName(input.current?.value ?? "");
    if (!checked.ok) return setError(input.current?.value.trim() ? checked.message : "Type a name first.");
    setError("");
    setBusy(true);
    try {
      await connection.signUp(checked.name);
      void connection.connectLobby().catch(() => undefined);
      onDone();
    } catch (err) {
      setBusy(false);
      setError((err as Error).message);
    }
  };

  return (
    <section class="welcome" aria-labelledby="welcome-title">
      <h1 class="logo" id="welcome-title">
        Parlor
      </h1>
      <p class="muted">{CLIENT_GAME_LIST.map((game) => game.title).join(" · ")} against people or bots.</p>
      <form onSubmit={submit} noValidate>
        <h2>
          <label for="name-input">What should we call you?</label>
        </h2>
        <input
          ref={input}
          id="name-input"
          class="parlor"
          placeholder="Your name"
          maxLength={20}
          autocomplete="nickname"
          aria-describedby="name-hint name-error"
          aria-invalid={error ? true : undefined}
          onInput={() => error && setError("")}
        />
        <p id="name-error" class="field-error" role="alert" data-text="name-error">
          {error}
        </p>
        <button type="submit" class="primary" data-target="btn:play" disabled={busy}>
          Play
        </button>
        <p id="name-hint" class="muted">
          Letters, digits, spaces, _ and -; up to 20.
        </p>
      </form>
    </section>
  );
}
