// Rooms and tokens in any text document and terminal (#23): the hover, document link and terminal link
// providers, and the commands their links run. A bundle of its own (dist/editor.js), loaded by
// lazyEditor.ts when the first text document opens, never at activation. Everything it needs from the
// rest of the extension comes in `deps` (type imports only), so no module of the main bundle is copied here.
import * as vscode from 'vscode';
import { describeToken, summarizeToken } from '../../core/api/token';
import { ThumbnailClient } from '../../core/images/thumbnailClient';
import { roomLabel, type Room } from '../../core/rooms/roomSettings';
import type { HistoryEntry } from '../history/historyEntries';
import type { HistoryStore } from '../history/historyStore';
import type { TokenStore } from '../secrets/tokenStore';
import type { SceneSnapSettings } from '../settings';
import type { SnapshotService } from '../snapshots/snapshotService';
import { roomHoverMarkdown, tokenHoverMarkdown, type RoomHoverFacts } from './hoverMarkdown';
import { covered, lineTotal, linkWindows, type LineSpan } from './lineWindows';
import { MAX_LINE_LENGTH, foundAt, scanLine, terminalFinds, type Found, type ScanOptions } from './scan';

export interface EditorDeps {
  log: vscode.LogOutputChannel;
  history: HistoryStore;
  tokens: TokenStore;
  snapshots: SnapshotService;
  settings: () => Readonly<SceneSnapSettings>;
  /** Reveals the room in the Rooms view. */
  showInRooms(uuid: string): Promise<void>;
  /** Asks which directory of the room and screenshots every scene of it. */
  screenshotDirectory(uuid: string): Promise<void>;
}

/** What the last link scan of a document covered and cost (tests and the bench's rows). */
export interface LinkScanStats {
  /** Lines scanned: the editors' visible lines and a margin. */
  lines: number;
  windows: LineSpan[];
  links: number;
  ownMs: number;
}

export interface EditorFeature extends vscode.Disposable {
  /** Tests and the bench: the thumbnails made so far (by hash) and the worker's starts. */
  readonly thumbnails: { cached: number; made: number };
  readonly lastLinkScan: LinkScanStats | undefined;
  /** The last room hover: the provider's own time (from the ask to the answer) and its Markdown's length. */
  readonly lastHover: { ownMs: number; chars: number } | undefined;
  /** How often VS Code asked for links, and how often a scroll had the provider registered anew. */
  readonly linkCalls: { asked: number; reregistered: number };
  /** Tests: the terminal link provider, which no VS Code command reaches. */
  readonly terminalLinks: vscode.TerminalLinkProvider<vscode.TerminalLink>;
}

/**
 * The thumbnail's box: small enough for a hover, a few KB as a data: URI. VS Code caps a hover's height at
 * max(a quarter of the editor, 250 px) and scrolls the rest: at 240 px wide the room hover was ~305 px tall
 * and its last links were cut off, so the picture is 160 × 90 (a 16:9 board fills it).
 */
const THUMB_WIDTH = 160;
const THUMB_HEIGHT = 120;
/** The first hover of a snapshot waits this long for its thumbnail; later hovers find it cached. */
const THUMB_WAIT_MS = 1500;
const THUMB_CACHE = 64;
/** A scroll's many visible-range events become one check this long after the last (gutter-preview waits 50 ms). */
const SCROLL_DEBOUNCE_MS = 50;
/** How long a re-registration waits for VS Code to ask before another may replace it. */
const RELINK_WAIT_MS = 1000;
const SELECTOR: vscode.DocumentSelector = [{ scheme: '*', language: '*' }];

interface Thumb {
  uri: string;
  width: number;
  height: number;
}

/** The newest entry of `room` first (the history lists newest first). */
function entriesOf(history: HistoryStore, room: string): HistoryEntry[] {
  return history.list().filter((e) => e.room === room);
}

function firstKept(entry: HistoryEntry): string | undefined {
  const ref = entry.snapshots?.find((s) => s.kind === 'kept');
  return ref?.kind === 'kept' ? ref.hash : undefined;
}

