import { createContext, useContext, type DragEvent } from 'react';
import { DRAG_MIME, type DragPayload, type DropTarget } from './boardLayout';

export interface BoardDnd {
  /** Starts a drag of a job, a visit or an engineer. */
  begin: (payload: DragPayload, e: DragEvent) => void;
  end: () => void;
  /** What is being dragged now, if anything (drop targets decide whether to accept). */
  current: () => DragPayload | null;
  /** Called by a drop target: the page works out what the drop means and opens the allocation dialog. */
  drop: (target: DropTarget, payload: DragPayload) => void;
}

export const BoardDndContext = createContext<BoardDnd | null>(null);

export function useBoardDnd(): BoardDnd {
  const dnd = useContext(BoardDndContext);
  if (!dnd) throw new Error('useBoardDnd must be used inside the dispatch board.');
  return dnd;
}

/** Sets the drag data (some browsers start no drag without it) and the move cursor. */
export function writeDragData(e: DragEvent, payload: DragPayload): void {
  e.dataTransfer.effectAllowed = 'move';
  e.dataTransfer.setData(DRAG_MIME, JSON.stringify(payload));
  e.dataTransfer.setData('text/plain', payload.kind === 'job' ? payload.jobId : payload.kind === 'visit' ? payload.visitId : payload.engineerId);
}

/** Accepts a drop when `accepts` says so: the browser only fires `drop` after a cancelled `dragover`. */
export function dropHandlers(dnd: BoardDnd, accepts: (p: DragPayload) => boolean, target: (e: DragEvent) => DropTarget | null, onHover?: (on: boolean) => void) {
  return {
    onDragOver: (e: DragEvent) => {
      const p = dnd.current();
      if (!p || !accepts(p)) return;
      e.preventDefault();
      e.stopPropagation();
      e.dataTransfer.dropEffect = 'move';
      onHover?.(true);
    },
    onDragLeave: () => onHover?.(false),
    onDrop: (e: DragEvent) => {
      const p = dnd.current();
      onHover?.(false);
      if (!p || !accepts(p)) return;
      const t = target(e);
      if (!t) return;
      e.preventDefault();
      e.stopPropagation();
      dnd.drop(t, p);
      dnd.end();
    },
  };
}
