// cove.ui.matplotlib: a box the reader drags over the figure's image becomes the element's value,
// `{x: [x0, x1], y: [y0, y1]}` in data coordinates (a click without a drag sends null: no
// selection). The element's props give the axes' box in figure fractions and their limits
// (py/cove/ui/_charts.py); the image is the whole, uncropped figure.
import { props } from "./values";

export type SendBox = (root: HTMLElement, value: unknown, time: number) => void;

type Point = { fx: number; fy: number };

function fraction(img: HTMLImageElement, e: PointerEvent): Point {
  const r = img.getBoundingClientRect();
  return { fx: (e.clientX - r.left) / r.width, fy: 1 - (e.clientY - r.top) / r.height };
}

function toData(root: HTMLElement, a: Point, b: Point): { x: number[]; y: number[] } | null {
  const p = props(root);
  const [x0, y0, x1, y1] = (p["box"] as number[] | undefined) ?? [0, 0, 1, 1];
  const xlim = (p["xlim"] as number[] | undefined) ?? [0, 1];
  const ylim = (p["ylim"] as number[] | undefined) ?? [0, 1];
  const x = (f: number) => xlim[0]! + ((f - x0!) / (x1! - x0!)) * (xlim[1]! - xlim[0]!);
  const y = (f: number) => ylim[0]! + ((f - y0!) / (y1! - y0!)) * (ylim[1]! - ylim[0]!);
  const xs = [x(a.fx), x(b.fx)].sort((m, n) => m - n);
  const ys = [y(a.fy), y(b.fy)].sort((m, n) => m - n);
  return xs.every(Number.isFinite) && ys.every(Number.isFinite) ? { x: xs, y: ys } : null;
}

/** Listen on `root` for box drags over every matplotlib element's image, now and later. */
export function listenForBoxes(root: Document | HTMLElement, send: SendBox): void {
  root.addEventListener("pointerdown", (down) => {
    const e = down as PointerEvent;
    const img = (e.target as Element | null)?.closest<HTMLImageElement>("img.cove-mpl");
    const el = img?.closest<HTMLElement>('[data-cove-ui="matplotlib"]');
    if (!img || !el || e.button !== 0) return;
    e.preventDefault();
    const start = fraction(img, e);
    const [sx, sy] = [e.clientX, e.clientY];
    const up = (u: PointerEvent) => {
      window.removeEventListener("pointerup", up);
      const moved = Math.abs(u.clientX - sx) + Math.abs(u.clientY - sy) > 3;
      send(el, moved ? toData(el, start, fraction(img, u)) : null, u.timeStamp);
    };
    window.addEventListener("pointerup", up);
  });
}