export function createEditorFeature(deps: EditorDeps): EditorFeature {
  const subscriptions: vscode.Disposable[] = [];
  const thumbnails = new ThumbnailClient();
  const thumbs = new Map<string, Promise<Thumb | undefined>>();
  /** The thumbnails whose making has ended (undefined: none could be made): a hover takes them without waiting. */
  const madeThumbs = new Map<string, Thumb | undefined>();
  const stats: { made: number; lastLinkScan?: LinkScanStats; lastHover?: { ownMs: number; chars: number }; linkCalls: number; reregistered: number } = { made: 0, linkCalls: 0, reregistered: 0 };

  // The uuids Scene Snap knows: a Set, rebuilt on the next use after the settings or the history change.
  let known: Set<string> | undefined;
  let knownKey = '';
  const forgetKnown = () => {
    known = undefined;
    relinkSoon();
  };
  subscriptions.push(
    deps.history.onDidChange(forgetKnown),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('sceneSnap') && forgetKnown()),
  );
  const scanOptions = (): ScanOptions => {
    known ??= new Set([...deps.settings().rooms.map((r) => r.uuid), ...deps.history.list().map((e) => e.room)]);
    return { known, unknown: deps.settings().editor.unknownUuids };
  };
  const roomSetting = (uuid: string): Room | undefined => deps.settings().rooms.find((r) => r.uuid === uuid);

  /** The thumbnail of a kept snapshot: made once in the worker, cached by hash (a data: PNG). */
  const thumbnailOf = (hash: string): Promise<Thumb | undefined> => {
    let made = thumbs.get(hash);
    if (!made) {
      made = (async () => {
        const bytes = await deps.snapshots.bytes(hash);
        if (!bytes) return undefined;
        const t = await thumbnails.make(bytes, THUMB_WIDTH, THUMB_HEIGHT);
        stats.made++;
        return { uri: `data:image/png;base64,${Buffer.from(t.png).toString('base64')}`, width: t.width, height: t.height };
      })()
        .catch((err: unknown) => {
          // No thumbnail is no failure: the hover shows the rest. Said once per snapshot.
          deps.log.warn(`Could not make the hover thumbnail of snapshot ${hash.slice(0, 12)}: ${err instanceof Error ? err.message : String(err)}`);
          return undefined;
        })
        .then((thumb) => {
          if (thumbs.has(hash)) madeThumbs.set(hash, thumb);
          return thumb;
        });
      thumbs.set(hash, made);
      if (thumbs.size > THUMB_CACHE) {
        const oldest = thumbs.keys().next().value!;
        thumbs.delete(oldest);
        madeThumbs.delete(oldest);
      }
    }
    return made;
  };

  /** Starts the thumbnail of a room's newest kept snapshot, so that its first hover finds it made. */
  const warmed = new Set<string>();
  const warm = (room: string): void => {
    if (warmed.has(room)) return;
    warmed.add(room);
    const kept = entriesOf(deps.history, room).find((e) => firstKept(e) !== undefined);
    if (kept) void thumbnailOf(firstKept(kept)!);
  };
  subscriptions.push(deps.history.onDidChange(() => warmed.clear()));

  const tokenLine = async (uuid: string): Promise<{ text?: string; warnings: string[] }> => {
    try {
      const own = await deps.tokens.get(uuid);
      const token = own ?? (await deps.tokens.get());
      if (!token) return { text: vscode.l10n.t('token: none'), warnings: [vscode.l10n.t('No token: set a room token or the SDK token.')] };
      const summary = summarizeToken(describeToken(token), Date.now());
      // As the Rooms view's tooltip says it: the summary names the token's kind, then whose it is.
      return { text: own ? vscode.l10n.t("token: {0}, this room's own", summary) : vscode.l10n.t('token: {0}, the project-wide fallback', summary), warnings: [] };
    } catch {
      return { text: vscode.l10n.t('token unreadable'), warnings: [] };
    }
  };

  const roomFacts = async (uuid: string, isKnown: boolean, cancel: vscode.CancellationToken): Promise<RoomHoverFacts> => {
    const settings = deps.settings();
    const room = roomSetting(uuid);
    const entries = isKnown ? entriesOf(deps.history, uuid) : [];
    const newest = entries[0];
    const newestKept = entries.find((e) => firstKept(e) !== undefined);
    const region = room?.region ?? newest?.region;
    const token = room || newest ? await tokenLine(uuid) : { warnings: [] };
    const facts: RoomHoverFacts = {
      uuid,
      known: isKnown,
      configured: room !== undefined,
      ...((room?.name ?? newest?.roomName) ? { name: room?.name ?? newest?.roomName } : {}),
      region: region ?? settings.defaultRegion,
      regionIsDefault: region === undefined,
      ...(token.text ? { token: token.text } : {}),
      warnings: token.warnings,
      scenePath: room?.path ?? '/init',
    };
    if (newest) {
      const hash = newestKept ? firstKept(newestKept) : undefined;
      let thumbnail: Thumb | undefined;
      if (hash && madeThumbs.has(hash)) thumbnail = madeThumbs.get(hash);
      else if (hash) {
        // Only the first hover of a snapshot waits (for the worker); the timer and the listener go with it.
        let timer: ReturnType<typeof setTimeout> | undefined;
        let listener: vscode.Disposable | undefined;
        const waited = new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), THUMB_WAIT_MS);
          listener = cancel.onCancellationRequested(() => resolve(undefined));
        });
        thumbnail = await Promise.race([thumbnailOf(hash), waited]);
        clearTimeout(timer);
        listener?.dispose();
      }
      const shown = newestKept ?? newest;
      facts.last = {
        id: shown.id,
        path: shown.path,
        time: shown.time,
        ...(shown.snapshots?.some((s) => s.kind === 'kept' && s.blank) ? { blank: true } : {}),
        ...(thumbnail ? { thumbnail } : {}),
        hasPrevious: newestKept !== undefined && entries.some((e) => e !== newestKept && e.path === newestKept.path && firstKept(e) !== undefined),
      };
    }
    return facts;
  };

  /** A token in a file of the workspace (or of a git repository) can be committed: the hover says so. */
  const mayBeCommitted = (uri: vscode.Uri): boolean => {
    if (vscode.workspace.getWorkspaceFolder(uri)) return true;
    try {
      const git = vscode.extensions.getExtension<{ getAPI(v: 1): { getRepository(u: vscode.Uri): unknown } }>('vscode.git');
      return git?.isActive === true && git.exports.getAPI(1).getRepository(uri) != null;
    } catch {
      return false;
    }
  };

  const markdown = (md: { value: string; commands: string[] }): vscode.MarkdownString => {
    const result = new vscode.MarkdownString(md.value, true);
    result.isTrusted = { enabledCommands: md.commands };
    return result;
  };

  const hoverProvider: vscode.HoverProvider = {
    async provideHover(document, position, cancel) {
      const line = document.lineAt(position.line).text;
      const found = foundAt(line, position.character, scanOptions());
      if (!found) return undefined;
      const range = new vscode.Range(position.line, found.start, position.line, found.end);
      const now = Date.now();
      if (found.kind === 'token') {
        const info = describeToken(line.slice(found.start, found.end));
        if (info.kind === 'unknown') return undefined;
        const roomName = info.roomUuid ? (roomSetting(info.roomUuid)?.name ?? entriesOf(deps.history, info.roomUuid)[0]?.roomName) : undefined;
        const md = tokenHoverMarkdown(
          {
            info: info as typeof info & { kind: 'sdk' | 'room' | 'task' },
            ...(roomName ? { roomName } : {}),
            inWorkspace: mayBeCommitted(document.uri),
            where: { uri: document.uri.toString(), line: position.line, start: found.start, end: found.end },
          },
          now,
        );
        return new vscode.Hover(markdown(md), range);
      }
      const started = performance.now();
      const facts = await roomFacts(found.uuid, found.known, cancel);
      if (cancel.isCancellationRequested) return undefined;
      const md = roomHoverMarkdown(facts, now);
      stats.lastHover = { ownMs: performance.now() - started, chars: md.value.length };
      return new vscode.Hover(markdown(md), range);
    },
  };

  class RoomLink extends vscode.DocumentLink {
    constructor(range: vscode.Range, readonly room: string) {
      // The target comes with the link, not in resolveDocumentLink: a scroll registers the provider anew,
      // and a link resolved through the registration it came from would have none left to ask. An answer
      // holds only the links of the lines shown, so the targets cost nothing.
      super(range, vscode.Uri.parse(`command:sceneSnap.editor.openRoom?${encodeURIComponent(JSON.stringify([{ room }]))}`));
      this.tooltip = vscode.l10n.t('Scene Snap: open the last screenshot of this room');
    }
  }
  /** The lines of `document` that its editors show now, as spans (none when no editor shows it). */
  const shownSpans = (document: vscode.TextDocument): LineSpan[] =>
    vscode.window.visibleTextEditors.filter((e) => e.document === document).flatMap((e) => e.visibleRanges.map((r) => ({ start: r.start.line, end: r.end.line + 1 })));
  // What the last answer per document covered: a scroll past it asks VS Code for the links again.
  const answered = new Map<string, { version: number; windows: LineSpan[] }>();
  subscriptions.push(vscode.workspace.onDidCloseTextDocument((d) => answered.delete(d.uri.toString())));
  const linkProvider: vscode.DocumentLinkProvider<RoomLink> = {
    // VS Code asks for the links of the whole document (on open, after an edit, when providers change);
    // only the lines its editors show, and a margin, are scanned and answered: a few hundred lines, however
    // long the document.
    provideDocumentLinks(document, cancel) {
      stats.linkCalls++;
      relinkAsked();
      const options = scanOptions();
      const windows = linkWindows(shownSpans(document), document.lineCount);
      answered.set(document.uri.toString(), { version: document.version, windows });
      if (answered.size > 64) answered.delete(answered.keys().next().value!);
      if (options.known.size === 0) return [];
      const started = performance.now();
      const links: RoomLink[] = [];
      for (const w of windows) {
        if (cancel.isCancellationRequested) return undefined;
        for (let i = w.start; i < w.end; i++) {
          const text = document.lineAt(i).text;
          if (text.length > MAX_LINE_LENGTH) continue;
          for (const f of scanLine(text, { known: options.known, unknown: false })) {
            if (f.kind === 'room') links.push(new RoomLink(new vscode.Range(i, f.start, i, f.end), f.uuid));
          }
        }
      }
      stats.lastLinkScan = { lines: lineTotal(windows), windows: windows.map((w) => ({ ...w })), links: links.length, ownMs: performance.now() - started };
      // The rooms this document shows get their thumbnails made now, off this thread, before a hover asks.
      for (const room of new Set(links.map((l) => l.room))) warm(room);
      return links;
    },
  };

  /**
   * An editor scrolled (or opened) past the lines its document's last answer covered: VS Code has no event
   * by which a link provider says "ask me again", but it asks every editor again when a provider is
   * registered, so the provider is registered anew. Debounced: a scroll is many events; at most one
   * re-registration per pause, and only when an editor shows lines no answer covered.
   */
  let scrollTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Set from a re-registration until VS Code asks for links (or a while passes): no other re-registration
   * meanwhile, since each one cancels the editors' pending asks, and a slow window scrolling on would then
   * never ask at all. The ask that ends the wait checks the editors again.
   */
  let relinkPending: ReturnType<typeof setTimeout> | undefined;
  const relinkAsked = () => {
    if (!relinkPending) return;
    clearTimeout(relinkPending);
    relinkPending = undefined;
    relinkIfScrolledPast();
  };
  const relinkIfScrolledPast = () => {
    clearTimeout(scrollTimer);
    scrollTimer = setTimeout(() => {
      if (relinkPending) return;
      const stale = vscode.window.visibleTextEditors.some((e) => {
        const last = answered.get(e.document.uri.toString());
        // Not asked yet, or an edit is pending: VS Code asks for that document anyway.
        if (!last || last.version !== e.document.version) return false;
        return e.visibleRanges.some((r) => !covered(last.windows, { start: r.start.line, end: r.end.line + 1 }, e.document.lineCount));
      });
      if (!stale) return;
      reregisterLinks();
      relinkPending = setTimeout(() => {
        relinkPending = undefined;
        relinkIfScrolledPast();
      }, RELINK_WAIT_MS);
    }, SCROLL_DEBOUNCE_MS);
  };
  subscriptions.push(
    vscode.window.onDidChangeTextEditorVisibleRanges(relinkIfScrolledPast),
    vscode.window.onDidChangeVisibleTextEditors(relinkIfScrolledPast),
    { dispose: () => (clearTimeout(scrollTimer), clearTimeout(relinkPending)) },
  );

  interface TerminalFound extends vscode.TerminalLink {
    found: Found;
    text: string;
  }
  const terminalProvider: vscode.TerminalLinkProvider<TerminalFound> = {
    provideTerminalLinks(context) {
      return terminalFinds(context.line, scanOptions().known).map((f) => ({
          startIndex: f.start,
          length: f.end - f.start,
          tooltip: f.kind === 'room' ? vscode.l10n.t('Scene Snap: open the last screenshot of this room') : vscode.l10n.t('Scene Snap: what is this token?'),
          found: f,
          text: context.line.slice(f.start, f.end),
        }));
    },
    async handleTerminalLink(link) {
      if (link.found.kind === 'room') return void (await vscode.commands.executeCommand('sceneSnap.editor.openRoom', { room: link.found.uuid }));
      const info = describeToken(link.text);
      if (info.kind === 'unknown') return;
      const store = info.kind === 'task' ? undefined : info.kind === 'sdk' ? vscode.l10n.t('Store as SDK Token') : vscode.l10n.t('Store as Room Token');
      const choice = await vscode.window.showInformationMessage(`Scene Snap: ${summarizeToken(info, Date.now())}`, ...(store ? [store] : []));
      if (choice && store) await vscode.commands.executeCommand('sceneSnap.setToken', { ...(info.kind === 'room' && info.roomUuid ? { room: info.roomUuid } : {}), token: link.text });
    },
  };

  // Each part registered while its setting is on, and gone (not merely silent) while it is off.
  let hoverReg: vscode.Disposable | undefined;
  let linkReg: vscode.Disposable | undefined;
  let terminalReg: vscode.Disposable | undefined;
  const apply = () => {
    const { hover, links } = deps.settings().editor;
    if (hover && !hoverReg) hoverReg = vscode.languages.registerHoverProvider(SELECTOR, hoverProvider);
    if (!hover && hoverReg) {
      hoverReg.dispose();
      hoverReg = undefined;
    }
    if (links && !linkReg) {
      linkReg = vscode.languages.registerDocumentLinkProvider(SELECTOR, linkProvider);
      terminalReg = vscode.window.registerTerminalLinkProvider(terminalProvider);
    }
    if (!links && linkReg) {
      linkReg.dispose();
      terminalReg?.dispose();
      linkReg = terminalReg = undefined;
    }
  };
  /** Registers the document link provider anew: VS Code then asks every editor for its links again. */
  function reregisterLinks(): void {
    if (!linkReg) return;
    stats.reregistered++;
    linkReg.dispose();
    linkReg = vscode.languages.registerDocumentLinkProvider(SELECTOR, linkProvider);
  }
  apply();
  subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('sceneSnap') && apply()));

  /**
   * When the set of known rooms changes (a room added, a first screenshot of a room), the links of open
   * documents change too, but VS Code asks for links again only after an edit or when the providers change:
   * the link provider is registered anew, once the set has settled and only if it really differs.
   */
  let relinkTimer: ReturnType<typeof setTimeout> | undefined;
  function relinkSoon(): void {
    clearTimeout(relinkTimer);
    relinkTimer = setTimeout(() => {
      const key = [...scanOptions().known].sort().join(',');
      if (key === knownKey) return;
      knownKey = key;
      reregisterLinks();
    }, 500);
  }
  knownKey = [...scanOptions().known].sort().join(',');
  subscriptions.push({ dispose: () => clearTimeout(relinkTimer) });

  subscriptions.push(
    vscode.commands.registerCommand('sceneSnap.editor.openRoom', async (arg?: { room?: unknown }) => {
      const uuid = typeof arg?.room === 'string' ? arg.room : undefined;
      if (!uuid) return;
      const last = entriesOf(deps.history, uuid)[0];
      if (last) return vscode.commands.executeCommand('sceneSnap.openHistoryEntry', { id: last.id });
      return vscode.commands.executeCommand('sceneSnap.screenshotScene', { room: uuid, path: roomSetting(uuid)?.path ?? '/init' });
    }),
    vscode.commands.registerCommand('sceneSnap.editor.showInRooms', async (arg?: { room?: unknown }) => {
      if (typeof arg?.room === 'string') await deps.showInRooms(arg.room);
    }),
    vscode.commands.registerCommand('sceneSnap.editor.screenshotDirectory', async (arg?: { room?: unknown }) => {
      if (typeof arg?.room === 'string') await deps.screenshotDirectory(arg.room);
    }),
    vscode.commands.registerCommand('sceneSnap.editor.storeToken', (arg?: unknown) => storeToken(arg)),
  );

  /** Store as … Token: the token is read from the document (the link names only where it is), stored, then offered to be removed. */
  async function storeToken(arg: unknown): Promise<boolean> {
    const where = arg as { uri?: unknown; line?: unknown; start?: unknown; end?: unknown } | undefined;
    if (typeof where?.uri !== 'string' || typeof where.line !== 'number' || typeof where.start !== 'number' || typeof where.end !== 'number') return false;
    const uri = where.uri;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    if (!document || where.line >= document.lineCount) return false;
    const range = new vscode.Range(where.line, where.start, where.line, where.end);
    const token = document.getText(range);
    const info = describeToken(token);
    if (info.kind !== 'sdk' && info.kind !== 'room') {
      void vscode.window.showWarningMessage(vscode.l10n.t('Scene Snap: the token is no longer there (the file changed). Hover it again.'));
      return false;
    }
    const room = info.kind === 'room' ? info.roomUuid : undefined;
    await vscode.commands.executeCommand('sceneSnap.setToken', { ...(room ? { room } : {}), token });
    const name = room ? roomLabel(roomSetting(room) ?? { uuid: room }) : undefined;
    const remove = vscode.l10n.t('Remove from File');
    const choice = await vscode.window.showInformationMessage(
      name ? vscode.l10n.t('Stored the token of room {0} in secret storage. Remove it from this file?', name) : vscode.l10n.t('Stored the SDK token in secret storage. Remove it from this file?'),
      remove,
    );
    if (choice !== remove) return true;
    const wasClean = !document.isDirty && !document.isUntitled;
    const edit = new vscode.WorkspaceEdit();
    edit.delete(document.uri, range);
    // Only if the text is still the token: the file may have changed while the question was up.
    if (document.getText(range) !== token) return true;
    if (await vscode.workspace.applyEdit(edit)) {
      // A file that was saved is saved again, so the token leaves the disk too; unsaved work stays the user's to save.
      if (wasClean) await document.save();
    }
    return true;
  }

  return {
    get thumbnails() {
      return { cached: thumbs.size, made: stats.made };
    },
    get lastLinkScan() {
      return stats.lastLinkScan;
    },
    get lastHover() {
      return stats.lastHover;
    },
    get linkCalls() {
      return { asked: stats.linkCalls, reregistered: stats.reregistered };
    },
    terminalLinks: terminalProvider as vscode.TerminalLinkProvider<vscode.TerminalLink>,
    dispose() {
      hoverReg?.dispose();
      linkReg?.dispose();
      terminalReg?.dispose();
      for (const s of subscriptions) s.dispose();
      thumbnails.dispose();
      thumbs.clear();
      madeThumbs.clear();
      answered.clear();
    },
  };
}
