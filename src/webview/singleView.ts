/**
 * One scene: the image fitted to the panel or zoomed (buttons, Ctrl/Cmd + wheel, + and - keys), pixelated
 * from 3× up, its real size, and a details table. Modelled on VS Code's image preview.
 */
import * as l10n from '@vscode/l10n';
import { blankText, shownText } from './snapshotWords';
import { showsImage, type PageImages } from './images';
import { canZoomIn, canZoomOut, fitScale, formatPercent, isPixelated, wheelZoom, zoomIn, zoomOut } from '../extension/preview/zoom';
import type { PreviewModel, SceneView, Zoom } from '../extension/preview/protocol';
import { button, h, setMenuContext } from './dom';

export interface SingleActions {
  /** Writes this picture over the baseline of the checks target it matches (shown only then: setAcceptable). */
  acceptBaseline(): void;
  copyUrl(): void;
  copyMarkdown(): void;
  copyImage(): void;
  openInBrowser(): void;
  savePng(): void;
  insertMarkdown(): void;
}

export interface SingleOptions {
  images: PageImages;
  zoom: Zoom;
  onZoom(zoom: Zoom): void;
  /** Present when the scene was opened from the gallery. */
  onBack?: () => void;
  background: HTMLElement;
  actions: SingleActions;
  /** The image is decoded and can be painted. */
  onDecoded?: (url: string) => void;
  /** Opens the compare panel for this scene (the previous shot of it, or one picked from history). */
  onCompare?: (other: 'previous' | 'pick') => void;
}

/** A swap's details wait this long at most for its image (a slow bucket): then they show all the same. */
const SWAP_DETAILS_WAIT_MS = 1000;

function formatDuration(ms: number, locale: string): string {
  if (ms < 1000) return l10n.t('{0} ms', Math.round(ms));
  const digits = ms < 10_000 ? 1 : 0;
  return l10n.t('{0} s', (ms / 1000).toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }));
}

function detailsTable(model: PreviewModel, scene: SceneView, locale: string): HTMLElement {
  const rows: Array<[string, string]> = [
    [l10n.t('Room'), model.roomLabel === model.room ? model.room : `${model.roomLabel} (${model.room})`],
    [l10n.t('Path'), scene.scenePath],
    [l10n.t('Requested size'), l10n.t('{0} × {1} px', model.width, model.height)],
    [l10n.t('Region'), model.region],
    [l10n.t('Bucket'), scene.bucket],
    [l10n.t('Storage region'), scene.region],
    [l10n.t('Key'), scene.key],
    [l10n.t('URL'), scene.url],
    [l10n.t('Shown'), shownText(scene, locale)],
    [l10n.t('Time taken'), `${formatDuration(model.durationMs, locale)} (${new Date(model.time).toLocaleString(locale)})`],
  ];
  return h(
    'details',
    { class: 'details', open: true },
    h('summary', {}, l10n.t('Details')),
    h('table', {}, h('tbody', {}, ...rows.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v))))),
  );
}

export class SingleView {
  readonly el: HTMLElement;
  private readonly stage: HTMLElement;
  private readonly img: HTMLImageElement;
  private readonly zoomLabel: HTMLElement;
  private readonly zoomInButton: HTMLButtonElement;
  private readonly zoomOutButton: HTMLButtonElement;
  private readonly sizeLabel: HTMLElement;
  private readonly changeLine: HTMLElement;
  private readonly titleEl: HTMLElement;
  private details: HTMLElement;
  private readonly httpButtons: HTMLButtonElement[];
  private readonly resize: ResizeObserver;
  private natural: { width: number; height: number };
  private zoom: Zoom;
  scale = 1;
  requested = 0;

  /** "Changed: 3.2 % of pixels since 10:42" or "Unchanged since 10:42", with a Compare link. */
  private acceptButton!: HTMLButtonElement;

  /** Whether this scene matches a checks target, so Accept as Baseline is offered. */
  setAcceptable(on: boolean): void {
    this.acceptButton.hidden = !on;
  }

  setChange(text: string | undefined): void {
    this.changeText = text;
    this.showChange();
  }

  private changeText: string | undefined;

