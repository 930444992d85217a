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
      <SignInForm onDone={onDone} />
    </section>
  );
}

/** "I have an account": a username and password give this browser a new session of that player. */
function SignInForm({ onDone }: { onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const username = useRef<HTMLInputElement>(null);
  const password = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (open) username.current?.focus();
  }, [open]);

  if (!open) {
    return (
      <button type="button" data-target="btn:show-signin" aria-expanded="false" aria-controls="signin-form" onClick={() => setOpen(true)}>
        I have an account: sign in
      </button>
    );
  }

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const user = username.current?.value.trim() ?? "";
    const pass = password.current?.value ?? "";
    if (!user || !pass) return setError("Type your username and password.");
    setError("");
    setBusy(true);
    try {
      await connection.signIn(user, pass);
      void connection.connectLobby().catch(() => undefined);
      onDone();
    } catch (err) {
      setBusy(false);
      // The server gives one answer for an unknown username and a wrong password; it is shown as it is.
      setError((err as Error).message);
      password.current?.select();
    }
  };

  return (
    <form id="signin-form" class="signin" onSubmit={submit} noValidate aria-labelledby="signin-title">
      <h2 id="signin-title">Sign in to your account</h2>
      <label for="signin-username">Username</label>
      <input
        ref={username}
        id="signin-username"
        class="parlor"
        autocomplete="username"
        autocapitalize="none"
        spellcheck={false}
        aria-describedby="signin-error"
        aria-invalid={error ? true : undefined}
        onInput={() => error && setError("")}
      />
      <label for="signin-password">Password</label>
      <input
        ref={password}
        id="signin-password"
        class="parlor"
        type="password"
        autocomplete="current-password"
        aria-describedby="signin-error"
        aria-invalid={error ? true : undefined}
        onInput={() => error && setError("")}
      />
      <p id="signin-error" class="field-error" role="alert" data-text="signin-error">
        {error}
      </p>
      <button type="submit" class="primary" data-target="btn:signin" disabled={busy}>
        Sign in
      </button>
    </form>
  );
}
