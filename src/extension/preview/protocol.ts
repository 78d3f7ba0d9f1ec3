/**
 * The typed message protocol between the preview's host (src/extension/preview) and its page (src/webview).
 * Pure data: imported by both bundles, so no `vscode`, no DOM, no Node.
 *
 * Flow: the page posts `ready`; the host answers `init` with the model. Either side may then send a
 * `request` with an id; the other side answers with a `response` of the same id. The page also pushes
 * `state` (what it shows, for palette commands) and `rendered` (first paint of a model).
 */
import type { HistoryEntry } from '../history/historyEntries';

export const VIEW_TYPE = 'sceneSnap.preview';

/** Ids of the checks' galleries' entries (Run Checks): never in the history, not restored after a reload. */
export const CHECKS_ENTRY_PREFIX = 'checks:';

export const BACKGROUNDS = ['checkerboard', 'theme', 'light', 'dark'] as const;
export type Background = (typeof BACKGROUNDS)[number];

/** A checks target's verdict (src/core/checks/verdict.ts's Verdict; the page's bundle cannot reach Node's modules). */
export type CheckVerdict = 'matched' | 'changed' | 'sizeChanged' | 'new' | 'missing' | 'blank' | 'failed';

/** How a scene of a directory compares with the directory's last shot. */
export type SceneBadge =
  | { status: 'changed'; ratio: number }
  | { status: 'new' | 'unchanged' }
  /** Kept in both shots but not compared (its kept file vanished, or the comparison failed: `reason`). */
  | { status: 'failed'; reason?: string }
  /**
   * A target of Run Checks against its baseline (the checks' gallery): its verdict and its words (the
   * host's, src/extension/checks/verdictWords.ts), the changed ratio, and what its tile offers: Compare with Baseline, Accept as Baseline (or that it was accepted).
   */
  | { status: 'check'; verdict: CheckVerdict; label: string; ratio?: number; reason?: string; compare?: true; accept?: true; accepted?: true };

/** The checks' gallery's bar: what the run found, and how many changed targets Accept All Changed writes. */
export interface ChecksBar {
  summary: string;
  changed: number;
}

/** One scene as the page shows it. Everything here is data from the API: the page treats it as text. */
export interface SceneView {
  name: string;
  scenePath: string;
  url: string;
  key: string;
  bucket: string;
  region: string;
  /** http(s): may be opened in a browser. */
  openable: boolean;
  /** The page's CSP lets it load this URL as an image (https:, or loopback http: for a local sandbox). */
  loadable: boolean;
  /** The PNG kept when the screenshot was taken (src/core/snapshots/): shown instead of the URL, its bytes asked of the host (keptImage). */
  kept?: { hash: string; width: number; height: number; at: number };
  /** Why the URL is shown instead: no copy kept (yet, or by an older version), the copy removed, or the download failed. */
  urlReason?: 'notKept' | 'removed' | 'failed';
  /** With urlReason 'failed': why, as worded when it happened ("The bucket answered 403: is it public-read?"). */
  failure?: string;
  /** The kept picture is one colour. */
  blank?: boolean;
}

/** What the page needs of a history entry (the requested scene or directory path, size, region, time). */
export interface PreviewModel extends Pick<HistoryEntry, 'kind' | 'room' | 'path' | 'width' | 'height' | 'region' | 'time' | 'durationMs' | 'snapshots' | 'pinned' | 'omitted' | 'groups' | 'subScenes'> {
  entryId: string;
  roomLabel: string;
  scenes: SceneView[];
}

/** `fit`, or a scale factor (1 = one image pixel per CSS pixel). */
export type Zoom = 'fit' | number;

/** What the page shows and how: saved with setState, so a reload or a hidden tab comes back the same. */
export interface ViewState {
  view: 'gallery' | 'single';
  /** The scene of the single view (an index into the model's scenes), -1 when none. */
  index: number;
  zoom: Zoom;
  background: Background;
  filter: string;
  galleryScroll: number;
  /** The gallery's "Changed only" box is ticked (absent when not): kept when the page is rebuilt. */
  changedOnly?: true;
}

/** The page's setState value: the view plus the entry, so the serializer can restore without history. */
export interface SavedState extends ViewState {
  entry: HistoryEntry;
}

