/** A player the operator banned (a socket closed with 4403, or BANNED on joining): told plainly, and nothing else. */
export function BannedScreen() {
  return (
    <section class="banned" aria-labelledby="banned-title">
      <h1 id="banned-title">This account is banned</h1>
      <p role="alert" data-text="banned">The operator of this server has banned this account. It can no longer play, watch or chat here.</p>
      <p class="muted">If you think this is a mistake, ask whoever runs this server.</p>
    </section>
  );
}
