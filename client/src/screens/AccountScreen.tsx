import { useEffect, useRef, useState } from "preact/hooks";
import { announce } from "../app/announce";
import { loadPreferences, preferences, saveMute, savePreferences } from "../app/preferences";
import { useStore } from "../app/useStore";
import type { ChallengePolicy } from "../net/social";
import { api, type AccountState, type SessionView } from "../net/api";
import { connection } from "../net/connection";

/** /account: a guest claims a username and password; an account changes its password and ends its sessions. */
export function AccountScreen() {
  const [account, setAccount] = useState<AccountState | null>(null);
  const [sessions, setSessions] = useState<SessionView[]>([]);
  const [failed, setFailed] = useState(false);

  const load = async () => {
    const token = connection.token();
    if (!token) return;
    try {
      const [me, list] = await Promise.all([api.account(token), api.sessions(token)]);
      setAccount(me);
      setSessions(list.sessions);
    } catch (error) {
      connection.notice(`Cannot load your account: ${(error as Error).message}`);
      setFailed(true);
    }
  };
  useEffect(() => void load(), []);

  if (failed) return <h1>Your account</h1>;
  if (!account) return <p class="muted" role="status">Loading…</p>;
  return (
    <section class="account" aria-labelledby="account-title">
      <h1 id="account-title">Your account</h1>
      {account.username === null ? (
        <>
          <ClaimCard onClaimed={load} />
          <PreferencesCard />
        </>
      ) : (
        <>
          <div class="card">
            <h2>Signed in</h2>
            <p>
              Username: <strong data-text="account-username">{account.username}</strong>
            </p>
            <p class="muted">Sign in with it on any other device to play as {account.name}, with the same ratings and history.</p>
          </div>
          <PreferencesCard />
          <PasswordCard onChanged={load} />
          <SessionsCard sessions={sessions} onEnded={load} />
        </>
      )}
    </section>
  );
}

/** One text field with its label, for the account's forms; every field of a form is described by the form's error. */
function Field(props: { id: string; label: string; password?: boolean; autocomplete: string; errorId: string; invalid: boolean; hintId?: string; onInput: () => void; inputRef: { current: HTMLInputElement | null } }) {
  const common = {
    ref: props.inputRef,
    id: props.id,
    class: "parlor",
    autocomplete: props.autocomplete,
    autocapitalize: "none" as const,
    spellcheck: false,
    "aria-describedby": [props.hintId, props.errorId].filter(Boolean).join(" "),
    "aria-invalid": props.invalid ? true : undefined,
    onInput: props.onInput,
  };
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.password ? <input type="password" {...common} /> : <input type="text" {...common} />}
    </div>
  );
}

/** The answer to a form, in words, under it: an error (an alert) or what was done (a status). */
function FormAnswer({ id, error, done }: { id: string; error: string; done?: string }) {
  return (
    <>
      <p id={id} class="field-error" role="alert" data-text={id}>
        {error}
      </p>
      {done !== undefined && (
        <p class="good" role="status" data-text={`${id}-done`}>
          {done}
        </p>
      )}
    </>
  );
}

function ClaimCard({ onClaimed }: { onClaimed: () => void }) {
  const username = useRef<HTMLInputElement>(null);
  const password = useRef<HTMLInputElement>(null);
  const confirm = useRef<HTMLInputElement>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const clear = () => error && setError("");

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const user = username.current?.value.trim() ?? "";
    const pass = password.current?.value ?? "";
    if (!user) return setError("Choose a username.");
    if (pass.length < 8) return setError("The password must be at least 8 characters.");
    if (pass !== confirm.current?.value) return setError("The two passwords differ.");
    setBusy(true);
    try {
      const claimed = await api.claim(connection.token() ?? "", user, pass);
      announce(`Account claimed: sign in anywhere as ${claimed.username}.`);
      onClaimed();
    } catch (err) {
      setBusy(false);
      setError((err as Error).message);
    }
  };

  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="claim-title">
      <h2 id="claim-title">Keep your rating on any device: claim your account</h2>
      <p class="muted">Your name, ratings and history stay; you can then sign in with the username and password anywhere.</p>
      <Field id="claim-username" label="Username" autocomplete="username" hintId="claim-username-hint" errorId="claim-error" invalid={!!error} onInput={clear} inputRef={username} />
      <p id="claim-username-hint" class="muted">
        3 to 24 letters, digits, _, . and -, starting with a letter or digit.
      </p>
      <Field id="claim-password" label="Password" password autocomplete="new-password" hintId="claim-password-hint" errorId="claim-error" invalid={!!error} onInput={clear} inputRef={password} />
      <p id="claim-password-hint" class="muted">
        At least 8 characters.
      </p>
      <Field id="claim-confirm" label="Password again" password autocomplete="new-password" errorId="claim-error" invalid={!!error} onInput={clear} inputRef={confirm} />
      <FormAnswer id="claim-error" error={error} />
      <div class="row">
        <button type="submit" class="primary" data-target="btn:claim" disabled={busy}>
          Claim account
        </button>
      </div>
    </form>
  );
}

