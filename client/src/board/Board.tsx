import { useEffect, useRef, useState } from "preact/hooks";
import type { GameView } from "../games/view";
import { BOARD_HEIGHT, BOARD_TOP, BOARD_WIDTH, type BoardControl, type BoardInput, type BoardSceneLike, type ClientGame } from "../games/clientGame";

const pct = (n: number, of: number) => `${(n / of) * 100}%`;

/**
 * A game's live board: the game's Phaser scene draws it (fetched with Phaser on first use), and a button lies over
 * every place that can be played, so the pointer, touch, Tab/arrows/Enter and screen readers all use one path.
 */
export function Board<V extends GameView, Move>({ game, input, onPlay }: { game: ClientGame<V, Move>; input: BoardInput<V>; onPlay: (move: Move) => void }) {
  const host = useRef<HTMLDivElement>(null);
  const [scene, setScene] = useState<BoardSceneLike<V, Move> | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let unmount: (() => void) | null = null;
    let live = true;
    Promise.all([import("./host"), game.loadBoard()]).then(
      async ([{ mountBoard }, board]) => {
        if (!live || !host.current) return;
        const s = board.createScene();
        unmount = mountBoard(host.current, s);
        await s.whenReady();
        if (live) setScene(s);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
      unmount?.();
    };
  }, [game]);

  // The screen re-renders on every clock tick with a new `input` object; the board is drawn again only when what it shows changes.
  useEffect(() => scene?.show(input), [scene, input.view, input.mySeat, input.spectating]);
  // A control pointed at or focused while the board was still loading is previewed once it has loaded.
  const previewed = useRef<Move | null>(null);
  useEffect(() => {
    if (scene && previewed.current !== null) scene.preview(previewed.current);
  }, [scene]);
  const preview = (move: Move | null) => {
    previewed.current = move;
    scene?.preview(move);
  };

  const controls = game.controls(input.view, input.mySeat);
  return (
    <div class="board" data-board={game.name}>
      <div class="board-canvas" ref={host} aria-hidden="true" />
      {!scene && (
        <div class="board-loading muted" role="status">
          {failed ? "The board could not be loaded. Check the connection and refresh." : "Loading the board…"}
        </div>
      )}
      {!input.spectating && controls.length > 0 && <Controls game={game} controls={controls} onPlay={onPlay} onPreview={preview} />}
    </div>
  );
}

function Controls<Move>({ game, controls, onPlay, onPreview }: { game: ClientGame<any, Move>; controls: BoardControl<Move>[]; onPlay: (move: Move) => void; onPreview: (move: Move | null) => void }) {
  const group = useRef<HTMLDivElement>(null);
  const [focus, setFocus] = useState(0);
  const index = Math.min(focus, controls.length - 1);
  // Arrow keys move between the controls as in a grid `gridColumns` wide (one roving Tab stop, as in a toolbar).
  const onKeyDown = (e: KeyboardEvent) => {
    const cols = game.gridColumns;
    const delta = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -cols, ArrowDown: cols }[e.key];
    if (delta === undefined) return;
    e.preventDefault();
    const next = index + delta;
    if (next < 0 || next >= controls.length) return;
    setFocus(next);
    group.current?.querySelectorAll<HTMLButtonElement>("button")[next]?.focus();
  };
  return (
    <div class="board-controls" role="group" aria-label={`${game.title} board`} ref={group} onKeyDown={onKeyDown}>
      {controls.map((c, i) => (
        <button
          type="button"
          key={c.name}
          data-target={c.name}
          aria-label={c.label}
          aria-pressed={c.pressed === undefined ? undefined : c.pressed}
          aria-disabled={!c.enabled}
          tabIndex={i === index ? 0 : -1}
          style={{
            left: pct(c.x - c.width / 2, BOARD_WIDTH),
            top: pct(c.y - c.height / 2 - BOARD_TOP, BOARD_HEIGHT),
            width: pct(c.width, BOARD_WIDTH),
            height: pct(c.height, BOARD_HEIGHT),
          }}
          class={c.enabled ? "playable" : "unplayable"}
          onFocus={() => (setFocus(i), onPreview(c.move))}
          onBlur={() => onPreview(null)}
          onPointerEnter={() => onPreview(c.move)}
          onPointerLeave={() => onPreview(null)}
          onClick={() => onPlay(c.move)}
        >
          {c.caption && <span class="caption">{c.caption}</span>}
        </button>
      ))}
    </div>
  );
}
