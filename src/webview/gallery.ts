/**
 * The scene directory view: a filterable grid of tiles. Thumbnails load only when their tile scrolls into
 * view (IntersectionObserver), so a directory of 1,000 scenes requests only what is on screen.
 */
import * as l10n from '@vscode/l10n';
import { blankBadge, blankText } from './snapshotWords';
import { showsImage, type PageImages } from './images';
import { matchesFilter } from '../preview/model';
import type { PreviewModel, SceneBadge } from '../preview/protocol';
import { badgeReason, badgeText } from './snapshotWords';
import { button, h, setMenuContext } from './dom';

export interface GalleryOptions {
  images: PageImages;
  filter: string;
  onOpen(index: number): void;
  onFilter(filter: string): void;
  onScroll(top: number): void;
  onCopyAll(): void;
  onCopyMarkdown(): void;
  onInsertMarkdown(): void;
  /** The background control, shared with the single view. */
  background: HTMLElement;
}

export class Gallery {
  readonly el: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly tiles: HTMLButtonElement[] = [];
  private readonly items: HTMLLIElement[] = [];
  private readonly count: HTMLElement;
  private readonly noMatch: HTMLElement;
  private readonly filterBox: HTMLInputElement;
  private readonly observer: IntersectionObserver;
  private focusIndex = 0;
  requested = 0;
  private badges: Record<string, SceneBadge> | undefined;
  private changedOnly = false;
  private readonly badgeBar: HTMLElement;
  private locale: string;

  private readonly numbers: Intl.NumberFormat;

  constructor(private readonly model: PreviewModel, locale: string, private readonly o: GalleryOptions) {
    this.numbers = new Intl.NumberFormat(locale);
    this.locale = locale;
    this.badgeBar = h('div', { class: 'toolbar badges', hidden: true });
    this.filterBox = h('input', { type: 'search', id: 'filter', placeholder: l10n.t('Filter by name or path'), 'aria-controls': 'tiles', spellcheck: 'false', autocomplete: 'off' });
    this.filterBox.value = o.filter;
    this.count = h('span', { class: 'count', role: 'status', 'aria-live': 'polite' });
    const toolbar = h(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': l10n.t('Gallery') },
      h('label', { for: 'filter', class: 'visually-hidden' }, l10n.t('Filter scenes')),
      this.filterBox,
      this.count,
      h('span', { class: 'spacer' }),
      o.background,
      button(l10n.t('Copy all URLs'), { title: l10n.t("Copy every scene's URL, one per line") }, () => o.onCopyAll()),
      button(l10n.t('Copy Markdown'), { title: l10n.t('Copy ![scene](url) for every scene') }, () => o.onCopyMarkdown()),
      button(l10n.t('Insert Markdown'), { title: l10n.t('Insert ![scene](url) for every scene at the cursor of the last text editor') }, () => o.onInsertMarkdown()),
    );
    const grid = h('ul', { class: 'grid', id: 'tiles', 'aria-label': l10n.t('{0} scenes of {1}', this.numbers.format(model.scenes.length), model.path) });
    grid.style.setProperty('--thumb-ratio', `${model.width} / ${model.height}`);
    // Said in the grid's place when the filter hides every tile, instead of an empty panel.
    this.noMatch = h('p', { class: 'note no-match', role: 'status', hidden: '' });
    this.scroller = h('div', { class: 'scroller' }, grid, this.noMatch);
    // Observed inside the scroller, no margin: a tile's image is requested once the tile is on screen.
    this.observer = new IntersectionObserver((entries) => this.reveal(entries), { root: this.scroller });

    const fragment = document.createDocumentFragment();
    model.scenes.forEach((scene, index) => {
      const img = h('img', { alt: '', decoding: 'async', draggable: 'false' });
      const thumb = h('span', { class: 'thumb' }, img);
      if (scene.blank) thumb.append(h('span', { class: 'thumb-badge blank', title: blankText() }, blankBadge()));
      if (!showsImage(scene)) thumb.append(h('span', { class: 'thumb-note' }, scene.openable ? l10n.t('Not shown: the image host is not allowed') : l10n.t('Not shown: not an http(s) URL')));
      img.addEventListener('error', () => thumb.classList.add('broken'), { once: true });
      img.addEventListener('load', () => thumb.classList.add('loaded'), { once: true });
      const tile = h('button', { type: 'button', class: 'tile', tabindex: '-1', title: scene.scenePath, 'data-index': String(index) }, thumb, h('span', { class: 'name' }, scene.name));
      setMenuContext(tile, { webviewSection: 'scene', sceneUrl: scene.url, preventDefaultContextMenuItems: true });
      tile.addEventListener('click', () => o.onOpen(index));
      tile.addEventListener('focus', () => this.setFocusIndex(index));
      const item = h('li', {}, tile);
      this.tiles.push(tile);
      this.items.push(item);
      fragment.append(item);
    });
    grid.append(fragment);
    grid.addEventListener('keydown', (e) => this.onKey(e));

    this.el = h('section', { class: 'view gallery', 'aria-label': l10n.t('Scene directory {0}', model.path) }, toolbar, this.badgeBar, this.scroller);
    setMenuContext(this.el, { webviewSection: 'gallery' });

    let pending = 0;
    this.filterBox.addEventListener('input', () => {
      // Typing into a 1,000-tile filter must not lag: apply once per frame.
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(() => {
        this.applyFilter();
        o.onFilter(this.filterBox.value);
      });
    });
    this.scroller.addEventListener('scroll', () => o.onScroll(this.scroller.scrollTop), { passive: true });
    this.applyFilter();
  }