function PasswordCard({ onChanged }: { onChanged: () => void }) {
  const current = useRef<HTMLInputElement>(null);
  const next = useRef<HTMLInputElement>(null);
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const [busy, setBusy] = useState(false);
  const clear = () => (error && setError(""), done && setDone(""));

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const now = current.current?.value ?? "";
    const fresh = next.current?.value ?? "";
    if (!now) return setError("Type your current password.");
    if (fresh.length < 8) return setError("The new password must be at least 8 characters.");
    setBusy(true);
    try {
      const { endedSessions } = await api.changePassword(connection.token() ?? "", now, fresh);
      if (current.current) current.current.value = "";
      if (next.current) next.current.value = "";
      setDone(`Password changed. ${endedSessions === 0 ? "No other session was signed in." : `${endedSessions} other ${endedSessions === 1 ? "session was" : "sessions were"} signed out.`}`);
      onChanged();
    } catch (err) {
      setError((err as Error).message);
    }
    setBusy(false);
  };

  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="password-title">
      <h2 id="password-title">Change password</h2>
      <Field id="password-current" label="Current password" password autocomplete="current-password" errorId="password-error" invalid={!!error} onInput={clear} inputRef={current} />
      <Field id="password-new" label="New password" password autocomplete="new-password" hintId="password-new-hint" errorId="password-error" invalid={!!error} onInput={clear} inputRef={next} />
      <p id="password-new-hint" class="muted">
        At least 8 characters. Every other device is signed out.
      </p>
      <FormAnswer id="password-error" error={error} done={done} />
      <div class="row">
        <button type="submit" class="primary" data-target="btn:change-password" disabled={busy}>
          Change password
        </button>
      </div>
    </form>
  );
}

const when = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

function SessionsCard({ sessions, onEnded }: { sessions: SessionView[]; onEnded: () => void }) {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const end = async (session: SessionView) => {
    setBusy(true);
    try {
      await api.endSession(connection.token() ?? "", session.sessionId);
      setError("");
      announce(`${session.device || "That device"} is signed out.`);
      onEnded();
    } catch (err) {
      setError((err as Error).message);
    }
    setBusy(false);
  };
  const signOut = async () => {
    setBusy(true);
    try {
      await connection.signOut();
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Where you are signed in</h2>
      <ul class="list sessions" data-text="sessions">
        {sessions.map((s) => {
          const device = s.device || "Unknown device";
          return (
            <li key={s.sessionId} class="session" data-target={`session:${s.sessionId}`}>
              <div>
                <strong>{device}</strong>
                {s.current && <span class="accent"> (this device)</span>}
                <p class="muted">Last seen {when(s.lastSeenAt)}</p>
              </div>
              {!s.current && (
                <button type="button" data-target={`btn:end-session:${s.sessionId}`} aria-label={`Sign out ${device}, last seen ${when(s.lastSeenAt)}`} disabled={busy} onClick={() => void end(s)}>
                  Sign out
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <FormAnswer id="sessions-error" error={error} />
      <div class="row">
        <button type="button" class="danger" data-target="btn:signout" disabled={busy} onClick={() => void signOut()}>
          Sign out of this device
        </button>
      </div>
    </section>
  );
}

const POLICIES: [ChallengePolicy, string][] = [
  ["everyone", "Everyone"],
  ["played", "Only players I have played"],
  ["nobody", "Nobody"],
];

/** Who may challenge me, chat off, and the players I muted (with Unmute): kept on the server, for every device. */
function PreferencesCard() {
  const prefs = useStore(preferences);
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => void loadPreferences(), []);

  const run = async (what: () => Promise<void>, words: string) => {
    setBusy(true);
    try {
      await what();
      setError("");
      setDone(words);
    } catch (err) {
      setDone("");
      setError((err as Error).message);
    }
    setBusy(false);
  };
  if (!prefs) return null;
  return (
    <section class="card prefs" aria-labelledby="prefs-title">
      <h2 id="prefs-title">Challenges and chat</h2>
      <fieldset>
        <legend>Who may challenge you</legend>
        {POLICIES.map(([policy, words]) => (
          <label class="check" key={policy}>
            <input
              type="radio"
              name="challenge-policy"
              value={policy}
              checked={prefs.challenges === policy}
              data-target={`radio:policy:${policy}`}
              onChange={() => run(() => savePreferences({ challenges: policy }), `Saved: ${policy === "nobody" ? "no one may challenge you" : policy === "played" ? "only players you have played may challenge you" : "everyone may challenge you"}.`)}
            />
            {words}
          </label>
        ))}
      </fieldset>
      <label class="check">
        <input
          type="checkbox"
          checked={prefs.chatOff}
          data-target="check:chat-off"
          aria-describedby="chat-off-hint"
          onChange={(e) => {
            const off = (e.target as HTMLInputElement).checked;
            run(() => savePreferences({ chatOff: off }), off ? "Saved: chat is off." : "Saved: chat is on.");
          }}
        />
        Chat off
      </label>
      <p id="chat-off-hint" class="muted">
        With chat off, games show and send only quick phrases (“Good luck”, “Good game”).
      </p>
      <h3>Muted players</h3>
      {prefs.muted.length === 0 ? (
        <p class="muted" data-text="muted-none">
          You have muted no one. Mute an opponent from a game's chat.
        </p>
      ) : (
        <ul class="list sessions" data-text="muted">
          {prefs.muted.map((m) => (
            <li key={m.playerId} class="session" data-target={`muted:${m.playerId}`}>
              <strong>{m.name}</strong>
              <button type="button" data-target={`btn:unmute:${m.playerId}`} aria-label={`Unmute ${m.name}`} disabled={busy} onClick={() => run(() => saveMute(m, false), `${m.name} is no longer muted.`)}>
                Unmute
              </button>
            </li>
          ))}
        </ul>
      )}
      <FormAnswer id="prefs-error" error={error} done={done} />
    </section>
  );
}