  /**
   * The change line is about this shot's picture: over the bucket URL once the kept copy was freed or
   * evicted (the next screenshot of the scene overwrote what it shows) it would be false. A shot whose copy
   * is still being kept shows its own picture at the URL, and the line.
   */
  private showChange(): void {
    // Its kept copy removed (freed, evicted), or not given by the host: the picture shown is the bucket's.
    const removed = this.scene.urlReason === 'removed' || (this.scene.kept !== undefined && this.img.dataset.kept === undefined);
    const text = removed ? undefined : this.changeText;
    this.changeLine.hidden = !text;
    this.changeLine.replaceChildren(...(text ? [text, ' ', button(l10n.t('Compare'), { class: 'compare-link' }, () => this.o.onCompare?.('previous'))] : []));
  }

  constructor(model: PreviewModel, public scene: SceneView, locale: string, private readonly o: SingleOptions) {
    this.zoom = o.zoom;
    this.natural = { width: model.width, height: model.height };
    this.img = h('img', { alt: l10n.t('Screenshot of {0}', scene.scenePath), draggable: 'false' });
    this.zoomLabel = h('span', { class: 'zoom-level', 'aria-live': 'polite', title: l10n.t('Zoom') });
    this.sizeLabel = h('span', { class: 'size', title: l10n.t("The image's real size") });
    this.stage = h('div', { class: 'stage', tabindex: '0', role: 'region', 'aria-label': l10n.t('{0}: + and - zoom, 0 fits, 1 shows 1:1', scene.name) }, this.img);
    setMenuContext(this.stage, { webviewSection: 'scene', sceneUrl: scene.url, preventDefaultContextMenuItems: true });

    this.zoomOutButton = button('−', { 'aria-label': l10n.t('Zoom out'), title: l10n.t('Zoom out (-)') }, () => this.setZoom(zoomOut(this.scale)));
    this.zoomInButton = button('+', { 'aria-label': l10n.t('Zoom in'), title: l10n.t('Zoom in (+)') }, () => this.setZoom(zoomIn(this.scale)));
    const a = o.actions;
    const disabledUnlessHttp = scene.openable ? {} : { disabled: true, title: l10n.t('Only http and https URLs') };
    // A kept copy can be copied and saved whatever its URL is.
    const disabledUnlessImage = scene.kept ? {} : disabledUnlessHttp;
    const toolbar = h(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': l10n.t('Image') },
      o.onBack ? button(l10n.t('← Gallery'), { title: l10n.t('Back to the gallery (Escape)'), class: 'back' }, () => o.onBack?.()) : null,
      (this.titleEl = h('h1', { class: 'title', title: scene.scenePath }, scene.name)),
      this.sizeLabel,
      h('span', { class: 'spacer' }),
      h(
        'span',
        { class: 'group', role: 'group', 'aria-label': l10n.t('Zoom') },
        this.zoomOutButton,
        this.zoomLabel,
        this.zoomInButton,
        button('1:1', { 'aria-label': l10n.t('Actual size'), title: l10n.t('Actual size (1)') }, () => this.setZoom(1)),
        button(l10n.t('Fit'), { 'aria-label': l10n.t('Fit to panel'), title: l10n.t('Fit to panel (0)') }, () => this.setZoom('fit')),
      ),
      o.background,
    );
    const actions = h(
      'div',
      { class: 'toolbar actions', role: 'toolbar', 'aria-label': l10n.t('Actions') },
      button(l10n.t('Copy URL'), { class: 'copy-url' }, () => a.copyUrl()),
      button(l10n.t('Copy Markdown'), { title: l10n.t('Copy ![scene](url)') }, () => a.copyMarkdown()),
      // #15: the image buttons are kept to be switched by swap(); Open in browser needs an http(s) URL,
      // Copy image and Save PNG a kept copy or an http(s) URL.
      ...(this.httpButtons = [
        button(l10n.t('Copy image'), { ...disabledUnlessImage }, () => a.copyImage()),
        button(l10n.t('Open in browser'), { ...disabledUnlessHttp }, () => a.openInBrowser()),
        button(l10n.t('Save PNG…'), { ...disabledUnlessImage }, () => a.savePng()),
      ]),
      button(l10n.t('Insert Markdown'), { title: l10n.t('Insert ![scene](url) at the cursor of the last text editor') }, () => a.insertMarkdown()),
      o.onCompare ? button(l10n.t('Compare with Previous'), { class: 'compare-previous' }, () => o.onCompare?.('previous')) : null,
      (this.acceptButton = button(l10n.t('Accept as Baseline'), { class: 'accept-baseline', hidden: true, title: l10n.t("Write this picture over its checks target's baseline") }, () => a.acceptBaseline())),
      o.onCompare ? button(l10n.t('Compare with…'), { class: 'compare-pick', title: l10n.t('Compare with a screenshot picked from the history') }, () => o.onCompare?.('pick')) : null,
    );
    const blank = scene.blank ? h('p', { class: 'blank-note', role: 'note' }, blankText()) : null;
    this.changeLine = h('p', { class: 'change', role: 'status', hidden: true });
    this.el = h('section', { class: 'view single', 'aria-label': l10n.t('Scene {0}', scene.scenePath) }, toolbar, actions, blank, this.changeLine, this.stage, (this.details = detailsTable(model, scene, locale)));

    if (showsImage(scene)) {
      this.img.addEventListener('load', () => {
        // Asked for first: the decode runs beside the layout below, not after it.
        const decoded = this.img.decode();
        const shot = this.shown;
        const url = this.scene.url;
        this.natural = { width: this.img.naturalWidth, height: this.img.naturalHeight };
        this.sizeLabel.textContent = l10n.t('{0} × {1} px', this.natural.width, this.natural.height);
        this.stage.classList.add('loaded');
        // The kept copy may have fallen back to the bucket URL (freed since): the change line follows.
        this.showChange();
        this.apply();
        decoded.then(
          () => {
            // A newer shot's picture was given meanwhile: this decode is not its (they share the URL).
            if (shot !== this.shown) return;
            this.o.onDecoded?.(url);
            // A task of its own: the report above leaves the page first.
            window.setTimeout(() => this.afterSwap(shot), 0);
          },
          () => this.afterSwap(shot), // a load without a decodable frame: the error listener speaks for it
        );
      });
      this.img.addEventListener('error', () => {
        const shot = this.shown;
        this.note(l10n.t('The image could not be loaded.'));
        this.afterSwap(shot);
      });
      o.images.show(this.img, scene, model.entryId);
      this.requested = 1;
    } else {
      // An answer we will not load (javascript:, data:, a non-loopback http: host) is shown only as text.
      this.img.hidden = true;
      this.note(scene.openable ? l10n.t('Not shown: images are loaded only over https (or loopback http for a local sandbox).') : l10n.t('Not shown: the URL is not http or https.'));
    }
    this.stage.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.resize = new ResizeObserver(() => this.zoom === 'fit' && this.apply());
    this.resize.observe(this.stage);
    this.apply();
  }

