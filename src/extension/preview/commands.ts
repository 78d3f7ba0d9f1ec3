import * as vscode from 'vscode';
import { ActionError, type InsertMode, type PreviewActions } from './actions';
import type { SceneView } from './protocol';
import type { Preview } from './previewPanel';

import { PREVIEW_COMMANDS } from './commandIds';

export { PREVIEW_COMMANDS } from './commandIds';

export type CommandHandlers = Record<string, (raw?: unknown) => Promise<unknown>>;

/**
 * What a command may be given: a webview/context menu passes the tile's data-vscode-context
 * (`{webview, webviewSection, sceneUrl}`); a keybinding or a test may pass `sceneUrl`, `target`, `mode`.
 */
interface CommandArgs {
  sceneUrl?: string;
  target?: vscode.Uri;
  mode?: InsertMode;
  /**
   * Run from the page's context menu: VS Code adds `webview` (the view type) to the tile's
   * data-vscode-context, which the page wrote, so every other value in it is the page's word (#21).
   */
  fromPage?: true;
}

function readArgs(raw: unknown): CommandArgs {
  if (typeof raw !== 'object' || raw === null) return {};
  const r = raw as Record<string, unknown>;
  const args: CommandArgs = r.webview !== undefined ? { fromPage: true } : {};
  if (typeof r.sceneUrl === 'string') args.sceneUrl = r.sceneUrl;
  if (r.target instanceof vscode.Uri) args.target = r.target;
  else if (typeof r.target === 'string') args.target = vscode.Uri.file(r.target);
  if (r.mode === 'url' || r.mode === 'file') args.mode = r.mode;
  return args;
}

export interface CommandEnv {
  log: vscode.LogOutputChannel;
  actions: PreviewActions;
  active(): Preview | undefined;
}

export function notThisPreview(): string {
  return vscode.l10n.t("That URL is not one of this preview's screenshots.");
}

function requirePreview(env: CommandEnv): Preview {
  const preview = env.active();
  if (!preview) throw new ActionError(vscode.l10n.t('Open a Scene Snap preview first.'));
  return preview;
}

/** The scene a command means: the one given (must be this panel's), the one shown, the only one, or a pick. */
async function oneScene(preview: Preview, args: CommandArgs): Promise<SceneView | undefined> {
  if (args.sceneUrl !== undefined) {
    const scene = preview.scene(args.sceneUrl);
    if (!scene) throw new ActionError(notThisPreview());
    return scene;
  }
  const current = preview.current();
  if (current) return current;
  const scenes = preview.model.scenes;
  if (scenes.length === 1) return scenes[0];
  if (scenes.length === 0) throw new ActionError(vscode.l10n.t('This preview has no screenshots.'));
  const pick = await vscode.window.showQuickPick(
    scenes.map((scene) => ({ label: scene.name, description: scene.scenePath, scene })),
    { title: vscode.l10n.t('Which scene?'), matchOnDescription: true },
  );
  return pick?.scene;
}

/** A given scene, the one shown, else all of them (gallery). */
function scenesOf(preview: Preview, args: CommandArgs): SceneView[] {
  if (args.sceneUrl !== undefined) {
    const scene = preview.scene(args.sceneUrl);
    if (!scene) throw new ActionError(notThisPreview());
    return [scene];
  }
  const current = preview.current();
  return current ? [current] : [...preview.model.scenes];
}

/** The commands' work by id; lazyPreview.ts registers the ids at activation and calls these. */
export function previewCommands(env: CommandEnv): CommandHandlers {
  const { actions } = env;
  /** Each command resolves to its result, or undefined after showing what went wrong. */
  const command = (id: string, run: (preview: Preview, args: CommandArgs) => Promise<unknown>): [string, (raw?: unknown) => Promise<unknown>] => [
    id,
    async (raw?: unknown) => {
      try {
        return await run(requirePreview(env), readArgs(raw));
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        env.log.error(`${id}: ${message}`);
        void vscode.window.showErrorMessage(message);
        return undefined;
      }
    },
  ];
  const withScene = <T>(run: (preview: Preview, scene: SceneView, args: CommandArgs) => Promise<T>) =>
    async (preview: Preview, args: CommandArgs): Promise<T | undefined> => {
      const scene = await oneScene(preview, args);
      return scene ? run(preview, scene, args) : undefined;
    };
  return Object.fromEntries([
    command(PREVIEW_COMMANDS.copyUrl, withScene(async (_p, scene) => (await actions.copyUrl(scene), scene.url))),
    command(PREVIEW_COMMANDS.copyAllUrls, async (p) => (await actions.copyAllUrls(p.model), p.model.scenes.length)),
    command(PREVIEW_COMMANDS.copyMarkdown, async (p, args) => {
      const scenes = scenesOf(p, args);
      await actions.copyMarkdown(scenes);
      return scenes.length;
    }),
    command(PREVIEW_COMMANDS.copyImage, withScene((p, scene) => actions.copyImage(p, scene))),
    command(PREVIEW_COMMANDS.openInBrowser, withScene((_p, scene) => actions.openInBrowser(scene))),
    command(PREVIEW_COMMANDS.savePng, withScene(async (p, scene, args) => {
      if (args.target && args.fromPage && !(await actions.mayWritePageTarget(args.target))) return undefined;
      return actions.savePng(p.model, scene, args.target);
    })),
    command(PREVIEW_COMMANDS.insertMarkdown, (p, args) => actions.insertMarkdown(p.model, scenesOf(p, args), args.mode)),
  ]);
}
