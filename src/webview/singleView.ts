/**
 * One scene: the image fitted to the panel or zoomed (buttons, Ctrl/Cmd + wheel, + and - keys), pixelated
 * from 3× up, its real size, and a details table. Modelled on VS Code's image preview.
 */
import { fitScale, formatPercent, isPixelated, wheelZoom, zoomIn, zoomOut } from '../preview/zoom';
import type { PreviewModel, SceneView, Zoom } from '../preview/protocol';
import { button, h, setMenuContext } from './dom';

export interface SingleActions {
  copyUrl(): void;
  copyMarkdown(): void;
  copyImage(): void;
  openInBrowser(): void;
  savePng(): void;
  insertMarkdown(): void;
}

export interface SingleOptions {
  zoom: Zoom;
  onZoom(zoom: Zoom): void;
  /** Present when the scene was opened from the gallery. */
  onBack?: () => void;
  background: HTMLElement;
  actions: SingleActions;
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

function detailsTable(model: PreviewModel, scene: SceneView): HTMLElement {
  const rows: Array<[string, string]> = [
    ['Room', model.roomLabel === model.room ? model.room : `${model.roomLabel} (${model.room})`],
    ['Path', scene.scenePath],
    ['Requested size', `${model.width} × ${model.height} px`],
    ['Region', model.region],
    ['Bucket', scene.bucket],
    ['Storage region', scene.region],
    ['Key', scene.key],
    ['URL', scene.url],
    ['Time taken', `${formatDuration(model.durationMs)} (${new Date(model.time).toLocaleString()})`],
  ];
  return h(
    'details',
    { class: 'details', open: true },
    h('summary', {}, 'Details'),
    h('table', {}, h('tbody', {}, ...rows.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v))))),
  );
}

export class SingleView {
  readonly el: HTMLElement;
  private readonly stage: HTMLElement;
  private readonly img: HTMLImageElement;
  private readonly zoomLabel: HTMLElement;
  private readonly sizeLabel: HTMLElement;
  private readonly resize: ResizeObserver;
  private natural: { width: number; height: number };
  private zoom: Zoom;
  scale = 1;
  requested = 0;

  constructor(model: PreviewModel, readonly scene: SceneView, private readonly o: SingleOptions) {
    this.zoom = o.zoom;
    this.natural = { width: model.width, height: model.height };
    this.img = h('img', { alt: `Screenshot of ${scene.scenePath}`, draggable: 'false' });
    this.zoomLabel = h('span', { class: 'zoom-level', 'aria-live': 'polite', title: 'Zoom' });
    this.sizeLabel = h('span', { class: 'size', title: 'The image\'s real size' });
    this.stage = h('div', { class: 'stage', tabindex: '0', role: 'region', 'aria-label': `${scene.name}: + and - zoom, 0 fits, 1 shows 1:1` }, this.img);
    setMenuContext(this.stage, { webviewSection: 'scene', sceneUrl: scene.url, preventDefaultContextMenuItems: true });

    const a = o.actions;
    const disabledUnlessHttp = scene.openable ? {} : { disabled: true, title: 'Only http and https URLs' };
    const toolbar = h(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': 'Image' },
      o.onBack ? button('← Gallery', { title: 'Back to the gallery (Escape)', class: 'back' }, () => o.onBack?.()) : null,
      h('h1', { class: 'title', title: scene.scenePath }, scene.name),
      this.sizeLabel,
      h('span', { class: 'spacer' }),
      h(
        'span',
        { class: 'group', role: 'group', 'aria-label': 'Zoom' },
        button('−', { 'aria-label': 'Zoom out', title: 'Zoom out (-)' }, () => this.setZoom(zoomOut(this.scale))),
        this.zoomLabel,
        button('+', { 'aria-label': 'Zoom in', title: 'Zoom in (+)' }, () => this.setZoom(zoomIn(this.scale))),
        button('1:1', { 'aria-label': 'Actual size', title: 'Actual size (1)' }, () => this.setZoom(1)),
        button('Fit', { 'aria-label': 'Fit to panel', title: 'Fit to panel (0)' }, () => this.setZoom('fit')),
      ),
      o.background,
    );
    const actions = h(
      'div',
      { class: 'toolbar actions', role: 'toolbar', 'aria-label': 'Actions' },
      button('Copy URL', {}, () => a.copyUrl()),
      button('Copy Markdown', { title: 'Copy ![scene](url)' }, () => a.copyMarkdown()),
      button('Copy image', { ...disabledUnlessHttp }, () => a.copyImage()),
      button('Open in browser', { ...disabledUnlessHttp }, () => a.openInBrowser()),
      button('Save PNG…', { ...disabledUnlessHttp }, () => a.savePng()),
      button('Insert Markdown', { title: 'Insert ![scene](url) at the cursor of the last text editor' }, () => a.insertMarkdown()),
    );
    this.el = h('section', { class: 'view single', 'aria-label': `Scene ${scene.scenePath}` }, toolbar, actions, this.stage, detailsTable(model, scene));

    if (scene.loadable) {
      this.img.addEventListener('load', () => {
        this.natural = { width: this.img.naturalWidth, height: this.img.naturalHeight };
        this.sizeLabel.textContent = `${this.natural.width} × ${this.natural.height} px`;
        this.stage.classList.add('loaded');
        this.apply();
      });
      this.img.addEventListener('error', () => this.note('The image could not be loaded.'));
      this.img.src = scene.url;
      this.requested = 1;
    } else {
      // An answer we will not load (javascript:, data:, a non-loopback http: host) is shown only as text.
      this.img.hidden = true;
      this.note(scene.openable ? 'Not shown: images are loaded only over https (or loopback http for a local sandbox).' : 'Not shown: the URL is not http or https.');
    }
    this.stage.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.resize = new ResizeObserver(() => this.zoom === 'fit' && this.apply());
    this.resize.observe(this.stage);
    this.apply();
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
    this.zoomLabel.textContent = this.zoom === 'fit' ? `Fit (${formatPercent(this.scale)})` : formatPercent(this.scale);
  }

  private note(text: string): void {
    this.stage.append(h('p', { class: 'note' }, text));
  }

  dispose(): void {
    this.resize.disconnect();
  }
}
