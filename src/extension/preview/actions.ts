import * as os from 'node:os';
import * as path from 'node:path';
import { mkdir } from 'node:fs/promises';
import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { ClientProvider } from '../clientProvider';
import type { EditorTracker } from './editorTracker';
import { chooseSaveFolder, pngFileName, type SaveFolderSetting } from './fileNames';
import { whyNotWritable } from './realPaths';
import { DiskFullError, saveFailure, writeWhole } from './savedFiles';
import { confirm } from '../confirm';
import { markdownImage, markdownImages, relativeLink } from './markdown';
import { keepPathThroughForward } from './externalUrl';
import { isLoopbackUrl } from '../../core/api/loopback';
import { isHttpUrl } from './model';
import type { PreviewModel, SceneView } from './protocol';
import type { Preview } from './previewPanel';
import type { SceneSnapSettings } from '../settings';

export type InsertMode = 'url' | 'file';

/** A failure meant for the user as it is (no stack, no "Error:"). */
export class ActionError extends Error {}

function workspaceFolderPath(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  return folder?.uri.fsPath;
}

/** Workspace values already warned about, in this window: the warning is said once per value. */
const warnedSaveFolders = new Set<string>();

function saveFolder(log: vscode.LogOutputChannel, setting: SaveFolderSetting): string | undefined {
  const choice = chooseSaveFolder(setting, { workspaceFolder: workspaceFolderPath(), home: os.homedir() });
  if (choice.ignored && !warnedSaveFolders.has(choice.value)) {
    warnedSaveFolders.add(choice.value);
    log.warn(`sceneSnap.saveFolder from the workspace (${choice.value}) is ignored: ${choice.ignored === 'untrusted' ? 'the workspace is not trusted' : 'it is outside the workspace folder'}.`);
    void vscode.window.showWarningMessage(
      choice.ignored === 'untrusted'
        ? vscode.l10n.t('The workspace value of sceneSnap.saveFolder ({0}) is ignored in Restricted Mode.', choice.value)
        : vscode.l10n.t('The workspace value of sceneSnap.saveFolder ({0}) is ignored: it is outside the workspace folder. Set it in your user settings to save there.', choice.value),
    );
  }
  return choice.folder;
}

/** What the user can do with a screenshot; shared by the page's buttons, the context menu and the palette. */
export class PreviewActions extends Disposable {
  private readonly used = this.register(new vscode.EventEmitter<void>());
  /** Fires after a screenshot was copied, saved or inserted (the walkthrough's last step). */
  readonly onDidUseResult = this.used.event;

