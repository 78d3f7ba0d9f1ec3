/**
 * The scene directory view: a filterable grid of tiles. Virtual: only the rows around the viewport are in
 * the DOM (src/extension/preview/galleryWindow.ts decides which), the others stand in as the grid's padding, so a
 * directory of any size has about a screenful of tiles. Thumbnails load only when their tile scrolls into
 * view (IntersectionObserver), so a directory of 1,000 scenes requests only what is on screen.
 */
import * as l10n from '@vscode/l10n';
import { badgeReason, badgeText, blankBadge, blankText } from './snapshotWords';
import { showsImage, type PageImages } from './images';
import { columnsOf, rowsAbove, scrollToShow, tileWindow, variableRows, type Rows } from '../extension/preview/galleryWindow';
import { groupSlots, slotRowHeights, type Slot } from '../extension/preview/galleryGroups';
import { matchesFilter } from '../extension/preview/model';
import { CHECKS_ENTRY_PREFIX, type ChecksBar, type PageSnapshot, type PreviewModel, type SceneBadge } from '../extension/preview/protocol';
import { button, h, setMenuContext } from './dom';

export interface GalleryOptions {
  images: PageImages;
  filter: string;
  /** "Changed only" as the view state has it: applied once the badges come (until then nothing is badged). */
  changedOnly: boolean;
  onOpen(index: number): void;
  onFilter(filter: string): void;
  /** The user ticked or cleared "Changed only": kept with the view, so a rebuilt page keeps it. */
  onChangedOnly(on: boolean): void;
  onScroll(top: number): void;
  onCopyAll(): void;
  onCopyMarkdown(): void;
  onInsertMarkdown(): void;
  /** #22: shoots every scene of the room (a directory's gallery that left sub-directories out offers it). */
  onShootRoom?(): void;
  /** The background control, shared with the single view. */
  background: HTMLElement;
}

/** What the checks' gallery's tiles and bar ask of the host. */
export interface CheckActions {
  onAccept(url: string): void;
  onAcceptAll(): void;
}

/** What "Changed only" (for checks: "Failed only") keeps: a changed scene, a target that did not match. */
function flagged(badge: SceneBadge | undefined): boolean {
  return badge?.status === 'changed' || (badge?.status === 'check' && badge.verdict !== 'matched' && !badge.accepted);
}

/** One tile in the DOM: its list item and its button. */
interface Rendered {
  item: HTMLLIElement;
  tile: HTMLButtonElement;
}

export class Gallery {
  readonly el: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly grid: HTMLElement;
  /** The tiles in the DOM, by scene index: only those of the window around the viewport. */
  private readonly rendered = new Map<number, Rendered>();
  /** The scene indexes the filter shows, in order: the virtual list. */
  private shown: number[] = [];
  private readonly count: HTMLElement;
  private readonly noMatch: HTMLElement;
  private readonly filterBox: HTMLInputElement;
  private readonly observer: IntersectionObserver;
  private readonly resizes: ResizeObserver;
  /** The scene of the roving tabindex (the tile Tab enters the grid at, when it is in the DOM). */
  private focusIndex = 0;
  /** Scenes whose thumbnail the page asked for (once each, however often its tile comes back). */
  private readonly asked = new Set<number>();
  private badges: Record<string, SceneBadge> | undefined;
  private changedOnly = false;
  private readonly badgeBar: HTMLElement;
  private locale: string;
  /** Layout, measured in the DOM: tiles per row, a row's height and its height plus the row gap. */
  private columns = 1;
  private rowHeight = 0;
  private rowPitch = 0;
  /** In the document and laid out: before attach() nothing can be measured. */
  private attached = false;
  /** Where the first tile on screen is, as last rendered: its position in `shown`, or in a grouped grid in `slots`. */
  private firstOnScreen = 0;

  private readonly numbers: Intl.NumberFormat;

  // A whole room (#22): the tiles under a collapsible header per directory. `slots` are the grid's
  // positions (headers and row ends included, galleryGroups.ts); without groups the positions are `shown`.
  private readonly grouped: boolean;
  private slots: Slot[] = [];
  private slotsColumns = 0;
  /** Each shown scene's position among the slots, and among the shown scenes. */
  private slotOf = new Map<number, number>();
  private shownAt = new Map<number, number>();
  private readonly collapsed = new Set<number>();
  private readonly headers = new Map<number, HTMLLIElement>();
  /** A header's height, measured: its row is that tall, not a tile's. */
  private headerHeight = 0;
  /** The grouped grid's row heights and tops, made again when the slots or the measures change. */
  private rowHeights: number[] = [];
  private rows: Rows | undefined;

