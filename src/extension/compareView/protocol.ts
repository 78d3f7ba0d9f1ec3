/**
 * The messages between the compare panel's host (src/extension/compareView) and its page (src/webview/compare.ts).
 * Pure data: no `vscode`, no DOM, no Node. The same shape as the preview's: `ready` → `init`, then
 * requests with ids over the shared Rpc (src/extension/preview/rpc.ts).
 */
import type { CompareResult } from '../../core/images/types';
import type { RequestMessage, ResponseMessage } from '../preview/protocol';

export const COMPARE_VIEW_TYPE = 'sceneSnap.compare';

export const MODES = ['side', 'swipe', 'onion', 'diff'] as const;
export type Mode = (typeof MODES)[number];

/** One of the two images: what it is (text for the page) and where the page loads it from. */
export interface CompareSide {
  entryId: string;
  roomLabel: string;
  scenePath: string;
  /** When the screenshot was taken, epoch ms. */
  time: number;
  width: number;
  height: number;
  /**
   * The kept PNG's bytes, checked against its hash; the page shows them through a blob: URL. Not a
   * webview resource: a panel closed while its images load leaves the web workbench's resource loading
   * stuck, and the next webview page then waits 30 s for its own script (measured: 31 s first paint).
   */
  png: Uint8Array;
}

export interface CompareModel {
  /** Before. */
  a: CompareSide;
  /** After: the newer image, the one the difference mode shows dimmed. */
  b: CompareSide;
  /** `same`: one scene shot twice; otherwise the panel says the two are of another room or path. */
  pair: 'same' | 'otherRoom' | 'otherPath';
  result: CompareResult;
  /** The per-pixel colour tolerance `result` was computed at (0 to 1; the panel starts at 0.1 and the user sets it there). */
  threshold: number;
}

/** What the page keeps with setState, so a hidden and shown panel comes back the same. */
export interface CompareViewState {
  mode: Mode;
  /** The swipe divider, 0 to 100 (% of the width from the left: a on the left, b on the right). */
  divider: number;
  /** Onion skin: the opacity of b over a, 0 to 100. */
  opacity: number;
  /** Which two shots the panel compares: what its serializer opens again after a reload. */
  pair?: { a: CompareSideRef; b: CompareSideRef };
}

/** One side of a compare as the page saves it: a history entry's id and the scene path. */
export interface CompareSideRef {
  entryId: string;
  scenePath: string;
}

function sideRef(value: unknown): CompareSideRef | undefined {
  const v = value as Record<string, unknown> | null;
  if (typeof v !== 'object' || v === null) return undefined;
  const ok = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= 4096;
  return ok(v.entryId) && ok(v.scenePath) ? { entryId: v.entryId, scenePath: v.scenePath } : undefined;
}

export const DEFAULT_COMPARE_STATE: CompareViewState = { mode: 'side', divider: 50, opacity: 50 };

/** Facts about the page's DOM for the integration tests (a test hook, as the preview's snapshot). */
export interface ComparePageSnapshot {
  state: CompareViewState;
  /** The zoom factor of each visible viewport (two in side by side). */
  scales: number[];
  /** scrollLeft/scrollTop of each visible viewport. */
  scrolls: Array<{ left: number; top: number }>;
  /** The difference mask is on screen, and how many changed pixels it drew. */
  maskShown: boolean;
  maskPixels: number;
  /** The swipe divider's left edge relative to the image, in % of its width. */
  dividerLeft: number;
  /** The opacity of the upper image in the onion skin, as computed. */
  topOpacity: number;
  pressed: string[];
  regions: number;
  text: string;
  images: Array<{ src: string; alt: string }>;
  scripts: string[];
  inlineHandlers: number;
  bodyBackground: string;
  /** How many `init` messages this page handled (one per page: the PNGs and the mask travel once). */
  inits: number;
  /** How many resize listeners the page added (one per page, whatever the inits). */
  resizeListeners: number;
  /** The threshold of the result shown (-1 before any). */
  threshold: number;
}

export type ComparePageMethods = {
  snapshot: { params: Record<string, never>; result: ComparePageSnapshot };
  /** Test hook: a key press as the user would make it (dispatched on the document). */
  press: { params: { key: string; shiftKey?: boolean }; result: void };
  /** Test hook: a click on the first element matching the selector. */
  click: { params: { selector: string }; result: boolean };
  /** Test hook: a drag of the swipe divider to `percent` of the image's width. */
  dragDivider: { params: { percent: number }; result: void };
  /** Test hook: the page says `ready` again (as a duplicate would). */
  sendReady: { params: Record<string, never>; result: void };
  /** Test hook: the threshold typed into the panel's field and committed, as the user would. */
  setThreshold: { params: { value: number }; result: void };
  /** Test hook: posts `message` to the host as it is (what a tampered page could send). */
  postRaw: { params: { message: unknown }; result: void };
};

export type CompareHostMethods = Record<string, never>;

export type CompareToHost =
  /** `page`: an id the page makes when it loads, so that the host initialises each page once. */
  | { type: 'ready'; page: string }
  /** The user set the threshold in the panel: compare again at `value` (0 to 1). */
  | { type: 'threshold'; value: number }
  | { type: 'rendered'; firstPaintMs: number; renderMs: number }
  | RequestMessage<CompareHostMethods>
  | ResponseMessage;

export type HostToCompare =
  /** `mask`: one byte per pixel of the union (src/core/images/types.ts MaskValue); `bundle`, `testHooks` as the preview's. */
  | { type: 'init'; model: CompareModel; mask: Uint8Array; locale: string; bundle?: Record<string, string>; testHooks?: true }
  /** A new comparison of the same two images (the threshold changed): numbers, boxes and mask, no PNGs. */
  | { type: 'result'; result: CompareResult; mask: Uint8Array; threshold: number }
  /** The comparison could not be made (the page says why instead of waiting). */
  | { type: 'failed'; message: string }
  | RequestMessage<ComparePageMethods>
  | ResponseMessage;

export function readCompareState(value: unknown): CompareViewState {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const pct = (n: unknown, d: number) => (typeof n === 'number' && Number.isFinite(n) ? Math.min(100, Math.max(0, n)) : d);
  return {
    mode: MODES.includes(v.mode as Mode) ? (v.mode as Mode) : DEFAULT_COMPARE_STATE.mode,
    divider: pct(v.divider, DEFAULT_COMPARE_STATE.divider),
    opacity: pct(v.opacity, DEFAULT_COMPARE_STATE.opacity),
    ...pairOf(v.pair),
  };
}

function pairOf(value: unknown): { pair?: { a: CompareSideRef; b: CompareSideRef } } {
  const v = value as Record<string, unknown> | null;
  if (typeof v !== 'object' || v === null) return {};
  const a = sideRef(v.a);
  const b = sideRef(v.b);
  return a && b ? { pair: { a, b } } : {};
}

/** The page's `ready`: the page id it carries, or undefined when the message is not a valid one. */
export function readReadyPage(raw: Record<string, unknown>): string | undefined {
  return typeof raw.page === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(raw.page) ? raw.page : undefined;
}

/** The page's `threshold` message: the number from 0 to 1 it carries, or undefined (refused) for anything else. */
export function readThresholdMessage(raw: Record<string, unknown>): number | undefined {
  const keys = Object.keys(raw);
  if (keys.length !== 2 || !keys.includes('type') || !keys.includes('value')) return undefined;
  const value = raw.value;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1 ? value : undefined;
}
