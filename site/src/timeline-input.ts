// How a person drives the timeline: the wheel zooms around the pointer (Shift+wheel or a sideways
// swipe pans), dragging pans, the buttons zoom and fit, and with the timeline focused the keyboard
// does all of it: + and - zoom, 0 fits, Shift+arrows pan, arrows walk from call to call and lane
// to lane with the selected call's details shown (and announced); a click selects a call too.
import type { TimelineView } from "./timeline-view.js";

/** One wheel notch (deltaY ~100) or one + press zooms by this much. */
const ZOOM_STEP = 1.5;
/** Shift+arrow pans this fraction of the visible range. */
const PAN_STEP = 0.2;

export interface TimelineButtons {
  zoomIn: HTMLButtonElement;
  zoomOut: HTMLButtonElement;
  fit: HTMLButtonElement;
}

export function bindTimelineInput(view: TimelineView, box: HTMLElement, buttons: TimelineButtons): void {
  buttons.zoomIn.addEventListener("click", () => view.zoom(1 / ZOOM_STEP));
  buttons.zoomOut.addEventListener("click", () => view.zoom(ZOOM_STEP));
  buttons.fit.addEventListener("click", () => view.fit());

  box.addEventListener(
    "wheel",
    (e) => {
      e.preventDefault(); // the page would scroll instead
      const sideways = e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY);
      const delta = e.deltaMode === WheelEvent.DOM_DELTA_LINE ? 33 : 1;
      if (sideways) view.panPixels(-(e.shiftKey ? e.deltaY || e.deltaX : e.deltaX) * delta);
      else view.zoom(ZOOM_STEP ** ((e.deltaY * delta) / 100), e.clientX);
    },
    { passive: false },
  );

  let drag: { x: number; id: number; moved: number } | undefined;
  box.addEventListener("pointerdown", (e) => {
    if (e.button !== 0) return;
    drag = { x: e.clientX, id: e.pointerId, moved: 0 };
    box.setPointerCapture(e.pointerId);
    box.classList.add("dragging");
  });
  box.addEventListener("pointermove", (e) => {
    if (drag && drag.id === e.pointerId) {
      view.panPixels(e.clientX - drag.x);
      drag.moved += Math.abs(e.clientX - drag.x);
      drag.x = e.clientX;
    } else view.hover(e.target, e.clientX, e.clientY);
  });
  const endDrag = () => {
    drag = undefined;
    box.classList.remove("dragging");
  };
  box.addEventListener("pointerup", (e) => {
    // a click, not a drag: the call under the pointer becomes the selected one (its details stay)
    const click = drag !== undefined && drag.moved < 4;
    endDrag();
    if (click) view.pick(document.elementFromPoint(e.clientX, e.clientY));
  });
  box.addEventListener("pointercancel", endDrag);
  box.addEventListener("pointerleave", () => view.leave());
  box.addEventListener("focusout", () => view.blur());

  box.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return; // Ctrl+Enter (run) and the browser's own keys
    const arrows: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const step = arrows[e.key];
    if (step && e.shiftKey && step[1] === 0) view.pan(step[0] * PAN_STEP);
    else if (step) view.step(...step);
    else if (e.key === "+" || e.key === "=") view.zoom(1 / ZOOM_STEP);
    else if (e.key === "-" || e.key === "_") view.zoom(ZOOM_STEP);
    else if (e.key === "0" || e.key === "Home") view.fit();
    else return;
    e.preventDefault();
  });
}
