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
      <AccountForms onDone={onDone} />
    </section>
  );
}

type AccountMode = "signin" | "signup";

const FORMS: Record<AccountMode, { opener: string; title: string; submit: string; password: string }> = {
  signin: { opener: "I have an account: sign in", title: "Sign in to your account", submit: "Sign in", password: "current-password" },
  signup: { opener: "Create an account", title: "Create an account", submit: "Create account", password: "new-password" },
};

/**
 * "I have an account" (a username and password give this browser a new session of that player) and "Create an
 * account" (a new player with a username and password at once, for keeping a rating on every device from the start).
 */
function AccountForms({ onDone }: { onDone: () => void }) {
  const [open, setOpen] = useState<AccountMode | null>(null);
  if (!open) {
    return (
      <div class="account-openers">
        {(["signin", "signup"] as const).map((mode) => (
          <button type="button" data-target={`btn:show-${mode}`} aria-expanded="false" aria-controls={`${mode}-form`} onClick={() => setOpen(mode)}>
            {FORMS[mode].opener}
          </button>
        ))}
      </div>
    );
  }
  return <AccountForm key={open} mode={open} onDone={onDone} onSwitch={() => setOpen(open === "signin" ? "signup" : "signin")} />;
}

function AccountForm({ mode, onDone, onSwitch }: { mode: AccountMode; onDone: () => void; onSwitch: () => void }) {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const username = useRef<HTMLInputElement>(null);
  const password = useRef<HTMLInputElement>(null);
  const shownName = useRef<HTMLInputElement>(null);
  const form = FORMS[mode];
  useEffect(() => username.current?.focus(), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const user = username.current?.value.trim() ?? "";
    const pass = password.current?.value ?? "";
    if (!user || !pass) return setError("Type your username and password.");
    const name = shownName.current?.value.trim() || undefined;
    if (name !== undefined) {
      const checked = validatePlayerName(name);
      if (!checked.ok) return setError(checked.message);
    }
    setError("");
    setBusy(true);
    try {
      if (mode === "signin") await connection.signIn(user, pass);
      else await connection.signUpAccount(user, pass, name);
      void connection.connectLobby().catch(() => undefined);
      onDone();
    } catch (err) {
      setBusy(false);
      // The server gives one answer for an unknown username and a wrong password; it is shown as it is.
      setError((err as Error).message);
      password.current?.select();
    }
  };

  const field = (id: string, label: string, ref: typeof username, extra: Record<string, unknown>) => (
    <>
      <label for={`${mode}-${id}`}>{label}</label>
      <input
        ref={ref}
        id={`${mode}-${id}`}
        class="parlor"
        aria-describedby={`${mode}-error`}
        aria-invalid={error ? true : undefined}
        onInput={() => error && setError("")}
        {...extra}
      />
    </>
  );
  return (
    <form id={`${mode}-form`} class="signin" onSubmit={submit} noValidate aria-labelledby={`${mode}-title`}>
      <h2 id={`${mode}-title`}>{form.title}</h2>
      {field("username", "Username", username, { autocomplete: "username", autocapitalize: "none", spellcheck: false })}
      {field("password", "Password", password, { type: "password", autocomplete: form.password })}
      {mode === "signup" && (
        <>
          {field("name", "Name shown to others (optional)", shownName, { autocomplete: "nickname", maxLength: 20, placeholder: "Your username" })}
          <p class="muted">Usernames: 3–24 letters, digits, _ . and -. Passwords: at least 8 characters.</p>
        </>
      )}
      <p id={`${mode}-error`} class="field-error" role="alert" data-text={`${mode}-error`}>
        {error}
      </p>
      <button type="submit" class="primary" data-target={`btn:${mode}`} disabled={busy}>
        {form.submit}
      </button>
      <button type="button" data-target={`btn:switch-to-${mode === "signin" ? "signup" : "signin"}`} onClick={onSwitch}>
        {mode === "signin" ? "No account yet? Create one" : "Already have an account? Sign in"}
      </button>
    </form>
  );
}
