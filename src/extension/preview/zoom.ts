/** Zoom arithmetic of the single view (modelled on VS Code's image preview). Pure: used by the page. */

export const ZOOM_LEVELS: readonly number[] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.5, 2, 3, 5, 7, 10, 15, 20];
export const MIN_SCALE = 0.1;
export const MAX_SCALE = 20;
/** From this factor up, smoothing would blur the pixels people zoom in to see. */
export const PIXELATED_FROM = 3;

export function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

/** The scale as the zoom label reads it (a whole percent): a step must change what it reads. */
const shown = (scale: number) => Math.round(scale * 100);

/** The next level up whose percentage reads otherwise (from "Fit (80 %)" at 0.7996, 90 %, not 80 %). */
export function zoomIn(scale: number): number {
  return ZOOM_LEVELS.find((l) => l > scale + 1e-9 && shown(l) > shown(scale)) ?? MAX_SCALE;
}

export function zoomOut(scale: number): number {
  return [...ZOOM_LEVELS].reverse().find((l) => l < scale - 1e-9 && shown(l) < shown(scale)) ?? MIN_SCALE;
}

/** Whether + (or −) would still change the scale: the buttons are disabled at the limits. */
export function canZoomIn(scale: number): boolean {
  return scale < MAX_SCALE - 1e-9;
}

export function canZoomOut(scale: number): boolean {
  return scale > MIN_SCALE + 1e-9;
}

/** Ctrl/Cmd + wheel: smooth, proportional to the wheel's travel (a trackpad pinch sends small deltas). */
export function wheelZoom(scale: number, deltaY: number): number {
  return clampScale(scale * Math.exp(-Math.max(-100, Math.min(100, deltaY)) / 200));
}

/** Fit: as large as the panel allows, never enlarged beyond 1:1 (a small image stays sharp). */
export function fitScale(natural: { width: number; height: number }, box: { width: number; height: number }): number {
  if (natural.width <= 0 || natural.height <= 0 || box.width <= 0 || box.height <= 0) return 1;
  return Math.min(1, box.width / natural.width, box.height / natural.height);
}

export function isPixelated(scale: number): boolean {
  return scale >= PIXELATED_FROM - 1e-9;
}

export function formatPercent(scale: number): string {
  return `${Math.round(scale * 100)}%`;
}