/** Facts about the page's DOM, read by the page itself: lets tests assert on the real DOM. */
export interface PageSnapshot {
  view: 'gallery' | 'single';
  state: ViewState;
  /** Every <img> in the document with its src attribute ('' when not loaded yet). */
  /** `kept`: the hash of the kept copy an image shows (its src is then a blob: URL). */
  images: Array<{ src: string; alt: string; kept?: string }>;
  /** Elements that carry an inline on* handler attribute (must be 0). */
  inlineHandlers: number;
  /** <script> elements in the document: the src of each, or `inline:` and its text (VS Code injects its API). */
  scripts: string[];
  /** The page's visible text. */
  text: string;
  buttons: Array<{ label: string; disabled: boolean }>;
  /** The single view's "W × H" text, '' in the gallery. */
  sizeText: string;
  /** Gallery tiles currently shown by the filter. */
  visibleTiles: number;
  /** Gallery tile elements in the DOM (the gallery renders only those around the viewport). */
  tileElements: number;
  /** Elements in the document. */
  domNodes: number;
  /** The page's JS heap in use (Chromium's performance.memory), 0 where the browser does not say. */
  heapBytes: number;
  /** Thumbnails whose src the page has set so far. */
  imagesRequested: number;
  /** The gallery scroller's scrollTop. */
  galleryScroll: number;
  /** Whether the image is drawn with pixelated rendering. */
  pixelated: boolean;
  /** The effective zoom factor of the single view (fit resolved). */
  scale: number;
  /** The computed background colour of the body: follows the theme. */
  bodyBackground: string;
  /** The computed background colour behind the image (the stage, or the first thumbnail). */
  imageBackground: string;
  /** When this document started (performance.timeOrigin): the same across updates unless the page reloaded. */
  pageOrigin: number;
  /** The gallery: tiles per row, the scene index of the focused tile, and whether it is wholly on screen. */
  galleryColumns: number;
  focusedTile?: number;
  focusedTileInView: boolean;
  /** The scene index of the one tile in the tab order (tabindex 0). */
  tabStopTile?: number;
  /** The gallery's tiles at least partly on screen, by scene name, in order. */
  tilesOnScreen: string[];
  /** Those wholly on screen. */
  tilesWhollyOnScreen: string[];
  /** A whole room's directory headers in the DOM: px of empty space above each (from the element before it, or the grid's top) and below (to the next). */
  headerSpacing?: Array<{ directory: string; above: number; below?: number }>;
  /** Thumbnails by state: loading (asked, not there yet), loaded, broken (could not load). */
  thumbStates: { loading: number; loaded: number; broken: number };
}

/** Methods the page may call on the host. A URL names one of this panel's scenes. */
export type HostMethods = {
  copyUrl: { params: { url: string }; result: void };
  copyAllUrls: { params: Record<string, never>; result: void };
  /** No url: every scene (the gallery). */
  copyMarkdown: { params: { url?: string }; result: void };
  /** The PNG's bytes, downloaded by the host (a cross-origin <img> would taint a canvas). */
  imageBytes: { params: { url: string }; result: Uint8Array };
  /**
   * The kept PNG's bytes (checked against its hash), which the page shows through a blob: URL. Not a
   * webview resource: a panel closed while such resources load leaves the web workbench's resource
   * loading stuck, and the next webview page then waits 30 s for its own script.
   */
  keptImage: { params: { url: string; hash: string }; result: Uint8Array };
  openInBrowser: { params: { url: string }; result: boolean };
  /** Resolves to the saved file's path, or undefined when the user cancelled. */
  savePng: { params: { url: string }; result: string | undefined };
  insertMarkdown: { params: { url?: string }; result: boolean };
  /** Opens the compare panel for this scene: with the previous shot of it, one picked from history, or (a check's tile) its baseline. */
  compare: { params: { url: string; with: 'previous' | 'pick' | 'baseline' }; result: void };
  /** Writes this picture over its checks target's baseline (the checks' gallery, or a preview whose room and scene match a target). */
  acceptBaseline: { params: { url: string }; result: boolean };
  /** The checks' gallery: every changed target's picture over its baseline. */
  acceptAllChanged: { params: Record<string, never>; result: boolean };
  /** #22: every scene of this directory's room, from its gallery's note on what the directory left out. */
  shootRoom: { params: Record<string, never>; result: void };
};

