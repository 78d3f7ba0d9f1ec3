/**
 * The preview page: waits for the host's `init`, then shows one scene or a gallery of a scene directory.
 * Everything from the API is put into the DOM as text (see dom.ts); the page holds no token.
 */
import '../../media/preview.css';
import * as l10n from '@vscode/l10n';
import type { HistoryEntry } from '../extension/history/historyEntries';
import { entryOf } from '../extension/preview/model';
import { BACKGROUNDS, CHECKS_ENTRY_PREFIX, defaultViewState, type Background, type HostToPage, type PageSnapshot, type PreviewModel, type SceneView, type ViewState } from '../extension/preview/protocol';
import { writePng, writePngFromGesture } from './clipboard';
import { h, isTyping } from './dom';
import { Gallery } from './gallery';
import { Host } from './host';
import { PageImages, showsImage } from './images';
import { SingleView } from './singleView';

const app = document.getElementById('app')!;
const status = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });

let model: PreviewModel | undefined;
let state: ViewState | undefined;
/** The UI language of the host's `init` (vscode.env.language), for numbers and dates. */
let locale = 'en';
let gallery: Gallery | undefined;
let single: SingleView | undefined;
let saveTimer = 0;
/** Set by `init` only when the extension runs for tests: the page's state is then readable by the host. */
let testHooks = false;
/** What changed since each scene's previous shot, by URL (the host's `changes`). */
let changes: Record<string, string> = {};
/** The scenes that match a checks target (the host's `baselines`): their single view offers Accept as Baseline. */
let baselines = new Set<string>();