  /** Starts observing once in the document (an observer of detached elements sees nothing). */
  attach(scrollTop: number): void {
    this.scroller.scrollTop = scrollTop;
    this.tiles.forEach((tile, i) => {
      const scene = this.model.scenes[i];
      if (scene && showsImage(scene)) this.observer.observe(tile);
    });
  }

  /** Back from the single view: same scroll, focus on the tile that was opened. */
  show(scrollTop: number, focusIndex: number): void {
    this.el.hidden = false;
    this.scroller.scrollTop = scrollTop;
    const tile = this.tiles[focusIndex];
    if (tile && !this.items[focusIndex]?.hidden) {
      this.setFocusIndex(focusIndex);
      tile.focus({ preventScroll: true });
    }
  }

  get scrollTop(): number {
    return this.scroller.scrollTop;
  }

  visibleCount(): number {
    return this.items.reduce((n, item) => n + (item.hidden ? 0 : 1), 0);
  }

  focusFilter(): void {
    this.filterBox.focus();
  }

  private reveal(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      const tile = entry.target as HTMLButtonElement;
      const scene = this.model.scenes[Number(tile.dataset.index)];
      const img = tile.querySelector('img');
      if (scene && showsImage(scene) && img && !img.dataset.asked) {
        img.dataset.asked = 'true';
        this.o.images.show(img, scene, this.model.entryId);
        this.requested++;
      }
      this.observer.unobserve(tile);
    }
  }

  /**
   * The directory against its last shot: each tile badged changed (with its percentage), new or unchanged,
   * a "Changed only" filter, and a Compare button under each changed tile.
   */
  setBadges(badges: Record<string, SceneBadge>, gone: number, since: number, onCompare: (url: string) => void): void {
    this.badges = badges;
    let changed = 0;
    this.model.scenes.forEach((scene, i) => {
      const item = this.items[i]!;
      item.querySelectorAll('.badge, .compare-scene').forEach((el) => el.remove());
      const badge = badges[scene.url];
      if (!badge) return;
      const why = badge.status === 'failed' ? badgeReason(badge) : undefined;
      this.tiles[i]!.querySelector('.thumb')?.append(h('span', { class: `badge ${badge.status}`, ...(why ? { title: why } : {}) }, badgeText(badge, this.locale)));
      if (badge.status === 'changed') {
        changed++;
        item.append(button(l10n.t('Compare'), { class: 'compare-scene', title: l10n.t('Compare with the last shot of this directory') }, () => onCompare(scene.url)));
      }
    });
    const toggle = h('input', { type: 'checkbox', id: 'changed-only' });
    toggle.checked = this.changedOnly;
    toggle.addEventListener('change', () => {
      this.changedOnly = toggle.checked;
      this.applyFilter();
    });
    const time = new Date(since).toLocaleTimeString(this.locale, { hour: '2-digit', minute: '2-digit' });
    this.badgeBar.replaceChildren(
      h('span', { class: 'since' }, l10n.t('Since {0}: {1} changed, {2} gone', time, this.numbers.format(changed), this.numbers.format(gone))),
      h('label', { for: 'changed-only' }, toggle, ' ', l10n.t('Changed only')),
    );
    this.badgeBar.hidden = false;
    this.applyFilter();
  }

  private applyFilter(): void {
    const filter = this.filterBox.value;
    let shown = 0;
    this.model.scenes.forEach((scene, i) => {
      const visible = matchesFilter(scene, filter) && (!this.changedOnly || this.badges?.[scene.url]?.status === 'changed');
      const item = this.items[i]!;
      if (item.hidden === visible) item.hidden = !visible;
      if (visible) shown++;
    });
    const total = this.model.scenes.length;
    const n = (value: number) => this.numbers.format(value);
    this.count.textContent = filter.trim() ? l10n.t('{0} of {1} scenes', n(shown), n(total)) : total === 1 ? l10n.t('1 scene') : l10n.t('{0} scenes', n(total));
    const none = shown === 0 && total > 0;
    this.noMatch.hidden = !none;
    this.noMatch.textContent = none ? l10n.t("No scene matches '{0}'", filter.trim()) : '';
    // Exactly one visible tile stays in the tab order.
    const keep = this.items[this.focusIndex]?.hidden === false ? this.focusIndex : this.items.findIndex((item) => !item.hidden);
    this.setFocusIndex(keep >= 0 ? keep : 0);
  }

  /** Roving tabindex: one tile in the tab order, arrows move between tiles. */
  private setFocusIndex(index: number): void {
    this.tiles[this.focusIndex]?.setAttribute('tabindex', '-1');
    this.focusIndex = index;
    this.tiles[index]?.setAttribute('tabindex', '0');
  }

  private columns(visible: number[]): number {
    const first = this.tiles[visible[0] ?? 0];
    if (!first) return 1;
    const top = first.offsetTop;
    let n = 0;
    for (const i of visible) {
      if (this.tiles[i]!.offsetTop !== top) break;
      n++;
    }
    return Math.max(1, n);
  }

  private onKey(e: KeyboardEvent): void {
    const visible = this.items.flatMap((item, i) => (item.hidden ? [] : [i]));
    const at = visible.indexOf(this.focusIndex);
    if (at < 0) return;
    const step: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: this.columns(visible), ArrowUp: -this.columns(visible), Home: -Infinity, End: Infinity, PageDown: this.columns(visible) * 3, PageUp: -this.columns(visible) * 3 };
    const delta = step[e.key];
    if (delta === undefined) return;
    e.preventDefault();
    const next = visible[Math.max(0, Math.min(visible.length - 1, at + delta))]!;
    this.setFocusIndex(next);
    this.tiles[next]!.focus();
  }

  dispose(): void {
    this.observer.disconnect();
  }
}