  /**
   * #15: shows another screenshot of the same scene in this view (a reused panel): the image first, then,
   * once it is decoded (or failed, or SWAP_DETAILS_WAIT_MS went by), the details and `then`. Until then the
   * page stays off the main thread, which in the web workbench also relays a loopback image's request, and
   * the old picture stays on screen with its own details. Only between two loadable scenes (the load
   * listener exists only then). The toolbar's buttons call through `o.actions`, so its methods are
   * replaced for the new URL.
   */
  swap(model: PreviewModel, scene: SceneView, locale: string, zoom: Zoom, actions: SingleActions, then: () => void): void {
    this.scene = scene;
    this.zoom = zoom;
    // What the old picture's compare said is not about the new one; the new one's notes come after. Its
    // notes go now, so that one the new picture brings (it could not be loaded) stays.
    this.setChange(undefined);
    // Whether the new picture matches a checks target comes from the host after it.
    this.setAcceptable(false);
    for (const note of this.stage.querySelectorAll('p.note')) note.remove();
    const shot = ++this.swaps;
    this.o.images.show(this.img, scene, model.entryId, () => (this.shown = shot));
    this.requested++;
    clearTimeout(this.swapTimer);
    this.pendingSwap = {
      shot,
      rest: () => {
        Object.assign(this.o.actions, actions);
        this.titleEl.textContent = scene.name;
        this.titleEl.title = scene.scenePath;
        this.img.alt = l10n.t('Screenshot of {0}', scene.scenePath);
        this.stage.setAttribute('aria-label', l10n.t('{0}: + and - zoom, 0 fits, 1 shows 1:1', scene.name));
        setMenuContext(this.stage, { webviewSection: 'scene', sceneUrl: scene.url, preventDefaultContextMenuItems: true });
        // Both images shown (update() in preview.ts rebuilds otherwise): Open in browser follows the URL,
        // Copy image and Save PNG a kept copy or the URL.
        const [copyImage, openInBrowser, savePng] = this.httpButtons;
        openInBrowser!.disabled = !scene.openable;
        copyImage!.disabled = savePng!.disabled = !(scene.kept || scene.openable);
        const details = detailsTable(model, scene, locale);
        this.details.replaceWith(details);
        this.details = details;
        this.apply();
        then();
      },
    };
    this.swapTimer = window.setTimeout(() => this.afterSwap(), SWAP_DETAILS_WAIT_MS);
  }

