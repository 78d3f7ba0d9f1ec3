/**
 * The compare page: two kept snapshots in four modes (side by side, swipe, onion skin, difference), with
 * the changed-pixel count, the changed regions and any size change. Everything from the host is put into
 * the DOM as text (dom.ts); the two images are bytes the host posted (blob: URLs); the page holds no token.
 */
import '../../media/compare.css';
import * as l10n from '@vscode/l10n';
import { MaskValue, type Box } from '../core/images/types';
import { MODES, readCompareState, type CompareModel, type ComparePageMethods, type ComparePageSnapshot, type CompareToHost, type CompareViewState, type HostToCompare, type Mode } from '../extension/compareView/protocol';
import { Rpc, type Handlers } from '../extension/preview/rpc';
import { button, h } from './dom';
import { pngBlob } from './clipboard';

interface VsCodeApi {
  postMessage(message: CompareToHost): void;
  getState(): unknown;
  setState(state: CompareViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const app = document.getElementById('app')!;
/** This page's id, sent with `ready`: the host posts the PNGs and the mask once per page. */
const pageId = `p${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
/** How many inits this page handled and resize listeners it added (the test hook reports both). */
let inits = 0;
let resizeListeners = 0;
let thresholdInput: HTMLInputElement | undefined;
let model: CompareModel | undefined;
let mask: Uint8Array | undefined;
let state: CompareViewState = readCompareState(api.getState());
let locale = 'en';
let testHooks = false;
/** 'fit', or image pixels per CSS pixel; one zoom for every viewport, so side by side stays in step. */
let zoom: 'fit' | number = 'fit';
let maskPixels = 0;
const viewports: HTMLElement[] = [];
let stage: HTMLElement | undefined;
let modeButtons: HTMLButtonElement[] = [];
let zoomLabel: HTMLElement | undefined;
let maskCanvas: HTMLCanvasElement | undefined;
/** blob: URLs of the two PNGs the host posted, made once per init (every mode's images share them). */
let sources: { a: string; b: string } | undefined;

const MIN_ZOOM = 0.05;
const MAX_ZOOM = 32;

function modeName(mode: Mode): string {
  switch (mode) {
    case 'side':
      return l10n.t('Side by side');
    case 'swipe':
      return l10n.t('Swipe');
    case 'onion':
      return l10n.t('Onion skin');
    case 'diff':
      return l10n.t('Difference');
  }
}

function number(n: number, digits = 0): string {
  return n.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function percent(ratio: number): string {
  const p = ratio * 100;
  return number(p, p > 0 && p < 0.1 ? 2 : 1);
}

function time(ms: number): string {
  return new Date(ms).toLocaleString(locale);
}

function save(): void {
  api.setState(state);
}

function fitScale(): number {
  const m = model!;
  const vp = viewports[0];
  if (!vp) return 1;
  const w = vp.clientWidth || 1;
  const h = vp.clientHeight || 1;
  return Math.min(1, w / m.result.width, h / m.result.height);
}

function scale(): number {
  return zoom === 'fit' ? fitScale() : zoom;
}

/** Sizes every canvas of the union to the zoom; the images keep their own size, aligned top left. */
function applyZoom(): void {
  if (!model) return;
  const s = scale();
  const { width, height } = model.result;
  for (const frame of document.querySelectorAll<HTMLElement>('.frame')) {
    frame.style.width = `${width * s}px`;
    frame.style.height = `${height * s}px`;
  }
  for (const img of document.querySelectorAll<HTMLImageElement>('.frame img')) {
    const side = img.dataset.side === 'a' ? model.a : model.b;
    img.style.width = `${side.width * s}px`;
    img.style.height = `${side.height * s}px`;
  }
  document.body.classList.toggle('pixelated', s >= 4);
  if (zoomLabel) zoomLabel.textContent = zoom === 'fit' ? l10n.t('Fit ({0} %)', number(s * 100)) : `${number(s * 100)} %`;
}

function setZoom(next: 'fit' | number, focus?: { x: number; y: number }): void {
  const vp = viewports[0];
  const before = scale();
  zoom = next === 'fit' ? 'fit' : Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, next));
  applyZoom();
  if (!vp) return;
  // Keep the image point at the viewport's centre (or the given point) where it was.
  const after = scale();
  const cx = focus ? focus.x * after - vp.clientWidth / 2 : ((vp.scrollLeft + vp.clientWidth / 2) / before) * after - vp.clientWidth / 2;
  const cy = focus ? focus.y * after - vp.clientHeight / 2 : ((vp.scrollTop + vp.clientHeight / 2) / before) * after - vp.clientHeight / 2;
  scrollAll(Math.max(0, cx), Math.max(0, cy));
}

function scrollAll(left: number, top: number): void {
  for (const vp of viewports) {
    vp.scrollLeft = left;
    vp.scrollTop = top;
  }
}

function zoomToBox(box: Box): void {
  const vp = viewports[0];
  if (!vp) return;
  // The box with a margin around it, never closer than 16 image pixels across.
  const s = Math.min(vp.clientWidth / Math.max(16, box.width * 1.6), vp.clientHeight / Math.max(16, box.height * 1.6));
  setZoom(s, { x: box.x + box.width / 2, y: box.y + box.height / 2 });
}

function frame(...layers: HTMLElement[]): HTMLElement {
  return h('div', { class: 'frame' }, ...layers);
}

function image(side: 'a' | 'b'): HTMLImageElement {
  const s = side === 'a' ? model!.a : model!.b;
  const img = h('img', { src: sources![side], alt: side === 'a' ? l10n.t('Before: {0}', `${s.roomLabel} · ${s.scenePath}`) : l10n.t('After: {0}', `${s.roomLabel} · ${s.scenePath}`), draggable: 'false' });
  img.dataset.side = side;
  return img;
}

function viewport(content: HTMLElement, label: string): HTMLElement {
  const vp = h('div', { class: 'viewport', tabindex: 0, 'aria-label': label }, content);
  // Pan kept in step: whichever viewport scrolls, the others follow.
  vp.addEventListener('scroll', () => {
    for (const other of viewports) {
      if (other === vp) continue;
      if (other.scrollLeft !== vp.scrollLeft) other.scrollLeft = vp.scrollLeft;
      if (other.scrollTop !== vp.scrollTop) other.scrollTop = vp.scrollTop;
    }
  });
  vp.addEventListener('wheel', (e) => {
    if (!e.ctrlKey && !e.metaKey) return;
    e.preventDefault();
    const rect = vp.getBoundingClientRect();
    const s = scale();
    setZoom(s * (e.deltaY < 0 ? 1.25 : 0.8), { x: (vp.scrollLeft + e.clientX - rect.left) / s, y: (vp.scrollTop + e.clientY - rect.top) / s });
  }, { passive: false });
  viewports.push(vp);
  return vp;
}

function drawMask(): HTMLCanvasElement {
  const m = model!;
  const { width, height } = m.result;
  const canvas = h('canvas', { class: 'mask', width, height, 'aria-hidden': 'true' });
  const ctx = canvas.getContext('2d');
  maskPixels = 0;
  if (ctx && mask && mask.length === width * height) {
    const pixels = ctx.createImageData(width, height);
    const d = pixels.data;
    for (let i = 0; i < mask.length; i++) {
      const v = mask[i]!;
      if (v === MaskValue.same) continue;
      const o = i * 4;
      if (v === MaskValue.inOne || v === MaskValue.inNeither) {
        // The extra area of a size change: amber, see-through.
        d[o] = 255; d[o + 1] = 176; d[o + 2] = 0; d[o + 3] = 110;
      } else {
        d[o] = 255; d[o + 1] = 0; d[o + 2] = 90; d[o + 3] = 255;
      }
      if (v & 1) maskPixels++;
    }
    ctx.putImageData(pixels, 0, 0);
  }
  return canvas;
}

function setDivider(percentValue: number): void {
  state.divider = Math.min(100, Math.max(0, Math.round(percentValue * 10) / 10));
  const top = document.querySelector<HTMLElement>('.swipe .top');
  const line = document.querySelector<HTMLElement>('.swipe .divider');
  if (top) top.style.clipPath = `inset(0 0 0 ${state.divider}%)`;
  if (line) {
    line.style.left = `${state.divider}%`;
    line.setAttribute('aria-valuenow', String(state.divider));
  }
  save();
}

function setOpacity(value: number): void {
  state.opacity = Math.min(100, Math.max(0, Math.round(value)));
  const top = document.querySelector<HTMLElement>('.onion .top');
  const slider = document.querySelector<HTMLInputElement>('input.opacity');
  if (top) top.style.opacity = String(state.opacity / 100);
  if (slider && Number(slider.value) !== state.opacity) slider.value = String(state.opacity);
  const label = document.querySelector('.opacity-value');
  if (label) label.textContent = `${state.opacity} %`;
  save();
}

/** The stage of one mode; the scroll position is carried over from the mode before. */
function buildStage(): HTMLElement {
  const m = model!;
  viewports.length = 0;
  maskCanvas = undefined;
  const union = `${m.result.width} × ${m.result.height}`;
  switch (state.mode) {
    case 'side':
      return h('div', { class: 'stage side' },
        h('figure', {}, h('figcaption', {}, l10n.t('Before · {0}', time(m.a.time))), viewport(frame(image('a')), l10n.t('Before, {0}', union))),
        h('figure', {}, h('figcaption', {}, l10n.t('After · {0}', time(m.b.time))), viewport(frame(image('b')), l10n.t('After, {0}', union))));
    case 'swipe': {
      const top = h('div', { class: 'top' }, image('b'));
      const divider = h('div', { class: 'divider', role: 'slider', tabindex: 0, 'aria-label': l10n.t('Swipe divider'), 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': state.divider });
      const f = frame(image('a'), top, divider);
      const drag = (e: PointerEvent) => {
        const rect = f.getBoundingClientRect();
        setDivider(((e.clientX - rect.left) / Math.max(1, rect.width)) * 100);
      };
      divider.addEventListener('pointerdown', (e) => {
        try {
          divider.setPointerCapture(e.pointerId);
        } catch {
          // A pointer the browser does not track (a synthetic one) cannot be captured; the drag works all the same.
        }
        const move = (ev: PointerEvent) => drag(ev);
        const up = () => {
          divider.removeEventListener('pointermove', move);
          divider.removeEventListener('pointerup', up);
        };
        divider.addEventListener('pointermove', move);
        divider.addEventListener('pointerup', up);
      });
      f.addEventListener('click', (e) => {
        if (e.target !== divider) drag(e as PointerEvent);
      });
      // Which side is which, above the picture: before on the left of the divider, after on its right.
      const labels = h('div', { class: 'swipe-labels', 'aria-hidden': 'true' }, h('span', {}, l10n.t('Before · {0}', time(m.a.time))), h('span', {}, l10n.t('After · {0}', time(m.b.time))));
      const el = h('div', { class: 'stage swipe' }, labels, viewport(f, l10n.t('Swipe: before on the left, after on the right')));
      queueMicrotask(() => setDivider(state.divider));
      return el;
    }
    case 'onion': {
      const top = h('div', { class: 'top' }, image('b'));
      const el = h('div', { class: 'stage onion' }, viewport(frame(image('a'), top), l10n.t('Onion skin: after over before')));
      queueMicrotask(() => setOpacity(state.opacity));
      return el;
    }
    case 'diff': {
      maskCanvas = drawMask();
      return h('div', { class: 'stage diff' }, viewport(frame(h('div', { class: 'dimmed' }, image('b')), maskCanvas), l10n.t('Difference: changed pixels over the dimmed after image')));
    }
  }
}

function modeControls(): HTMLElement {
  const row = h('div', { class: 'mode-controls' });
  if (state.mode === 'onion') {
    const slider = h('input', { type: 'range', class: 'opacity', min: 0, max: 100, step: 1, value: state.opacity, 'aria-label': l10n.t('Opacity of the after image') });
    slider.addEventListener('input', () => setOpacity(Number(slider.value)));
    row.append(h('label', {}, h('span', {}, l10n.t('Opacity')), slider, h('span', { class: 'opacity-value' }, `${state.opacity} %`)));
  } else if (state.mode === 'swipe') {
    row.append(h('span', { class: 'hint' }, l10n.t('Drag the divider or press ← and →')));
  } else if (state.mode === 'diff') {
    row.append(h('span', { class: 'legend changed' }, l10n.t('changed')), h('span', { class: 'legend extra' }, l10n.t('only in one image')));
  }
  return row;
}

function setMode(mode: Mode): void {
  if (!model) return;
  const left = viewports[0]?.scrollLeft ?? 0;
  const top = viewports[0]?.scrollTop ?? 0;
  state.mode = mode;
  save();
  const next = buildStage();
  stage?.replaceWith(next);
  stage = next;
  document.querySelector('.mode-controls')?.replaceWith(modeControls());
  for (const b of modeButtons) b.setAttribute('aria-pressed', String(b.dataset.mode === mode));
  applyZoom();
  scrollAll(left, top);
}

function summary(m: CompareModel): HTMLElement {
  const r = m.result;
  const lines: HTMLElement[] = [];
  lines.push(h('p', { class: 'changed' }, r.changedPixels === 0
    ? l10n.t('No pixel changed')
    : l10n.t('Changed: {0} of {1} pixels ({2} %)', number(r.changedPixels), number(r.width * r.height), percent(r.changedRatio))));
  if (r.sizeChanged) {
    lines.push(h('p', { class: 'size-change' }, l10n.t('Size changed: {0} × {1} → {2} × {3}, aligned at the top left; the area only one image covers is marked', m.a.width, m.a.height, m.b.width, m.b.height)));
  }
  if (m.pair !== 'same') {
    lines.push(h('p', { class: 'note' }, m.pair === 'otherRoom'
      ? l10n.t('These are screenshots of different rooms: {0} and {1}', `${m.a.roomLabel} · ${m.a.scenePath}`, `${m.b.roomLabel} · ${m.b.scenePath}`)
      : l10n.t('These are screenshots of different scenes: {0} and {1}', m.a.scenePath, m.b.scenePath)));
  }
  return h('div', { class: 'summary', role: 'status' }, ...lines);
}

function regionsList(m: CompareModel): HTMLElement {
  const boxes = m.result.boxes;
  const list = h('ol', { class: 'regions' });
  boxes.forEach((box, i) => {
    const label = l10n.t('{0} × {1} at {2}, {3}', box.width, box.height, box.x, box.y);
    const b = button(label, { class: 'region', 'data-index': i, title: l10n.t('Zoom to this region') }, () => zoomToBox(box));
    list.append(h('li', {}, b));
  });
  return h('aside', { class: 'side-panel' },
    h('h2', {}, boxes.length === 1 ? l10n.t('1 changed region') : l10n.t('{0} changed regions', boxes.length)),
    boxes.length ? list : h('p', { class: 'none' }, l10n.t('None')));
}

/**
 * The per-pixel colour tolerance the comparison used, and where the user sets another: the host compares
 * again in its worker and sends the new numbers (a 'result' message).
 */
function thresholdControl(threshold: number): HTMLElement {
  const input = h('input', {
    type: 'number', class: 'threshold', min: 0, max: 1, step: 0.01, value: threshold,
    'aria-label': l10n.t('Threshold: the per-pixel colour tolerance, 0 to 1'),
  });
  input.addEventListener('change', () => {
    const value = input.valueAsNumber;
    if (!Number.isFinite(value) || value < 0 || value > 1) {
      input.value = String(model?.threshold ?? threshold);
      return;
    }
    document.querySelector('.summary')?.setAttribute('aria-busy', 'true');
    api.postMessage({ type: 'threshold', value });
  });
  thresholdInput = input;
  return h('label', { class: 'threshold-control', title: l10n.t('Per-pixel colour tolerance: 0 counts any difference, 1 counts none; default 0.1') }, h('span', {}, l10n.t('Threshold')), input);
}

function toolbar(m: CompareModel): HTMLElement {
  modeButtons = MODES.map((mode, i) => {
    const b = button(`${i + 1} ${modeName(mode)}`, { class: 'mode', 'data-mode': mode, 'aria-pressed': String(mode === state.mode), title: l10n.t('{0} (key {1})', modeName(mode), i + 1) }, () => setMode(mode));
    return b;
  });
  zoomLabel = h('span', { class: 'zoom-level' });
  const title = `${m.a.roomLabel} · ${m.a.scenePath} (${time(m.a.time)}) ↔ ${m.b.roomLabel === m.a.roomLabel ? '' : `${m.b.roomLabel} · `}${m.b.scenePath} (${time(m.b.time)})`;
  return h('div', { class: 'toolbar' },
    h('h1', { class: 'title', title }, title),
    h('div', { class: 'group', role: 'group', 'aria-label': l10n.t('Mode') }, ...modeButtons),
    h('span', { class: 'spacer' }),
    thresholdControl(m.threshold),
    h('div', { class: 'group', role: 'group', 'aria-label': l10n.t('Zoom') },
      button('−', { class: 'zoom-out', 'aria-label': l10n.t('Zoom out') }, () => setZoom(scale() / 1.25)),
      zoomLabel,
      button('+', { class: 'zoom-in', 'aria-label': l10n.t('Zoom in') }, () => setZoom(scale() * 1.25)),
      button(l10n.t('Fit'), { class: 'zoom-fit' }, () => setZoom('fit')),
      button('1:1', { class: 'zoom-one' }, () => setZoom(1))));
}

function init(message: Extract<HostToCompare, { type: 'init' }>): void {
  const started = performance.now();
  inits++;
  model = message.model;
  // Saved with the view: after a reload VS Code gives it to the panel's serializer, which opens the pair again.
  state.pair = { a: { entryId: model.a.entryId, scenePath: model.a.scenePath }, b: { entryId: model.b.entryId, scenePath: model.b.scenePath } };
  save();
  if (sources) for (const url of Object.values(sources)) URL.revokeObjectURL(url);
  const blobUrl = (png: Uint8Array) => URL.createObjectURL(pngBlob(png));
  sources = { a: blobUrl(model.a.png), b: blobUrl(model.b.png) };
  mask = message.mask;
  locale = message.locale;
  testHooks = message.testHooks === true;
  document.documentElement.lang = locale;
  stage = buildStage();
  app.replaceChildren(toolbar(model), summary(model), modeControls(), h('div', { class: 'body' }, stage, regionsList(model)));
  app.removeAttribute('aria-busy');
  applyZoom();
  const report = () => api.postMessage({ type: 'rendered', firstPaintMs: performance.now(), renderMs: performance.now() - started });
  let reported = false;
  const once = () => {
    if (reported) return;
    reported = true;
    report();
  };
  requestAnimationFrame(() => requestAnimationFrame(once));
  setTimeout(once, 500);
}

/** A new comparison of the same images (the threshold changed): numbers, regions and mask; mode, zoom and scroll stay. */
function showResult(message: Extract<HostToCompare, { type: 'result' }>): void {
  if (!model) return;
  model = { ...model, result: message.result, threshold: message.threshold };
  mask = message.mask;
  if (thresholdInput && document.activeElement !== thresholdInput) thresholdInput.value = String(message.threshold);
  document.querySelector('.summary')?.replaceWith(summary(model));
  document.querySelector('.side-panel')?.replaceWith(regionsList(model));
  setMode(state.mode);
}

// One listener for the page's life, whatever the inits.
window.addEventListener('resize', () => zoom === 'fit' && applyZoom());
resizeListeners++;

function onKey(e: KeyboardEvent): boolean {
  if (!model) return false;
  const t = e.target;
  if (t instanceof HTMLInputElement && t.type !== 'range') return false;
  if (t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return false;
  const digit = ['1', '2', '3', '4'].indexOf(e.key);
  if (digit >= 0 && !e.ctrlKey && !e.metaKey && !e.altKey) {
    setMode(MODES[digit]!);
    return true;
  }
  if (e.key === '+' || e.key === '=') return setZoom(scale() * 1.25), true;
  if (e.key === '-') return setZoom(scale() / 1.25), true;
  if (e.key === '0') return setZoom('fit'), true;
  const step = e.shiftKey ? 10 : 2;
  if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
    const sign = e.key === 'ArrowLeft' ? -1 : 1;
    if (state.mode === 'swipe') return setDivider(state.divider + sign * step), true;
    if (state.mode === 'onion') {
      // A focused slider moves itself; this covers the keys pressed anywhere else on the page.
      if (t instanceof HTMLInputElement) return false;
      return setOpacity(state.opacity + sign * (e.shiftKey ? 20 : 5)), true;
    }
  }
  return false;
}

document.addEventListener('keydown', (e) => {
  if (onKey(e)) e.preventDefault();
});

function snapshot(): ComparePageSnapshot {
  const all = [...document.querySelectorAll('*')];
  const f = document.querySelector<HTMLElement>('.swipe .frame');
  const line = document.querySelector<HTMLElement>('.swipe .divider');
  const top = document.querySelector<HTMLElement>('.onion .top');
  return {
    state: { ...state },
    scales: viewports.map((vp) => (vp.querySelector<HTMLElement>('.frame')?.getBoundingClientRect().width ?? 0) / (model?.result.width ?? 1)),
    scrolls: viewports.map((vp) => ({ left: vp.scrollLeft, top: vp.scrollTop })),
    maskShown: state.mode === 'diff' && maskCanvas !== undefined && maskCanvas.isConnected && maskCanvas.getBoundingClientRect().width > 0,
    maskPixels: state.mode === 'diff' ? maskPixels : 0,
    dividerLeft: f && line ? ((line.getBoundingClientRect().left - f.getBoundingClientRect().left) / Math.max(1, f.getBoundingClientRect().width)) * 100 : -1,
    topOpacity: top ? Number(getComputedStyle(top).opacity) : -1,
    pressed: modeButtons.filter((b) => b.getAttribute('aria-pressed') === 'true').map((b) => b.dataset.mode ?? ''),
    regions: document.querySelectorAll('.regions .region').length,
    text: document.body.innerText,
    images: [...document.images].map((img) => ({ src: img.getAttribute('src') ?? '', alt: img.alt })),
    scripts: [...document.scripts].map((s) => s.getAttribute('src') ?? `inline:${s.text}`),
    inlineHandlers: all.filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).length,
    bodyBackground: getComputedStyle(document.body).backgroundColor,
    inits,
    resizeListeners,
    threshold: model?.threshold ?? -1,
  };
}

const testOnly = <T>(run: () => T): T => {
  if (!testHooks) throw new Error('a test hook, off outside tests');
  return run();
};

const handlers: Handlers<ComparePageMethods> = {
  snapshot: () => testOnly(snapshot),
  press: ({ key, shiftKey }) => testOnly(() => void (document.activeElement ?? document.body).dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey: shiftKey === true, bubbles: true }))),
  click: ({ selector }) => testOnly(() => {
    const el = document.querySelector<HTMLElement>(selector);
    el?.click();
    return el !== null;
  }),
  dragDivider: ({ percent: p }) => testOnly(() => {
    const line = document.querySelector<HTMLElement>('.swipe .divider');
    const f = document.querySelector<HTMLElement>('.swipe .frame');
    if (!line || !f) throw new Error('not in swipe mode');
    const rect = f.getBoundingClientRect();
    const x = rect.left + (rect.width * p) / 100;
    const y = rect.top + 10;
    line.dispatchEvent(new PointerEvent('pointerdown', { clientX: rect.left + (rect.width * state.divider) / 100, clientY: y, pointerId: 1, bubbles: true }));
    line.dispatchEvent(new PointerEvent('pointermove', { clientX: x, clientY: y, pointerId: 1, bubbles: true }));
    line.dispatchEvent(new PointerEvent('pointerup', { clientX: x, clientY: y, pointerId: 1, bubbles: true }));
  }),
  sendReady: () => testOnly(() => api.postMessage({ type: 'ready', page: pageId })),
  setThreshold: ({ value }) => testOnly(() => {
    if (!thresholdInput) throw new Error('no threshold field');
    thresholdInput.value = String(value);
    thresholdInput.dispatchEvent(new Event('change', { bubbles: true }));
  }),
  postRaw: ({ message }) => testOnly(() => api.postMessage(message as CompareToHost)),
};

const rpc = new Rpc<Record<string, never>, ComparePageMethods>((m) => api.postMessage(m), handlers, {
  noAnswer: (method, seconds) => l10n.t('no answer to {0} within {1} s', method, seconds),
  closed: () => l10n.t('the compare panel was closed'),
});

window.addEventListener('message', (event: MessageEvent<HostToCompare>) => {
  const message = event.data;
  if (typeof message !== 'object' || message === null) return;
  if (message.type === 'init') {
    if (message.bundle) l10n.config({ contents: message.bundle });
    init(message);
  } else if (message.type === 'result') {
    showResult(message);
  } else if (message.type === 'failed') {
    if (model) {
      // A new threshold's comparison failed: said above the images, which stay.
      const summaryEl = document.querySelector('.summary');
      summaryEl?.removeAttribute('aria-busy');
      summaryEl?.append(h('p', { class: 'error', role: 'alert' }, message.message));
    } else {
      app.replaceChildren(h('p', { class: 'error', role: 'alert' }, message.message));
      app.removeAttribute('aria-busy');
    }
  } else if (message.type === 'request') void rpc.handleRequest(message);
  else if (message.type === 'response') rpc.handleResponse(message);
});

api.postMessage({ type: 'ready', page: pageId });