const host = new Host({
  snapshot: async () => {
    if (!testHooks) throw new Error('snapshot is a test hook, off outside tests');
    return snapshot();
  },
  writeImage: async ({ bytes }) => ({ bytes: await writePng(bytes) }),
  click: async ({ selector }) => {
    if (!testHooks) throw new Error('click is a test hook, off outside tests');
    const el = document.querySelector<HTMLElement>(selector);
    el?.click();
    return el !== null;
  },
  scrollGallery: async ({ top }) => {
    if (!testHooks) throw new Error('scrollGallery is a test hook, off outside tests');
    if (!gallery) throw new Error('no gallery');
    return gallery.scrollTo(top);
  },
  focusTile: async ({ index }) => {
    if (!testHooks) throw new Error('focusTile is a test hook, off outside tests');
    return gallery?.focusTile(index) ?? false;
  },
  press: async ({ key }) => {
    if (!testHooks) throw new Error('press is a test hook, off outside tests');
    (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  },
}, init, update);

/** The pictures of the page: kept copies asked of the host as bytes, bucket URLs loaded fresh. */
const images = new PageImages((url, hash) => host.request('keptImage', { url, hash }));

/**
 * The entry saved with the view, made once per model: the model holds at most what the history keeps
 * (toModel), so each save serializes at most ENTRY_MAX_BYTES, and building it is not repeated per scroll.
 */
let saved: { model: PreviewModel; entry: HistoryEntry } | undefined;

function savedEntry(m: PreviewModel): HistoryEntry {
  if (saved?.model !== m) saved = { model: m, entry: entryOf(m) };
  return saved.entry;
}

/** setState, debounced: a scroll would otherwise write the state (up to ENTRY_MAX_BYTES of entry) each frame. */
function saveState(now = false): void {
  if (!model || !state) return;
  const save = (): void => {
    if (!model || !state) return;
    host.setState({ ...state, entry: savedEntry(model) });
    host.post({ type: 'state', state, current: state.view === 'single' ? (model.scenes[state.index]?.url ?? null) : null });
  };
  clearTimeout(saveTimer);
  if (now) save();
  else saveTimer = window.setTimeout(save, 150);
}

function say(text: string, error = false): void {
  status.textContent = text;
  status.classList.toggle('error', error);
}

function failed(what: string, err: unknown): void {
  say(l10n.t('{0} failed: {1}', what, err instanceof Error ? err.message : String(err)), true);
}

/** Runs one action of the host and says how it went. */
async function run<T>(done: string | ((result: T) => string | undefined), work: () => Promise<T>, what: string): Promise<void> {
  try {
    const result = await work();
    const text = typeof done === 'string' ? done : done(result);
    if (text) say(text);
  } catch (err) {
    failed(what, err);
  }
}

function backgroundName(b: Background): string {
  switch (b) {
    case 'checkerboard':
      return l10n.t('Checkerboard');
    case 'theme':
      return l10n.t('Theme');
    case 'light':
      return l10n.t('Light');
    case 'dark':
      return l10n.t('Dark');
  }
}

function backgroundControl(): HTMLElement {
  const select = h('select');
  for (const b of BACKGROUNDS) select.append(h('option', { value: b }, backgroundName(b)));
  select.value = state?.background ?? 'checkerboard';
  select.addEventListener('change', () => setBackground(select.value as Background));
  return h('label', { class: 'background' }, h('span', {}, l10n.t('Background')), select);
}

function setBackground(background: Background): void {
  if (!state) return;
  state.background = background;
  for (const b of BACKGROUNDS) document.body.classList.toggle(`bg-${b}`, b === background);
  for (const select of document.querySelectorAll<HTMLSelectElement>('label.background select')) select.value = background;
  saveState();
}

function sceneActions(scene: SceneView) {
  const url = scene.url;
  return {
    copyUrl: () => void run(l10n.t('Copied the URL'), () => host.request('copyUrl', { url }), l10n.t('Copy URL')),
    copyMarkdown: () => void run(l10n.t('Copied the Markdown'), () => host.request('copyMarkdown', { url }), l10n.t('Copy Markdown')),
    // Started synchronously inside the click, so the browser counts the user's gesture.
    copyImage: () => void run(l10n.t('Copied the image'), () => writePngFromGesture(host.request('imageBytes', { url })), l10n.t('Copy image')),
    openInBrowser: () => void run(l10n.t('Opened in the browser'), () => host.request('openInBrowser', { url }), l10n.t('Open in browser')),
    savePng: () => void run((file: string | undefined) => (file ? l10n.t('Saved {0}', file) : undefined), () => host.request('savePng', { url }), l10n.t('Save PNG')),
    insertMarkdown: () => void run((ok: boolean) => (ok ? l10n.t('Inserted the Markdown') : undefined), () => host.request('insertMarkdown', { url }), l10n.t('Insert Markdown')),
    acceptBaseline: () => void run((ok: boolean) => (ok ? l10n.t('Accepted as the baseline') : undefined), () => host.request('acceptBaseline', { url }), l10n.t('Accept as Baseline')),
  };
}

function openScene(index: number): void {
  if (!model || !state) return;
  const scene = model.scenes[index];
  if (!scene) return;
  if (gallery) {
    state.galleryScroll = gallery.scrollTop;
    gallery.el.hidden = true;
  }
  single?.el.remove();
  single?.dispose();
  single = new SingleView(model, scene, locale, {
    images,
    zoom: state.zoom,
    onZoom: (zoom) => {
      if (state) state.zoom = zoom;
      saveState();
    },
    ...(gallery ? { onBack: () => showGallery() } : {}),
    background: backgroundControl(),
    actions: sceneActions(scene),
    onDecoded: (url) => host.post({ type: 'imageDecoded', url }),
    // A checks' gallery's picture has no history to compare with (its tile's Compare is with its baseline).
    ...(model.entryId.startsWith(CHECKS_ENTRY_PREFIX) ? {} : { onCompare: (other: 'previous' | 'pick') => void run(() => undefined, () => host.request('compare', { url: scene.url, with: other }), l10n.t('Compare')) }),
  });
  single.setChange(changes[scene.url]);
  single.setAcceptable(baselines.has(scene.url));
  app.insertBefore(single.el, status);
  state.view = 'single';
  state.index = index;
  saveState(true);
  single.focus();
}

function showGallery(): void {
  if (!gallery || !state) return;
  const from = state.index;
  single?.el.remove();
  single?.dispose();
  single = undefined;
  state.view = 'gallery';
  state.index = -1;
  gallery.show(state.galleryScroll, from >= 0 ? from : 0);
  saveState(true);
}

function buildGallery(m: PreviewModel, s: ViewState): Gallery {
  return new Gallery(m, locale, {
    images,
    filter: s.filter,
    changedOnly: s.changedOnly === true,
    onOpen: openScene,
    onFilter: (filter) => {
      if (state) state.filter = filter;
      saveState();
    },
    onChangedOnly: (on) => {
      if (!state) return;
      if (on) state.changedOnly = true;
      else delete state.changedOnly;
      // At once (a click, not a keystroke per frame): the host rebuilds the page in the view it last heard.
      saveState(true);
    },
    onScroll: (top) => {
      if (state && state.view === 'gallery') state.galleryScroll = top;
      saveState();
    },
    onCopyAll: () => void run(l10n.t('Copied all URLs'), () => host.request('copyAllUrls', {}), l10n.t('Copy all URLs')),
    onCopyMarkdown: () => void run(l10n.t('Copied the Markdown of every scene'), () => host.request('copyMarkdown', {}), l10n.t('Copy Markdown')),
    onInsertMarkdown: () => void run((ok: boolean) => (ok ? l10n.t('Inserted the Markdown') : undefined), () => host.request('insertMarkdown', {}), l10n.t('Insert Markdown')),
    onShootRoom: () => void run(l10n.t('Screenshots of every scene of the room started'), () => host.request('shootRoom', {}), l10n.t('Screenshot Every Scene of the Room')),
    background: backgroundControl(),
  });
}

/** The view to start with: the host's (restored by the serializer), else this page's own saved one. */
function startState(m: PreviewModel, given: ViewState | undefined): ViewState {
  const saved = host.getState();
  const fallback = { ...defaultViewState(m), ...(saved ? { background: saved.background } : {}) };
  const candidate = given ?? (saved && saved.entry?.id === m.entryId ? saved : undefined);
  if (!candidate || candidate.index >= m.scenes.length || (m.kind === 'scene' && candidate.view !== 'single')) return fallback;
  const { view, index, zoom, background, filter, galleryScroll, changedOnly } = candidate;
  return { view, index: view === 'single' && index < 0 ? 0 : index, zoom, background, filter, galleryScroll, ...(changedOnly ? { changedOnly } : {}) };
}

function init(message: Extract<HostToPage, { type: 'init' }>): void {
  const started = performance.now();
  // The same screenshot again (its snapshots kept since: the host's refresh): the view this page has now is
  // the one to keep. The host's copy of it may be a message behind: a box ticked as the refresh was sent.
  const live = model && state && model.entryId === message.model.entryId ? state : undefined;
  gallery?.dispose();
  single?.dispose();
  gallery = single = undefined;
  images.release();
  model = message.model;
  changes = {};
  baselines = new Set();
  locale = message.locale;
  testHooks = message.testHooks === true;
  document.documentElement.lang = locale;
  state = startState(model, live ?? message.state);
  app.replaceChildren(status);
  app.removeAttribute('aria-busy');
  setBackground(state.background);
  if (model.kind !== 'scene') {
    gallery = buildGallery(model, state);
    app.insertBefore(gallery.el, status);
    gallery.attach(state.galleryScroll);
  }
  if (state.view === 'single') openScene(state.index);
  else gallery?.focusFilter();
  saveState(true);
  reportRendered(model, started);
}

/** Tells the host when `painted` is on screen (init's first paint, or update's swap). */
function reportRendered(painted: PreviewModel, started: number): void {
  let reported = false;
  const report = () => {
    if (reported || model !== painted) return;
    reported = true;
    const now = performance.now();
    host.post({ type: 'rendered', firstPaintMs: now, renderMs: now - started, imagesRequested: requested(), tiles: painted.scenes.length });
  };
  // Two frames: the first lays out and paints; the callback of the second runs after that paint. A page
  // that is not visible gets no frames at all (a panel behind another, a machine under load), so a timer
  // reports it ready all the same rather than never.
  requestAnimationFrame(() => requestAnimationFrame(report));
  setTimeout(report, 500);
}

/**
 * #15: a new screenshot of the scene this page shows. The view starts over as init's would (a new entry:
 * default zoom, the same background), but the single view keeps its DOM and swaps the image and details,
 * so the old picture stays until the new one is decoded. A gallery, or anything else, is rebuilt by init.
 */
function update(message: Extract<HostToPage, { type: 'update' }>): void {
  // "Copied the image" was about the shot shown before: not said over the new one.
  say('');
  const next = message.model;
  const scene = next.scenes[0];
  const swappable = model?.kind === 'scene' && next.kind === 'scene' && next.scenes.length === 1 && single !== undefined && scene !== undefined && single.scene.scenePath === scene.scenePath && showsImage(single.scene) && showsImage(scene) && !single.scene.blank === !scene.blank;
  if (!swappable || !scene || !single) {
    init({ type: 'init', model: next, locale, ...(testHooks ? { testHooks: true as const } : {}) });
    return;
  }
  const started = performance.now();
  model = next;
  changes = {};
  baselines = new Set();
  state = startState(next, undefined);
  // The saved state, the blob: URLs of earlier shots and the report follow the picture (SingleView.swap).
  single.swap(next, scene, locale, state.zoom, sceneActions(scene), () => {
    if (model !== next) return;
    images.release(new Set(scene.kept ? [scene.kept.hash] : []));
    saveState(true);
    reportRendered(next, started);
  });
}

function requested(): number {
  return (gallery?.requested ?? 0) + (single?.requested ?? 0);
}

function colourOf(el: Element | null): string {
  return el ? getComputedStyle(el).backgroundColor : '';
}

function snapshot(): PageSnapshot {
  const all = [...document.querySelectorAll('*')];
  return {
    view: state?.view ?? 'gallery',
    state: state ?? defaultViewState({ kind: 'directory', scenes: [] }),
    images: [...document.images].map((img) => ({ src: img.getAttribute('src') ?? '', alt: img.alt, ...(img.dataset.kept ? { kept: img.dataset.kept } : {}) })),
    inlineHandlers: all.filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).length,
    scripts: [...document.scripts].map((s) => s.getAttribute('src') ?? `inline:${s.text}`),
    text: document.body.innerText,
    buttons: [...document.querySelectorAll('button')].filter((b) => !b.classList.contains('tile')).map((b) => ({ label: b.getAttribute('aria-label') ?? b.textContent ?? '', disabled: b.disabled })),
    sizeText: single?.sizeText ?? '',
    visibleTiles: gallery?.visibleCount() ?? 0,
    tileElements: document.querySelectorAll('.grid .tile').length,
    domNodes: all.length,
    // Chromium's, non-standard: what the bench reports as the page's heap.
    heapBytes: (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0,
    imagesRequested: requested(),
    galleryScroll: gallery?.scrollTop ?? 0,
    pixelated: single?.pixelated ?? false,
    scale: single?.scale ?? 0,
    bodyBackground: getComputedStyle(document.body).backgroundColor,
    imageBackground: colourOf(document.querySelector('.view:not([hidden]) .stage, .view:not([hidden]) .thumb')),
    pageOrigin: performance.timeOrigin,
    ...(gallery ? gallery.testState() : { galleryColumns: 0, focusedTileInView: false, tilesOnScreen: [], tilesWhollyOnScreen: [] }),
    thumbStates: {
      loading: document.querySelectorAll('.thumb.loading').length,
      loaded: document.querySelectorAll('.thumb.loaded').length,
      broken: document.querySelectorAll('.thumb.broken').length,
    },
  };
}

host.onBadges = (message) => {
  const checks = message.checks;
  gallery?.setBadges(message.badges, message.gone, message.since, (url) => void run(() => undefined, () => host.request('compare', { url, with: checks ? 'baseline' : 'previous' }), l10n.t('Compare')), checks && {
    bar: checks,
    onAccept: (url) => void run((ok: boolean) => (ok ? l10n.t('Accepted as the baseline') : undefined), () => host.request('acceptBaseline', { url }), l10n.t('Accept as Baseline')),
    onAcceptAll: () => void run((ok: boolean) => (ok ? l10n.t('Accepted every changed picture') : undefined), () => host.request('acceptAllChanged', {}), l10n.t('Accept All Changed')),
  });
};

host.onBaselines = (urls) => {
  baselines = new Set(urls);
  single?.setAcceptable(baselines.has(single.scene.url));
};

host.onChanges = (notes) => {
  changes = notes;
  if (single) single.setChange(changes[single.scene.url]);
};

document.addEventListener('keydown', (e) => {
  if (isTyping(e.target)) {
    if (e.key === 'Escape' && state?.view === 'single') showGallery();
    return;
  }
  if (single?.handleKey(e)) e.preventDefault();
});

host.ready();