  /** Swaps so far; the picture in the img is that of swap `shown` (0: the view's first). */
  private swaps = 0;
  private shown = 0;
  private pendingSwap: { shot: number; rest: () => void } | undefined;
  private swapTimer: number | undefined;

  /** The rest of swap `shot` once its picture is decoded or failed, or of the pending one (its timer). */
  private afterSwap(shot?: number): void {
    const pending = this.pendingSwap;
    if (!pending || (shot !== undefined && shot !== pending.shot)) return;
    clearTimeout(this.swapTimer);
    this.pendingSwap = undefined;
    pending.rest();
  }

  get sizeText(): string {
    return this.sizeLabel.textContent ?? '';
  }

  get pixelated(): boolean {
    return this.img.classList.contains('pixelated');
  }

  focus(): void {
    this.stage.focus({ preventScroll: true });
  }

  /** Shortcuts of the single view; true when the key was used. */
  handleKey(e: KeyboardEvent): boolean {
    if (e.altKey || e.ctrlKey || e.metaKey) return false;
    switch (e.key) {
      case '+':
      case '=':
        this.setZoom(zoomIn(this.scale));
        return true;
      case '-':
      case '_':
        this.setZoom(zoomOut(this.scale));
        return true;
      case '0':
        this.setZoom('fit');
        return true;
      case '1':
        this.setZoom(1);
        return true;
      case 'Escape':
      case 'Backspace':
        if (!this.o.onBack) return false;
        this.o.onBack();
        return true;
      default:
        return false;
    }
  }

  setZoom(zoom: Zoom, anchor?: { x: number; y: number }): void {
    const before = this.scale;
    // Keep the point under the cursor (or the centre) where it is.
    const box = this.stage.getBoundingClientRect();
    const ax = anchor ? anchor.x - box.left : box.width / 2;
    const ay = anchor ? anchor.y - box.top : box.height / 2;
    const cx = this.stage.scrollLeft + ax;
    const cy = this.stage.scrollTop + ay;
    this.zoom = zoom;
    this.apply();
    const ratio = this.scale / before;
    this.stage.scrollLeft = cx * ratio - ax;
    this.stage.scrollTop = cy * ratio - ay;
    this.o.onZoom(zoom);
  }

  private onWheel(e: WheelEvent): void {
    if (!(e.ctrlKey || e.metaKey)) return;
    e.preventDefault();
    this.setZoom(wheelZoom(this.scale, e.deltaY), { x: e.clientX, y: e.clientY });
  }

  private apply(): void {
    const box = { width: this.stage.clientWidth - 16, height: this.stage.clientHeight - 16 };
    this.scale = this.zoom === 'fit' ? fitScale(this.natural, box) : this.zoom;
    this.img.style.width = `${Math.max(1, Math.round(this.natural.width * this.scale))}px`;
    this.img.style.height = `${Math.max(1, Math.round(this.natural.height * this.scale))}px`;
    this.img.classList.toggle('pixelated', isPixelated(this.scale));
    this.stage.classList.toggle('fit', this.zoom === 'fit');
    this.zoomLabel.textContent = this.zoom === 'fit' ? l10n.t('Fit ({0})', formatPercent(this.scale)) : formatPercent(this.scale);
    this.zoomInButton.disabled = !canZoomIn(this.scale);
    this.zoomOutButton.disabled = !canZoomOut(this.scale);
  }

  private note(text: string): void {
    this.stage.append(h('p', { class: 'note' }, text));
  }

  dispose(): void {
    clearTimeout(this.swapTimer);
    this.pendingSwap = undefined;
    this.resize.disconnect();
  }
}
