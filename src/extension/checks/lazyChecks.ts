import * as vscode from 'vscode';
import { requireBundle } from '../lazyBundle';
import { Disposable } from '../disposable';
import type { ChecksDeps, ChecksHost } from './checksHost';

type HostModule = typeof import('./checksHost');

/** Whether a workspace folder has the checks file (DESIGN.md: scene-snap.json at its root). */
async function hasChecksFile(): Promise<boolean> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, 'scene-snap.json'));
      return true;
    } catch {
      // Not in this folder.
    }
  }
  return false;
}

export const CHECKS_COMMANDS = {
  run: 'sceneSnap.runChecks',
  accept: 'sceneSnap.acceptBaseline',
  acceptAllChanged: 'sceneSnap.acceptAllChanged',
  compare: 'sceneSnap.compareWithBaseline',
} as const;

/**
 * The checks commands as activation sees them: registered at once, but the checks (their core, the blank
 * check, the host side) are a bundle of their own, dist/checksHost.js, required on the first command.
 */
export class LazyChecks extends Disposable {
  private host: ChecksHost | undefined;

  constructor(private readonly deps: ChecksDeps) {
    super();
    this.register(vscode.commands.registerCommand(CHECKS_COMMANDS.run, () => this.load().run()));
    this.register(vscode.commands.registerCommand(CHECKS_COMMANDS.accept, (raw?: unknown) => this.load().accept(raw)));
    this.register(vscode.commands.registerCommand(CHECKS_COMMANDS.acceptAllChanged, () => this.load().acceptAllChanged()));
    this.register(vscode.commands.registerCommand(CHECKS_COMMANDS.compare, (raw?: unknown) => this.load().compare(raw)));
  }

  /**
   * For a preview (PreviewDeps.checks): which of its scenes match a target. The checks' bundle is loaded only
   * when the workspace has a checks file.
   */
  readonly forPreview = {
    matching: async (shot: { room: string; width: number; height: number }, scenes: string[]): Promise<string[]> => ((await hasChecksFile()) ? this.load().matching(shot, scenes) : []),
    accept: (shot: { room: string; scene: string; width: number; height: number; png: Uint8Array }): Promise<string | undefined> => this.load().acceptShot(shot),
  };

  /** The host once a checks command ran (tests look into it); undefined before. */
  loaded(): ChecksHost | undefined {
    return this.host;
  }

  private load(): ChecksHost {
    if (!this.host) {
      const module = requireBundle<HostModule>(__dirname, 'checksHost.js', 'checksHost.js');
      this.host = module.createChecksHost(this.deps);
      this.register(this.host.disposable);
    }
    return this.host;
  }
}