  constructor(private readonly model: PreviewModel, locale: string, private readonly o: GalleryOptions) {
    this.numbers = new Intl.NumberFormat(locale);
    this.locale = locale;
    this.grouped = model.kind === 'room' && Array.isArray(model.groups);
    this.badgeBar = h('div', { class: 'toolbar badges', hidden: true });
    this.filterBox = h('input', { type: 'search', id: 'filter', placeholder: l10n.t('Filter by name or path'), 'aria-controls': 'tiles', spellcheck: 'false', autocomplete: 'off' });
    this.filterBox.value = o.filter;
    this.changedOnly = o.changedOnly;
    this.count = h('span', { class: 'count', role: 'status', 'aria-live': 'polite' });
    if (model.omitted) this.count.title = l10n.t('The history and this preview keep the first {0} scenes of this directory; the screenshot returned all {1}.', this.numbers.format(model.scenes.length), this.numbers.format(model.scenes.length + model.omitted));
    const toolbar = h(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': l10n.t('Gallery') },
      h('label', { for: 'filter', class: 'visually-hidden' }, l10n.t('Filter scenes')),
      this.filterBox,
      this.count,
      h('span', { class: 'spacer' }),
      o.background,
      // A checks' gallery (Run Checks) shows pictures of a run, with no URLs of the service to copy.
      ...(model.entryId.startsWith(CHECKS_ENTRY_PREFIX)
        ? []
        : [
            button(l10n.t('Copy all URLs'), { title: l10n.t("Copy every scene's URL, one per line") }, () => o.onCopyAll()),
            button(l10n.t('Copy Markdown'), { title: l10n.t('Copy ![scene](url) for every scene') }, () => o.onCopyMarkdown()),
            button(l10n.t('Insert Markdown'), { title: l10n.t('Insert ![scene](url) for every scene at the cursor of the last text editor') }, () => o.onInsertMarkdown()),
          ]),
    );
    this.grid = h('ul', { class: 'grid', id: 'tiles', 'aria-label': l10n.t('{0} scenes of {1}', this.numbers.format(model.scenes.length), model.path) });
    this.grid.style.setProperty('--thumb-ratio', `${model.width} / ${model.height}`);
    // Said in the grid's place when the filter hides every tile, instead of an empty panel.
    this.noMatch = h('p', { class: 'note no-match', role: 'status', hidden: '' });
    this.scroller = h('div', { class: 'scroller' }, this.grid, this.noMatch);
    // Observed inside the scroller, no margin: a tile's image is requested once the tile is on screen.
    this.observer = new IntersectionObserver((entries) => this.reveal(entries), { root: this.scroller });
    // A wider or narrower panel: other columns, other row heights, another window.
    this.resizes = new ResizeObserver(() => this.render());
    this.grid.addEventListener('keydown', (e) => this.onKey(e));

    // #22: screenshot-list answers only the scenes directly in the directory; say what was left out.
    const leftOut = model.kind === 'directory' && model.subScenes
      ? h('div', { class: 'toolbar subdirectories', role: 'note' }, h('span', {}, model.subScenes === 1 ? l10n.t('1 scene in sub-directories of {0} is not included.', model.path) : l10n.t('{0} scenes in sub-directories of {1} are not included.', this.numbers.format(model.subScenes), model.path)), button(l10n.t('Screenshot Every Scene of the Room'), { class: 'shoot-room' }, () => o.onShootRoom?.()))
      : undefined;
    this.el = h('section', { class: 'view gallery', 'aria-label': l10n.t('Scene directory {0}', model.path) }, toolbar, leftOut, this.badgeBar, this.scroller);
    setMenuContext(this.el, { webviewSection: 'gallery' });

    let pending = 0;
    this.filterBox.addEventListener('input', () => {
      // Typing into a big directory's filter must not lag: apply once per frame.
      cancelAnimationFrame(pending);
      pending = requestAnimationFrame(() => {
        this.applyFilter();
        o.onFilter(this.filterBox.value);
      });
    });
    this.scroller.addEventListener(
      'scroll',
      () => {
        this.render();
        o.onScroll(this.scroller.scrollTop);
      },
      { passive: true },
    );
    this.applyFilter();
  }