/** Methods the host may call on the page. */
export type PageMethods = {
  snapshot: { params: Record<string, never>; result: PageSnapshot };
  /** Puts a PNG on the clipboard from inside the page. */
  writeImage: { params: { url: string; bytes: Uint8Array }; result: { bytes: number } };
  /** Test hook: clicks the first element matching the selector; false when there is none. */
  click: { params: { selector: string }; result: boolean };
  /** Test hook: scrolls the gallery to `top` (clamped) and renders its tiles there; the scrollTop it got. */
  scrollGallery: { params: { top: number }; result: number };
  /** Test hook: focuses the gallery tile of a scene index (rendering it first); false when it is not shown. */
  focusTile: { params: { index: number }; result: boolean };
  /** Test hook: a keydown of `key` on the focused element, as the keyboard sends it. */
  press: { params: { key: string }; result: void };
};

export type MethodMap = Record<string, { params: unknown; result: unknown }>;

/** One member per method, so narrowing on `method` narrows `params`. */
export type RequestMessage<M extends MethodMap = MethodMap> = {
  [K in keyof M & string]: { type: 'request'; id: number; method: K; params: M[K]['params'] };
}[keyof M & string];

export type ResponseMessage =
  | { type: 'response'; id: number; ok: true; result?: unknown }
  | { type: 'response'; id: number; ok: false; error: string };

export interface RenderedInfo {
  /** ms from the page's navigation start to the first frame painted with this model. */
  firstPaintMs: number;
  /** ms from the page receiving `init` to that frame: our own rendering, without the webview's start. */
  renderMs: number;
  /** Images whose src the page had set by then. */
  imagesRequested: number;
  tiles: number;
}

export type PageToHost =
  | { type: 'ready' }
  | { type: 'state'; state: ViewState; current: string | null }
  | ({ type: 'rendered' } & RenderedInfo)
  /** The single view's image is decoded and can be painted (the benchmark times a preview to this). */
  | { type: 'imageDecoded'; url: string }
  | RequestMessage<HostMethods>
  | ResponseMessage;

export type HostToPage =
  /**
   * `bundle` is vscode.l10n.bundle (absent in English): the page words itself with @vscode/l10n from the
   * same translation as the host. `locale` (vscode.env.language) is for numbers and dates. `testHooks`
   * only when VS Code runs the extension for tests: the page then answers `snapshot`.
   */
  | { type: 'init'; model: PreviewModel; state?: ViewState; locale: string; bundle?: Record<string, string>; testHooks?: true }
  /** What changed since the scene's previous shot ("Changed: 3.2 % of pixels since 10:42"), per URL; after `init`. */
  | { type: 'changes'; notes: Record<string, string> }
  /** A scene directory against its last shot: per URL changed (ratio 0–1), new or unchanged; `gone` counts the scenes no longer there. */
  | { type: 'badges'; badges: Record<string, SceneBadge>; gone: number; since: number; checks?: ChecksBar }
  /** The scenes (by URL) whose room, scene and size match a target of the workspace's checks: they offer Accept as Baseline. */
  | { type: 'baselines'; urls: string[] }
  /**
   * #15: a new screenshot for the page that already has its words and settings (a reused panel): the
   * single view swaps its image and details in place; anything else the page rebuilds as for `init`.
   */
  | { type: 'update'; model: PreviewModel }
  | RequestMessage<PageMethods>
  | ResponseMessage;

export const HOST_METHODS: ReadonlyArray<keyof HostMethods> = [
  'copyUrl', 'copyAllUrls', 'copyMarkdown', 'imageBytes', 'keptImage', 'openInBrowser', 'savePng', 'insertMarkdown', 'compare', 'shootRoom', 'acceptBaseline', 'acceptAllChanged',
];

export function defaultViewState(model: Pick<PreviewModel, 'kind' | 'scenes'>): ViewState {
  const single = model.kind === 'scene';
  return { view: single ? 'single' : 'gallery', index: single && model.scenes.length > 0 ? 0 : -1, zoom: 'fit', background: 'checkerboard', filter: '', galleryScroll: 0 };
}
