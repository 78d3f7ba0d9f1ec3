/**
 * The HTML report's stand-in for VS Code (report.html of `scene-snap check`): the compare panel's page
 * (compare.ts) runs unchanged in a browser tab opened from disk, talking to this "host" instead of the
 * extension. It defines `acquireVsCodeApi` before compare.ts loads (report.ts imports this first), answers
 * the page's `ready` with the finding chosen in the list on the left, and shows a finding that has only one
 * image (new, blank without a baseline) itself. Everything comes from the JSON block in the file: no
 * network, no token (the report holds none).
 */
import type { CompareModel, CompareSide, CompareToHost, CompareViewState, HostToCompare } from '../extension/compareView/protocol';
import { REPORT_DATA_ID, type ReportPageData, type ReportPageItem } from '../core/checks/reportPage';
import { pngBlob } from './clipboard';
import { h } from './dom';

const data = JSON.parse(document.getElementById(REPORT_DATA_ID)?.textContent ?? '{"takenAt":0,"items":[]}') as ReportPageData;
/** The compare page keeps its mode, divider and opacity here, so they stay as the user goes from finding to finding. */
let saved: unknown;
let selected = -1;
/** blob: URLs of the one-image view, revoked when another finding is shown. */
let ownUrls: string[] = [];

/**
 * The words of the compare panel, as a translation bundle (its keys are the English strings): the report
 * compares the baseline ("before") with the screenshot ("after").
 */
const WORDS: Record<string, string> = {
  'Before · {0}': 'Expected (baseline)',
  'After · {0}': 'Actual · {0}',
  'Before, {0}': 'Expected (baseline), {0}',
  'After, {0}': 'Actual, {0}',
  'Before: {0}': 'Expected (baseline): {0}',
  'After: {0}': 'Actual: {0}',
  'Swipe: before on the left, after on the right': 'Swipe: expected on the left, actual on the right',
  'Onion skin: after over before': 'Onion skin: actual over expected',
  'Difference: changed pixels over the dimmed after image': 'Difference: changed pixels over the dimmed actual image',
  'Opacity of the after image': 'Opacity of the actual image',
};

function bytes(b64: string): Uint8Array {
  const text = atob(b64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

async function inflate(b64: string): Promise<Uint8Array> {
  const stream = new Blob([bytes(b64) as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return png.length >= 24 ? { width: view.getUint32(16), height: view.getUint32(20) } : { width: 0, height: 0 };
}

function side(item: ReportPageItem, which: 'expected' | 'actual', png: Uint8Array): CompareSide {
  return { entryId: which, roomLabel: item.room, scenePath: item.scene, time: data.takenAt, ...pngSize(png), png };
}

/** Into the compare page, as the extension host's postMessage would arrive (synchronously: the page is ready). */
function toPage(message: HostToCompare): void {
  window.dispatchEvent(new MessageEvent('message', { data: message }));
}

function showOwn(item: ReportPageItem): void {
  for (const url of ownUrls) URL.revokeObjectURL(url);
  ownUrls = [];
  const figure = (caption: string, b64: string | undefined) => {
    if (!b64) return null;
    const url = URL.createObjectURL(pngBlob(bytes(b64)));
    ownUrls.push(url);
    return h('figure', {}, h('figcaption', {}, caption), h('div', { class: 'viewport' }, h('img', { src: url, alt: `${caption}: ${item.name}` })));
  };
  const app = document.getElementById('app')!;
  app.removeAttribute('aria-busy');
  app.replaceChildren(h('div', { class: 'report-own' },
    h('h1', { class: 'title' }, `${item.room} · ${item.scene}`),
    h('div', { class: 'stage side' }, figure('Expected (baseline)', item.expected), figure('Actual', item.actual))));
}

async function select(index: number): Promise<void> {
  const item = data.items[index];
  if (!item) return;
  selected = index;
  for (const b of document.querySelectorAll<HTMLElement>('.report-items [data-index]')) {
    if (b.dataset.index === String(index)) b.setAttribute('aria-current', 'true');
    else b.removeAttribute('aria-current');
  }
  if (!(item.expected && item.actual && item.result && item.mask)) {
    showOwn(item);
    return;
  }
  const mask = await inflate(item.mask);
  if (selected !== index) return; // another finding was chosen meanwhile
  const a = bytes(item.expected);
  const b = bytes(item.actual);
  const model: CompareModel = { a: side(item, 'expected', a), b: side(item, 'actual', b), pair: 'same', result: item.result, threshold: 0 };
  toPage({ type: 'init', model, mask, locale: navigator.language || 'en', bundle: WORDS });
}

const api = {
  postMessage(message: CompareToHost): void {
    // The page says ready once it has loaded: show the first finding. Nothing else needs an answer here
    // (the threshold field is hidden: a report cannot compare again).
    if (message.type !== 'ready' || selected >= 0) return;
    if (data.items.length) void select(0);
    else document.getElementById('app')?.removeAttribute('aria-busy'); // every scene matched: the placeholder says so
  },
  getState: (): unknown => saved,
  setState(state: CompareViewState): void {
    saved = state;
  },
};

(globalThis as unknown as { acquireVsCodeApi: () => typeof api }).acquireVsCodeApi = () => api;

document.addEventListener('click', (e) => {
  const button = (e.target as Element | null)?.closest<HTMLElement>('.report-items [data-index]');
  if (button) void select(Number(button.dataset.index));
});