  /** Renders once in the document (nothing can be measured before), scrolled to `scrollTop`. */
  attach(scrollTop: number): void {
    this.attached = true;
    this.resizes.observe(this.scroller);
    this.render(scrollTop);
  }

  /** Back from the single view: same scroll, focus on the tile that was opened. */
  show(scrollTop: number, focusIndex: number): void {
    this.el.hidden = false;
    this.render(scrollTop);
    if (this.shown.includes(focusIndex)) {
      this.setFocusIndex(focusIndex);
      this.rendered.get(focusIndex)?.tile.focus({ preventScroll: true });
    }
  }

  get scrollTop(): number {
    return this.scroller.scrollTop;
  }

  /** Scenes whose thumbnail the page has asked for. */
  get requested(): number {
    return this.asked.size;
  }

  /** Scenes the filter shows (in the DOM or not). */
  visibleCount(): number {
    return this.shown.length;
  }

  /** Tile elements in the DOM. */
  tileElements(): number {
    return this.rendered.size;
  }

  /** Test hook: scrolls to `top` (clamped by the browser) and renders the tiles there at once. */
  scrollTo(top: number): number {
    this.render(top);
    return this.scroller.scrollTop;
  }

  /** Test hook: renders and focuses the tile of scene `index`; false when the filter hides it. */
  focusTile(index: number): boolean {
    const position = this.shown.indexOf(index);
    if (position < 0) return false;
    this.moveFocus(position);
    return document.activeElement === this.rendered.get(index)?.tile;
  }

  /** Test hook: the layout and the focus as the user sees them. */
  testState(): Pick<PageSnapshot, 'galleryColumns' | 'focusedTile' | 'focusedTileInView' | 'tabStopTile' | 'tilesOnScreen' | 'tilesWhollyOnScreen' | 'headerSpacing'> {
    const view = this.scroller.getBoundingClientRect();
    const onScreen: string[] = [];
    const wholly: string[] = [];
    let focusedTile: number | undefined;
    let focusedTileInView = false;
    let tabStopTile: number | undefined;
    for (const [index, { tile, item }] of [...this.rendered].sort((a, b) => a[0] - b[0])) {
      const r = item.getBoundingClientRect();
      if (r.bottom > view.top && r.top < view.bottom) onScreen.push(this.model.scenes[index]!.name);
      if (r.top >= view.top - 0.5 && r.bottom <= view.bottom + 0.5) wholly.push(this.model.scenes[index]!.name);
      if (tile.getAttribute('tabindex') === '0') tabStopTile = index;
      if (tile === document.activeElement) {
        focusedTile = index;
        const t = tile.getBoundingClientRect();
        focusedTileInView = t.top >= view.top - 0.5 && t.bottom <= view.bottom + 0.5;
      }
    }
    return { galleryColumns: this.columns, ...(focusedTile === undefined ? {} : { focusedTile }), focusedTileInView, ...(tabStopTile === undefined ? {} : { tabStopTile }), tilesOnScreen: onScreen, tilesWhollyOnScreen: wholly, headerSpacing: this.headerSpacing() };
  }

  /** Test hook: the empty space above and below each directory header in the DOM, as drawn. */
  private headerSpacing(): Array<{ directory: string; above: number; below?: number }> {
    const gridTop = this.grid.getBoundingClientRect().top + (parseFloat(this.grid.style.paddingTop) || 0);
    return [...this.headers].sort((a, b) => a[0] - b[0]).map(([group, item]) => {
      const r = item.getBoundingClientRect();
      const before = item.previousElementSibling?.getBoundingClientRect().bottom ?? gridTop;
      const next = item.nextElementSibling?.getBoundingClientRect().top;
      return { directory: this.model.groups![group]!.directory, above: Math.round(r.top - before), ...(next === undefined ? {} : { below: Math.round(next - r.bottom) }) };
    });
  }

  focusFilter(): void {
    this.filterBox.focus();
  }