  /** `clients.downloads()` is the API client in effect: downloads take its proxy settings and pool. */
  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly editors: EditorTracker,
    private readonly clients: ClientProvider,
    /** The settings in effect, as the extension's bundle keeps them (src/extension/settings.ts). */
    private readonly settings: () => Readonly<SceneSnapSettings>,
    /** The kept PNGs: Copy Image and Save PNG use them, with no second download. */
    private readonly snapshots?: { bytes(hash: string): Promise<Uint8Array | undefined> },
  ) {
    super();
  }

  /** The bytes kept when the screenshot was taken, when they are still there (and intact). */
  private async keptBytes(scene: SceneView): Promise<Uint8Array | undefined> {
    if (!scene.kept || !this.snapshots) return undefined;
    const bytes = await this.snapshots.bytes(scene.kept.hash);
    if (!bytes) this.log.warn(`The kept copy of ${scene.scenePath} is gone; downloading ${scene.url} instead`);
    return bytes;
  }

  async copyUrl(scene: SceneView): Promise<void> {
    await vscode.env.clipboard.writeText(scene.url);
    this.used.fire();
  }

  async copyAllUrls(model: PreviewModel): Promise<void> {
    await vscode.env.clipboard.writeText(model.scenes.map((s) => s.url).join('\n'));
    this.used.fire();
  }

  async copyMarkdown(scenes: readonly SceneView[]): Promise<void> {
    await vscode.env.clipboard.writeText(markdownImages(scenes));
    this.used.fire();
  }

  /** The kept PNG the page shows for `scene`; rejects when it is no longer in the store (the page says so). */
  async keptImage(scene: SceneView): Promise<Uint8Array> {
    const kept = scene.kept && (await this.snapshots?.bytes(scene.kept.hash));
    if (!kept) throw new ActionError(vscode.l10n.t('The kept copy of {0} is no longer in the snapshot store.', scene.name));
    return new Uint8Array(kept);
  }

  /** The PNG's bytes, downloaded here: the page could not read a cross-origin image's pixels. */
  async imageBytes(scene: SceneView): Promise<Uint8Array> {
    const kept = await this.keptBytes(scene);
    // A copy: the page gets its own bytes (the store's may be a view into a shared buffer).
    if (kept) return new Uint8Array(kept);
    return this.withProgress(vscode.l10n.t('Downloading {0}', `${scene.name}.png`), async (signal) => {
      const png = await this.clients.downloads().fetchPng(scene.url, { signal, timeoutMs: this.settings().downloadTimeoutMs });
      // A copy: a small Buffer is a view into Node's shared pool, which must not travel to the page.
      return new Uint8Array(png.data);
    });
  }

  /** Host-initiated copy (palette, context menu): the page writes the clipboard, since only a browser can hold an image. */
  async copyImage(preview: Preview, scene: SceneView): Promise<number> {
    const bytes = await this.imageBytes(scene);
    const answer = await preview.request('writeImage', { url: scene.url, bytes });
    this.used.fire();
    return answer.bytes;
  }

  async openInBrowser(scene: SceneView): Promise<boolean> {
    // The URL came from the network: only http(s) leaves the editor, never javascript:, file:, command:.
    if (!isHttpUrl(scene.url)) throw new ActionError(vscode.l10n.t('Not opened: {0} does not have an http or https URL.', scene.name));
    const uri = vscode.Uri.parse(scene.url, true);
    // In a web window (code-server, vscode.dev) the browser is elsewhere: a loopback URL must go through
    // the host's forwarding, which may keep only the port (src/extension/preview/externalUrl.ts). A desktop window,
    // remote or not, forwards it with its path itself.
    if (vscode.env.uiKind !== vscode.UIKind.Web || !isLoopbackUrl(scene.url)) return vscode.env.openExternal(uri);
    let forwarded: vscode.Uri;
    try {
      forwarded = await vscode.env.asExternalUri(uri);
    } catch (err) {
      this.log.warn(`Open in browser: ${scene.url} could not be forwarded: ${err instanceof Error ? err.message : String(err)}`);
      throw new ActionError(vscode.l10n.t('Not opened: {0} is a local address of the machine VS Code runs on, and this window cannot forward it to your browser.', scene.name));
    }
    const target = keepPathThroughForward(scene.url, forwarded.toString(true));
    if (target !== scene.url) this.log.info(`Open in browser: ${scene.url} through the host's forwarding as ${target}`);
    return vscode.env.openExternal(vscode.Uri.parse(target, true));
  }

  /** Saves one PNG; asks where (in sceneSnap.saveFolder by default) unless a target is given. */
  async savePng(model: PreviewModel, scene: SceneView, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const name = pngFileName(model.roomLabel, scene.scenePath, model.width, model.height);
    if (!target) {
      const folder = saveFolder(this.log, this.settings().saveFolder) ?? os.homedir();
      target = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.file(path.join(folder, name)),
        filters: { [vscode.l10n.t('PNG image')]: ['png'] },
        saveLabel: vscode.l10n.t('Save PNG'),
        title: vscode.l10n.t('Save {0} as PNG', scene.name),
      });
      if (!target) return undefined;
    }
    await this.download(scene, target);
    this.used.fire();
    this.log.info(`Saved ${scene.scenePath} to ${target.scheme === 'file' ? target.fsPath : target.toString()}`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0}', path.basename(target.path)), vscode.l10n.t('Open')).then((choice) => {
      if (choice) void vscode.commands.executeCommand('vscode.open', target);
    });
    return target;
  }

  /**
   * Whether a target the page named (the context menu passes the tile's data-vscode-context, which the
   * page writes) may be written: at once when it really is in the save folder, else once the user says so (#21).
   */
  async mayWritePageTarget(target: vscode.Uri): Promise<boolean> {
    const folder = saveFolder(this.log, this.settings().saveFolder);
    if (target.scheme === 'file' && folder && !(await whyNotWritable(target.fsPath, folder, workspaceFolderPath()))) return true;
    const where = target.scheme === 'file' ? target.fsPath : target.toString();
    const save = vscode.l10n.t('Save There');
    const answer = await confirm(
      vscode.l10n.t('Save the PNG outside the save folder?'),
      folder ? vscode.l10n.t('{0} is not in the save folder ({1}).', where, folder) : vscode.l10n.t('{0}: there is no save folder (sceneSnap.saveFolder) to save into without asking.', where),
      save,
    );
    if (answer !== save) this.log.info(`Save PNG: not saved to ${where} (outside the save folder; the user did not confirm)`);
    return answer === save;
  }

  /**
   * Inserts `![scene](url)` at the cursors of the editor the user was in, or, in `file` mode, saves the
   * PNGs into sceneSnap.saveFolder first and links them relative to the document.
   */
  async insertMarkdown(model: PreviewModel, scenes: readonly SceneView[], mode?: InsertMode): Promise<boolean> {
    const editor = await this.editors.target();
    if (!editor) throw new ActionError(vscode.l10n.t('Open a text editor first: the Markdown is inserted at its cursor.'));
    const folder = saveFolder(this.log, this.settings().saveFolder);
    mode ??= await this.pickInsertMode(folder);
    if (!mode) return false;
    let text: string;
    if (mode === 'url') {
      text = markdownImages(scenes);
    } else {
      if (!folder) throw new ActionError(vscode.l10n.t('Saving into the workspace needs an open folder (sceneSnap.saveFolder uses {0}).', '${workspaceFolder}'));
      const doc = editor.document;
      const fromDir = doc.uri.scheme === 'file' && !doc.isUntitled ? path.dirname(doc.uri.fsPath) : (workspaceFolderPath() ?? folder);
      const lines: string[] = [];
      for (const scene of scenes) {
        const file = path.join(folder, pngFileName(model.roomLabel, scene.scenePath, model.width, model.height));
        await this.refuseLinkedAway(file, folder);
        await this.download(scene, vscode.Uri.file(file));
        lines.push(markdownImage(scene.name, relativeLink(fromDir, file)));
      }
      text = lines.join('\n');
    }
    const ok = await editor.edit((b) => {
      for (const selection of editor.selections) b.replace(selection, text);
    });
    if (!ok) throw new ActionError(vscode.l10n.t('The editor did not accept the edit (is it read-only?).'));
    this.used.fire();
    return true;
  }

  /** Insert Markdown writes without a dialog: not through a link that leads out of the workspace or the folder (#21). */
  private async refuseLinkedAway(file: string, folder: string): Promise<void> {
    const why = await whyNotWritable(file, folder, workspaceFolderPath());
    if (!why) return;
    this.log.warn(`Insert Markdown: not saved to ${file}: a link leads ${why === 'outsideWorkspace' ? 'outside the workspace folder' : 'outside the save folder'}`);
    throw new ActionError(
      why === 'outsideWorkspace'
        ? vscode.l10n.t('Not saved: {0} leads outside the workspace folder through a symbolic link.', file)
        : vscode.l10n.t('Not saved: {0} leads outside the save folder through a symbolic link.', file),
    );
  }

  private async pickInsertMode(folder: string | undefined): Promise<InsertMode | undefined> {
    // Saving first: the bucket URL is not a stable link, the scene's next screenshot overwrites its picture.
    const items: Array<vscode.QuickPickItem & { mode: InsertMode }> = [
      {
        label: vscode.l10n.t('Save the PNG into the workspace and link to it'),
        description: folder ? vscode.workspace.asRelativePath(folder) : vscode.l10n.t('needs an open folder'),
        detail: vscode.l10n.t('The document keeps showing this picture.'),
        mode: 'file',
      },
      {
        label: vscode.l10n.t('Link to the image URL'),
        description: vscode.l10n.t('the bucket URL'),
        detail: vscode.l10n.t("Not stable: the scene's next screenshot overwrites the picture at this URL, and the document then shows the new one."),
        mode: 'url',
      },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Insert Markdown'), placeHolder: vscode.l10n.t('How should the image be linked?') });
    return pick?.mode;
  }

  /** Streams to disk for file: targets (checking the signature on the way); other file systems get the bytes. */
  private async download(scene: SceneView, target: vscode.Uri): Promise<void> {
    try {
      await this.write(scene, target);
    } catch (err) {
      // A full disk is said as such, not as the download's "invalidInput" (#21; savedFiles.ts).
      const said = saveFailure(err, target.scheme === 'file' ? target.fsPath : target.toString());
      if (said instanceof DiskFullError) this.log.error(`Save: ${said.code} writing ${said.file}`);
      throw said;
    }
  }

  private async write(scene: SceneView, target: vscode.Uri): Promise<void> {
    const kept = await this.keptBytes(scene);
    if (kept) {
      if (target.scheme !== 'file') return vscode.workspace.fs.writeFile(target, kept);
      await mkdir(path.dirname(target.fsPath), { recursive: true });
      // Whole or not at all, as the download is: a full disk leaves no half PNG.
      return writeWhole(target.fsPath, kept);
    }
    await this.withProgress(vscode.l10n.t('Downloading {0}', `${scene.name}.png`), async (signal) => {
      const api = this.clients.downloads();
      if (target.scheme === 'file') {
        await mkdir(path.dirname(target.fsPath), { recursive: true });
        await api.downloadPng(scene.url, target.fsPath, { signal, timeoutMs: this.settings().downloadTimeoutMs });
      } else {
        const png = await api.fetchPng(scene.url, { signal, timeoutMs: this.settings().downloadTimeoutMs });
        await vscode.workspace.fs.writeFile(target, png.data);
      }
    });
  }

  private withProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        return work(abort.signal).finally(() => sub.dispose());
      }),
    );
  }
}
