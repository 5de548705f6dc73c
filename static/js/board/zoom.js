// Zooming the board's canvas with a CSS transform, and panning it by dragging empty canvas.
// The viewport scrolls; the canvas inside it is scaled from its top left corner.

export const MIN_SCALE = 0.3;
export const MAX_SCALE = 2;
const STEP = 1.25;

// The largest scale, at most 1, at which the whole canvas fits the viewport.
export function fitScale({ contentWidth, contentHeight, viewWidth, viewHeight }) {
  if (!contentWidth || !contentHeight) return 1;
  const scale = Math.min(viewWidth / contentWidth, viewHeight / contentHeight, 1);
  return clampScale(scale);
}

export function clampScale(scale) {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

// One step in or out; steps land on 100 % when they pass it, so "back to normal" is easy.
export function stepScale(scale, direction) {
  const next = direction > 0 ? scale * STEP : scale / STEP;
  if ((scale < 1 && next > 1) || (scale > 1 && next < 1)) return 1;
  return clampScale(next);
}

export class Zoom {
  constructor({ viewport, canvas, level, onChange = () => {} }) {
    this.viewport = viewport;
    this.canvas = canvas;
    this.level = level;
    this.onChange = onChange;
    this.scale = 1;
  }

  // The phone shows one frame at a time at its own size: no transform there.
  get active() {
    return getComputedStyle(this.canvas).display !== "block";
  }

  set(scale) {
    this.scale = clampScale(scale);
    this.canvas.style.transform = this.scale === 1 ? "" : `scale(${this.scale})`;
    this.level.textContent = `${Math.round(this.scale * 100)} %`;
    this.onChange(this.scale);
  }

  fit() {
    this.canvas.style.transform = "";
    this.set(
      fitScale({
        contentWidth: this.canvas.scrollWidth,
        contentHeight: this.canvas.scrollHeight,
        viewWidth: this.viewport.clientWidth,
        viewHeight: this.viewport.clientHeight,
      }),
    );
    this.viewport.scrollTo(0, 0);
  }

  step(direction) {
    this.set(stepScale(this.scale, direction));
  }

  // Dragging empty canvas pans it, as on a whiteboard; notes, frames and controls keep theirs.
  enablePanning(isEmpty) {
    let start = null;
    this.viewport.addEventListener("pointerdown", (event) => {
      if (event.button !== 0 || event.pointerType === "touch" || !isEmpty(event.target)) return;
      start = { x: event.clientX, y: event.clientY, left: this.viewport.scrollLeft, top: this.viewport.scrollTop };
      this.viewport.setPointerCapture(event.pointerId);
      this.viewport.classList.add("board__viewport--panning");
    });
    this.viewport.addEventListener("pointermove", (event) => {
      if (!start) return;
      this.viewport.scrollTo(start.left - (event.clientX - start.x), start.top - (event.clientY - start.y));
    });
    const stop = () => {
      start = null;
      this.viewport.classList.remove("board__viewport--panning");
    };
    this.viewport.addEventListener("pointerup", stop);
    this.viewport.addEventListener("pointercancel", stop);
  }
}
