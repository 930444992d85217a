import { useState } from "preact/hooks";
import { notificationsWanted, setNotificationsWanted } from "../feedback/notify";
import { setSoundsMuted, soundsMuted } from "../feedback/sounds";

/** Sound on or off, and browser notifications (opt-in), both remembered in this browser. */
export function Toggles() {
  const [muted, setMuted] = useState(soundsMuted());
  const [notify, setNotify] = useState(notificationsWanted());
  return (
    <div class="toggles">
      <button
        type="button"
        data-target="btn:mute"
        title={muted ? "Sounds are off: turn them on" : "Sounds are on: turn them off"}
        onClick={() => {
          setSoundsMuted(!muted);
          setMuted(!muted);
        }}
      >
        {muted ? "Sound off" : "Sound on"}
      </button>
      <button
        type="button"
        data-target="btn:notify"
        title={notify ? "Notifications when a match is found or it is your turn, while this tab is hidden: on" : "Notify me when a match is found or it is my turn, while this tab is hidden"}
        onClick={async () => setNotify(await setNotificationsWanted(!notify))}
      >
        {notify ? "Alerts on" : "Alerts off"}
      </button>
    </div>
  );
}
