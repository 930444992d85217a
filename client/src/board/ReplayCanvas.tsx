import { useEffect, useRef, useState } from "preact/hooks";
import type { ClientGame } from "../games/clientGame";
import type { StoredMatch } from "../net/api";
import type { ReplayScene } from "./ReplayScene";

/** A stored match's board, showing the position after `moves` moves. */
export function ReplayCanvas({ game, match, moves }: { game: ClientGame; match: StoredMatch; moves: number }) {
  const host = useRef<HTMLDivElement>(null);
  const [scene, setScene] = useState<ReplayScene | null>(null);
  useEffect(() => {
    let live = true;
    let unmount: (() => void) | null = null;
    Promise.all([import("./host"), import("./ReplayScene"), game.loadBoard()]).then(async ([{ mountBoard }, { ReplayScene }, module]) => {
      if (!live || !host.current) return;
      const s = new ReplayScene(module, match);
      unmount = mountBoard(host.current, s);
      await s.whenReady();
      if (live) setScene(s);
    });
    return () => {
      live = false;
      unmount?.();
    };
  }, [game, match]);
  useEffect(() => scene?.show(moves), [scene, moves]);
  return (
    <div class="board replay">
      <div class="board-canvas" ref={host} aria-hidden="true" />
      {!scene && (
        <div class="board-loading muted" role="status">
          Loading the board…
        </div>
      )}
    </div>
  );
}