  /** Where the grid starts inside the scroller's content (the scroller's padding). */
  private gridOffset(): number {
    return this.grid.getBoundingClientRect().top - this.scroller.getBoundingClientRect().top + this.scroller.scrollTop;
  }

  /**
   * Puts in the DOM the tiles of the window around the viewport, scrolled to `scrollTop` when given. Rows
   * are measured from the tiles rendered (their heights follow the panel's width); when the measure
   * changes the window is computed again, at most twice.
   */
  private render(scrollTop?: number): void {
    if (!this.attached || this.el.hidden || !this.scroller.isConnected) return;
    for (let pass = 0; pass < 3; pass++) {
      const offset = this.gridOffset();
      const top = scrollTop ?? this.scroller.scrollTop;
      if (this.grouped && this.slotsColumns !== this.columns) this.layOutGroups();
      const rows = this.groupRows();
      const w = tileWindow({ count: this.grouped ? this.slots.length : this.shown.length, columns: this.columns, rowPitch: this.rowPitch, scrollTop: top - offset, viewportHeight: this.scroller.clientHeight, ...(rows ? { rows } : {}) });
      const firstRow = rows ? rowsAbove(rows, top - offset) : Math.ceil((top - offset) / this.rowPitch);
      this.firstOnScreen = this.rowPitch > 0 ? Math.min(w.end - 1, Math.max(w.start, firstRow * this.columns)) : w.start;
      this.grid.style.paddingTop = `${w.padTop}px`;
      this.grid.style.paddingBottom = `${w.padBottom}px`;
      // The rendered rows each as tall as the window counted them: a header's row as the header.
      if (this.grouped) this.grid.style.gridTemplateRows = rows ? this.rowHeights.slice(w.start / this.columns, Math.ceil(w.end / this.columns)).map((height) => `${height}px`).join(' ') : '';
      if (this.grouped) this.placeGrouped(w.start, w.end);
      else this.place(this.shown.slice(w.start, w.end), w.start);
      // Set after the grid has its full height, else the browser clamps it to the old one.
      if (scrollTop !== undefined && this.scroller.scrollTop !== scrollTop) this.scroller.scrollTop = scrollTop;
      if (!this.measure()) return;
    }
  }

  /** Columns, row height and pitch (and a header's height) from the DOM; whether they changed. */
  private measure(): boolean {
    const style = getComputedStyle(this.grid);
    const columns = columnsOf(style.gridTemplateColumns);
    // Every row as tall as the tallest tile (one with a Compare button under it, say): the window's rows
    // must all have one height. None in the DOM (every directory collapsed): the height they had.
    let tallest = 0;
    for (const { item } of this.rendered.values()) tallest = Math.max(tallest, item.offsetHeight);
    if (tallest === 0) tallest = this.rowHeight;
    if (tallest === 0) return false;
    const header = this.grouped ? this.measureHeader() : 0;
    const pitch = tallest + (parseFloat(style.rowGap) || 0);
    if (columns === this.columns && tallest === this.rowHeight && pitch === this.rowPitch && header === this.headerHeight) return false;
    this.columns = columns;
    this.rowHeight = tallest;
    this.rowPitch = pitch;
    this.headerHeight = header;
    this.rows = undefined;
    this.grid.style.gridAutoRows = `${tallest}px`;
    return true;
  }

  /**
   * The tallest header in the DOM (one line each: the CSS cuts a long path short). None there (the
   * window inside a big directory): the height measured before, or else one of a header put in the grid
   * for the measure and taken out, so the rows above are counted at their height from the start.
   */
  private measureHeader(): number {
    let tallest = 0;
    for (const item of this.headers.values()) tallest = Math.max(tallest, item.offsetHeight);
    if (tallest > 0 || this.headerHeight > 0 || !this.model.groups?.length) return tallest || this.headerHeight;
    const probe = this.buildHeader(0);
    probe.style.visibility = 'hidden';
    this.grid.append(probe);
    tallest = probe.offsetHeight;
    probe.remove();
    return tallest;
  }

  /** The grouped grid's rows, each as tall as its content (header or tiles); undefined before the measure. */
  private groupRows(): Rows | undefined {
    if (!this.grouped || !(this.rowPitch > 0)) return undefined;
    if (!this.rows) {
      this.rowHeights = slotRowHeights(this.slots, this.columns, { tile: this.rowHeight, header: this.headerHeight || this.rowHeight });
      this.rows = variableRows(this.rowHeights, this.rowPitch - this.rowHeight);
    }
    return this.rows;
  }

