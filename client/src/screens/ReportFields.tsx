import type { Ref } from "preact";
import { REPORT_NOTE_MAX_CHARS, type ReportReason } from "../net/social";

/** The reasons a report can give, in words. */
export const REPORT_REASON_WORDS: Record<ReportReason, string> = {
  abuse: "Abuse or hate",
  spam: "Spam",
  cheating: "Cheating",
  name: "Offensive name",
  other: "Something else",
};

/**
 * Why and a note: the fields every report form has (a chat line's or the opponent's in a game, a player's on their
 * profile). Ids start with `prefix`; the note is described by `${prefix}-error`, where the form says its answer.
 */
export function ReportFields({ prefix, reason, onReason, note, onNote, reasonRef }: {
  prefix: string;
  reason: ReportReason;
  onReason: (reason: ReportReason) => void;
  note: string;
  onNote: (note: string) => void;
  reasonRef?: Ref<HTMLSelectElement>;
}) {
  return (
    <>
      <div class="field">
        <label for={`${prefix}-reason`}>Why</label>
        <select id={`${prefix}-reason`} ref={reasonRef} class="parlor" value={reason} data-target={`${prefix}:reason`} onChange={(e) => onReason((e.target as HTMLSelectElement).value as ReportReason)}>
          {(Object.keys(REPORT_REASON_WORDS) as ReportReason[]).map((r) => (
            <option key={r} value={r}>
              {REPORT_REASON_WORDS[r]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`${prefix}-note`}>Anything to add (optional)</label>
        <textarea id={`${prefix}-note`} class="parlor" rows={2} maxLength={REPORT_NOTE_MAX_CHARS} value={note} onInput={(e) => onNote((e.target as HTMLTextAreaElement).value)} aria-describedby={`${prefix}-error`} />
      </div>
    </>
  );
}
