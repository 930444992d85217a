import { useEffect, useRef, useState } from "preact/hooks";
import { lineText, reportAnswer, sendReport } from "../app/chat";
import type { PlayerView } from "../app/gameView";
import { useStore } from "../app/useStore";
import type { ChatMessage as ChatLine, ReportReason } from "../net/social";
import { ReportFields } from "./ReportFields";


const short = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Report a chat line the reporter received, or (a player) the opponent: what, why, and a note. The room attaches
 * the line and the few before it; the answer (filed, or a refusal such as REPORT_LIMITED) is said under the form.
 */
export function ChatReportForm({ lines, opponent, onDone }: { lines: ChatLine[]; opponent?: PlayerView; onDone: () => void }) {
  const what = useRef<HTMLSelectElement>(null);
  const [reason, setReason] = useState<ReportReason>("abuse");
  const [note, setNote] = useState("");
  const [sent, setSent] = useState(false);
  const answer = useStore(reportAnswer);
  useEffect(() => what.current?.focus(), []);
  useEffect(() => {
    if (sent && answer?.ok) onDone();
  }, [answer, sent]);

  const newestFirst = [...lines].reverse().slice(0, 30);
  const nothing = !opponent && newestFirst.length === 0;
  const submit = (e: Event) => {
    e.preventDefault();
    const choice = what.current?.value ?? "";
    const extra = note.trim() ? { note: note.trim() } : {};
    if (choice === "opponent") sendReport({ reason, ...extra });
    else {
      const [channel, seq] = choice.split(":");
      sendReport({ channel: channel as ChatLine["channel"], seq: Number(seq), reason, ...extra });
    }
    setSent(true);
  };

  return (
    <form id="chat-report" class="chat-report" onSubmit={submit} aria-labelledby="report-title">
      <h3 id="report-title">Report</h3>
      {nothing ? (
        <p class="muted">There is nothing to report yet.</p>
      ) : (
        <>
          <div class="field">
            <label for="report-what">What</label>
            <select id="report-what" ref={what} class="parlor" data-target="report:what">
              {opponent && <option value="opponent">{opponent.name} (your opponent)</option>}
              {newestFirst.map((l) => (
                <option key={`${l.channel}:${l.seq}`} value={`${l.channel}:${l.seq}`}>
                  {short(`${l.name}: ${lineText(l)}`)}
                </option>
              ))}
            </select>
          </div>
          <ReportFields prefix="report" reason={reason} onReason={setReason} note={note} onNote={setNote} />
        </>
      )}
      <p id="report-error" class="field-error" role="alert" data-text="report-error">
        {sent && answer && !answer.ok ? answer.text : ""}
      </p>
      <div class="row">
        {!nothing && (
          <button type="submit" class="primary" data-target="btn:report-send">
            Send report
          </button>
        )}
        <button type="button" data-target="btn:report-cancel" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