  /** Makes the grid's children the tiles of `indexes` (scene indexes, in order), keeping the ones already there. */
  private place(indexes: number[], firstPosition: number): void {
    const keep = new Set(indexes);
    let lostFocus = false;
    for (const [index, r] of this.rendered) {
      if (keep.has(index)) continue;
      if (r.tile === document.activeElement) lostFocus = true;
      this.observer.unobserve(r.tile);
      r.item.remove();
      this.rendered.delete(index);
    }
    // Both lists are in scene order, so the tiles kept are already in place among the new ones.
    indexes.forEach((index, at) => {
      let r = this.rendered.get(index);
      if (!r) {
        r = this.build(index);
        this.rendered.set(index, r);
      }
      const here = this.grid.children[at];
      if (here !== r.item) this.grid.insertBefore(r.item, here ?? null);
      r.item.setAttribute('aria-posinset', String(firstPosition + at + 1));
      r.item.setAttribute('aria-setsize', String(this.shown.length));
    });
    this.updateTabStop();
    // The tile with the keyboard focus scrolled out of the DOM: the focus goes to the one now in the tab order.
    if (lostFocus) this.tabStop()?.focus({ preventScroll: true });
  }

  /** The grouped grid's positions for the current filter, collapse and columns. */
  private layOutGroups(): void {
    this.slotsColumns = this.columns;
    this.slots = groupSlots(this.model.groups ?? [], this.shown, this.model.scenes.length, this.columns, this.collapsed, this.filterBox.value.trim() !== '' || this.changedOnlyApplies);
    this.rows = undefined;
    this.slotOf = new Map();
    this.slots.forEach((slot, p) => slot.kind === 'tile' && this.slotOf.set(slot.index, p));
    this.shownAt = new Map(this.shown.map((index, at) => [index, at]));
  }

  /** Makes the grid's children the headers and tiles of positions [start, end), keeping the ones already there. */
  private placeGrouped(start: number, end: number): void {
    const wanted: HTMLLIElement[] = [];
    const tiles = new Set<number>();
    const heads = new Set<number>();
    for (let p = start; p < end; p++) {
      const slot = this.slots[p]!;
      if (slot.kind === 'tile') tiles.add(slot.index);
      else if (slot.kind === 'header') heads.add(slot.group);
    }
    let lostFocus = false;
    for (const [index, r] of this.rendered) {
      if (tiles.has(index)) continue;
      if (r.tile === document.activeElement) lostFocus = true;
      this.observer.unobserve(r.tile);
      r.item.remove();
      this.rendered.delete(index);
    }
    for (const [group, item] of this.headers) {
      if (heads.has(group)) continue;
      item.remove();
      this.headers.delete(group);
    }
    for (let p = start; p < end; p++) {
      const slot = this.slots[p]!;
      if (slot.kind === 'header') {
        let item = this.headers.get(slot.group);
        if (!item) this.headers.set(slot.group, (item = this.buildHeader(slot.group)));
        wanted.push(item);
      } else if (slot.kind === 'tile') {
        let r = this.rendered.get(slot.index);
        if (!r) this.rendered.set(slot.index, (r = this.build(slot.index)));
        r.item.setAttribute('aria-posinset', String((this.shownAt.get(slot.index) ?? 0) + 1));
        r.item.setAttribute('aria-setsize', String(this.shown.length));
        wanted.push(r.item);
      }
    }
    wanted.forEach((item, at) => {
      const here = this.grid.children[at];
      if (here !== item) this.grid.insertBefore(item, here ?? null);
    });
    this.updateTabStop();
    if (lostFocus) this.tabStop()?.focus({ preventScroll: true });
  }

