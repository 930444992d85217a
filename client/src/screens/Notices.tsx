import { dismissNotice, notices } from "../app/notices";
import { useStore } from "../app/useStore";

/** The screen's notices, in the page's flow above it: they push the screen down and never cover a control. */
export function Notices() {
  const list = useStore(notices);
  if (list.length === 0) return null;
  return (
    <div class="notices">
      {list.map((n) => (
        <div key={n.id} class={`notice ${n.kind}`} role={n.kind === "error" ? "alert" : "status"}>
          <p data-text="notice">{n.text}</p>
          <button type="button" aria-label="Dismiss this notice" onClick={() => dismissNotice(n.id)}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
