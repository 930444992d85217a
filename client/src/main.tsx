import { render } from "preact";
import "./app/app.css";
import { App } from "./App";
import { unlockAudio } from "./feedback/sounds";
import { installTestHook } from "./testHook";

// Browsers let a page make sound only after a gesture: the first key or tap anywhere unlocks it.
for (const type of ["pointerdown", "keydown"]) document.addEventListener(type, unlockAudio, { capture: true, passive: true });

const root = document.getElementById("app")!;
const hook = installTestHook();

render(
  <App
    onScreen={(screen) => {
      hook.setScreen(screen);
      // The page's own loading indicator (index.html) stays until the first screen is drawn.
      if (screen !== "boot") document.getElementById("boot-loader")?.remove();
    }}
  />,
  root,
);