  /** A directory's header: its path, its count (or why it failed), and a toggle that collapses its tiles. */
  private buildHeader(group: number): HTMLLIElement {
    const g = this.model.groups![group]!;
    const expanded = !this.collapsed.has(group);
    const toggle = h('button', { type: 'button', class: 'group-toggle', 'aria-expanded': String(expanded), title: expanded ? l10n.t('Collapse {0}', g.directory) : l10n.t('Expand {0}', g.directory) }, `${expanded ? '▾' : '▸'} ${g.directory}`);
    toggle.addEventListener('click', () => {
      if (this.collapsed.has(group)) this.collapsed.delete(group);
      else this.collapsed.add(group);
      this.headers.get(group)?.remove();
      this.headers.delete(group);
      this.layOutGroups();
      this.render();
      this.headers.get(group)?.querySelector('button')?.focus({ preventScroll: true });
    });
    const count = g.error
      ? h('span', { class: 'group-count failed', role: 'note', title: g.error.message }, l10n.t('failed: {0}', g.error.message))
      : h('span', { class: 'group-count' }, g.count === 1 ? l10n.t('1 scene') : l10n.t('{0} scenes', this.numbers.format(g.count)));
    return h('li', { class: `group-header${g.error ? ' failed' : ''}` }, toggle, ' ', count);
  }

  private build(index: number): Rendered {
    const scene = this.model.scenes[index]!;
    const img = h('img', { alt: '', decoding: 'async', draggable: 'false' });
    const thumb = h('span', { class: 'thumb' }, img);
    if (scene.blank) thumb.append(h('span', { class: 'thumb-badge blank', title: blankText() }, blankBadge()));
    if (!showsImage(scene)) thumb.append(h('span', { class: 'thumb-note' }, scene.openable ? l10n.t('Not shown: the image host is not allowed') : l10n.t('Not shown: not an http(s) URL')));
    img.addEventListener('error', () => thumb.classList.replace('loading', 'broken') || thumb.classList.add('broken'), { once: true });
    img.addEventListener('load', () => thumb.classList.replace('loading', 'loaded') || thumb.classList.add('loaded'), { once: true });
    const tile = h('button', { type: 'button', class: 'tile', tabindex: '-1', title: scene.scenePath, 'data-index': String(index) }, thumb, h('span', { class: 'name' }, scene.name));
    setMenuContext(tile, { webviewSection: 'scene', sceneUrl: scene.url, preventDefaultContextMenuItems: true });
    tile.addEventListener('click', () => this.o.onOpen(index));
    tile.addEventListener('focus', () => this.setFocusIndex(index));
    const item = h('li', {}, tile);
    const rendered = { item, tile };
    this.decorate(index, rendered);
    if (showsImage(scene)) this.observer.observe(tile);
    return rendered;
  }

  /**
   * A tile's comparison badge and Compare button, set again when the badges come. Both lie over the
   * thumbnail (the CSS places them), so a tile's height never changes and nothing on screen moves.
   */
  private decorate(index: number, { item, tile }: Rendered): void {
    const scene = this.model.scenes[index]!;
    for (const old of item.querySelectorAll('.badge, .compare-scene, .tile-actions')) old.remove();
    const badge = this.badges?.[scene.url];
    if (!badge) return;
    if (badge.status === 'check') return this.decorateCheck(scene.url, badge, { item, tile });
    const why = badge.status === 'failed' ? badgeReason(badge) : undefined;
    tile.querySelector('.thumb')?.append(h('span', { class: `badge ${badge.status}`, ...(why ? { title: why } : {}) }, badgeText(badge, this.locale)));
    if (badge.status === 'changed') item.append(button(l10n.t('Compare'), { class: 'compare-scene', title: l10n.t('Compare with the last shot of this directory') }, () => this.onCompare?.(scene.url)));
  }

  /** A checks target's tile: its verdict, and Compare with Baseline and Accept as Baseline where they apply. */
  private decorateCheck(url: string, badge: Extract<SceneBadge, { status: 'check' }>, { item, tile }: Rendered): void {
    const verdict = badge.accepted ? 'accepted' : badge.verdict;
    tile.querySelector('.thumb')?.append(h('span', { class: `badge check ${verdict}`, ...(badge.reason ? { title: badge.reason } : {}) }, badgeText(badge, this.locale)));
    const actions = [
      ...(badge.compare ? [button(l10n.t('Compare'), { class: 'compare-scene', title: l10n.t('Compare with Baseline') }, () => this.onCompare?.(url))] : []),
      ...(badge.accept ? [button(l10n.t('Accept'), { class: 'accept-scene', title: l10n.t('Accept as Baseline') }, () => this.checkActions?.onAccept(url))] : []),
    ];
    if (actions.length > 0) item.append(h('span', { class: 'tile-actions' }, ...actions));
  }

  private reveal(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      const tile = entry.target as HTMLButtonElement;
      const index = Number(tile.dataset.index);
      const scene = this.model.scenes[index];
      const img = tile.querySelector('img');
      if (scene && showsImage(scene) && img && !img.dataset.asked) {
        img.dataset.asked = 'true';
        // Until its load or error: a label, so a slow thumbnail is not taken for a blank one.
        const thumb = img.parentElement;
        if (thumb && !thumb.classList.contains('loaded') && !thumb.classList.contains('broken')) {
          thumb.classList.add('loading');
          thumb.append(h('span', { class: 'thumb-loading', role: 'status' }, l10n.t('Loading…')));
        }
        this.o.images.show(img, scene, this.model.entryId);
        this.asked.add(index);
      }
      this.observer.unobserve(tile);
    }
  }

  private onCompare: ((url: string) => void) | undefined;
  private checkActions: CheckActions | undefined;

  /**
   * The directory against its last shot: each tile badged changed (with its percentage), new, unchanged or failed,
   * a "Changed only" filter, and a Compare button under each changed tile.
   */
  setBadges(badges: Record<string, SceneBadge>, gone: number, since: number, onCompare: (url: string) => void, checks?: CheckActions & { bar: ChecksBar }): void {
    this.badges = badges;
    this.onCompare = onCompare;
    this.checkActions = checks;
    const changed = this.model.scenes.reduce((n, scene) => n + (flagged(badges[scene.url]) ? 1 : 0), 0);
    // The tiles in the DOM get their badges in place (the others when they come in): not made again, so
    // their thumbnails stay, and the scroll position is kept (the bar above the grid only takes room
    // from the bottom of the view).
    const scrollTop = this.scroller.scrollTop;
    for (const [index, r] of this.rendered) this.decorate(index, r);
    const toggle = h('input', { type: 'checkbox', id: 'changed-only' });
    toggle.checked = this.changedOnly;
    toggle.addEventListener('change', () => {
      this.changedOnly = toggle.checked;
      this.applyFilter();
      this.o.onChangedOnly(toggle.checked);
    });
    const time = new Date(since).toLocaleTimeString(this.locale, { hour: '2-digit', minute: '2-digit' });
    if (checks) {
      // The checks' gallery: what the run found, the targets that did not match, and Accept All Changed.
      this.badgeBar.replaceChildren(
        h('span', { class: 'since' }, checks.bar.summary),
        h('label', { for: 'changed-only' }, toggle, ' ', l10n.t('Failed only')),
        ...(checks.bar.changed > 0 ? [h('span', { class: 'spacer' }), button(l10n.t('Accept All Changed ({0})', checks.bar.changed), { class: 'accept-all', title: l10n.t('Write every changed picture over its baseline') }, () => checks.onAcceptAll())] : []),
      );
    } else {
      this.badgeBar.replaceChildren(
        h('span', { class: 'since' }, l10n.t('Since {0}: {1} changed, {2} gone', time, this.numbers.format(changed), this.numbers.format(gone))),
        h('label', { for: 'changed-only' }, toggle, ' ', l10n.t('Changed only')),
      );
    }
    this.badgeBar.hidden = false;
    this.applyFilter(scrollTop);
  }

  /**
   * "Changed only" filters once the badges are here: a page rebuilt with it ticked (its snapshots kept
   * since) gets them a moment after, and must not say "No scene changed" before it knows.
   */
  private get changedOnlyApplies(): boolean {
    return this.changedOnly && this.badges !== undefined;
  }

  private applyFilter(scrollTop?: number): void {
    const filter = this.filterBox.value;
    const changedOnly = this.changedOnlyApplies;
    this.shown = [];
    this.model.scenes.forEach((scene, i) => {
      if (matchesFilter(scene, filter) && (!changedOnly || flagged(this.badges?.[scene.url]))) this.shown.push(i);
    });
    const shown = this.shown.length;
    const total = this.model.scenes.length;
    const n = (value: number) => this.numbers.format(value);
    // A huge directory's preview has the first scenes the history keeps: the count says of how many.
    const whole = total + (this.model.omitted ?? 0);
    this.count.textContent = filter.trim() || changedOnly ? l10n.t('{0} of {1} scenes', n(shown), n(total)) : whole !== total ? l10n.t('{0} of {1} scenes', n(total), n(whole)) : total === 1 ? l10n.t('1 scene') : l10n.t('{0} scenes', n(total));
    const none = shown === 0 && total > 0;
    this.noMatch.hidden = !none;
    // Said for what hides them: the "Changed only" filter, the text filter, or both.
    this.noMatch.textContent = !none
      ? ''
      : changedOnly && !filter.trim()
        ? l10n.t('No scene changed since the last shot.')
        : changedOnly
          ? l10n.t("No changed scene matches '{0}'", filter.trim())
          : l10n.t("No scene matches '{0}'", filter.trim());
    // Exactly one shown tile stays in the tab order.
    if (!this.shown.includes(this.focusIndex)) this.focusIndex = this.shown[0] ?? 0;
    if (this.grouped) this.layOutGroups();
    this.render(scrollTop);
    this.updateTabStop();
  }

  /** Roving tabindex: one tile in the tab order, arrows move between tiles. */
  private setFocusIndex(index: number): void {
    this.focusIndex = index;
    this.updateTabStop();
  }

  /**
   * The focus tile when it is in the DOM, else the first tile on screen: Tab always reaches the grid, and
   * where the user is looking.
   */
  private tabStop(): HTMLButtonElement | undefined {
    return this.rendered.get(this.focusIndex)?.tile ?? this.rendered.get(this.firstTileOnScreen() ?? -1)?.tile ?? this.rendered.values().next().value?.tile;
  }

  /** The scene index of the first tile on screen (in a grouped grid, of the first tile slot from that row on: the row may be a header's). */
  private firstTileOnScreen(): number | undefined {
    if (!this.grouped) return this.shown[this.firstOnScreen];
    for (let p = this.firstOnScreen; p < this.slots.length; p++) {
      const slot = this.slots[p]!;
      if (slot.kind === 'tile') return slot.index;
    }
    return undefined;
  }

  private updateTabStop(): void {
    const stop = this.tabStop();
    for (const { tile } of this.rendered.values()) {
      const tabindex = tile === stop ? '0' : '-1';
      if (tile.getAttribute('tabindex') !== tabindex) tile.setAttribute('tabindex', tabindex);
    }
  }

  private onKey(e: KeyboardEvent): void {
    const at = this.shown.indexOf(this.focusIndex);
    if (at < 0) return;
    const columns = this.columns;
    // PageUp/PageDown: as many whole rows as the view shows (at least one).
    const style = getComputedStyle(this.scroller);
    const room = this.scroller.clientHeight - (parseFloat(style.paddingTop) || 0) - (parseFloat(style.paddingBottom) || 0);
    const page = columns * Math.max(1, this.rowPitch > 0 ? Math.floor((room + this.rowPitch - this.rowHeight) / this.rowPitch) : 1);
    const step: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns, Home: -Infinity, End: Infinity, PageDown: page, PageUp: -page };
    const delta = step[e.key];
    if (delta === undefined) return;
    e.preventDefault();
    this.moveFocus(Math.max(0, Math.min(this.shown.length - 1, at + delta)));
  }

  /** Focuses the tile at `position` (in `shown`): its row scrolled into view and rendered first. */
  private moveFocus(position: number): void {
    const next = this.shown[position]!;
    const offset = this.gridOffset();
    const rows = this.groupRows();
    const index = this.grouped ? (this.slotOf.get(next) ?? position) : position;
    const scrollTop = this.scroller.scrollTop - offset;
    let top = scrollToShow({ index, columns: this.columns, rowPitch: this.rowPitch, rowHeight: this.rowHeight, scrollTop, viewportHeight: this.scroller.clientHeight, ...(rows ? { rows } : {}) });
    // Going up to a directory's first row: its header comes into view with it.
    const row = Math.floor(index / this.columns);
    if (rows && top < scrollTop && row > 0 && this.slots[(row - 1) * this.columns]?.kind === 'header') top = rows.top(row - 1);
    this.render(top + offset);
    this.setFocusIndex(next);
    this.rendered.get(next)?.tile.focus({ preventScroll: true });
  }

  dispose(): void {
    this.observer.disconnect();
    this.resizes.disconnect();
  }
}
