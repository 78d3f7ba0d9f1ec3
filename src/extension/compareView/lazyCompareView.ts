import { requireBundle } from '../lazyBundle';
import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { CompareCommands, CompareViewDeps, CompareViewHost } from './host';
import { keptScenes, previousDirectory, previousOf } from './pairs';

type HostModule = typeof import('./host');

export const COMPARE_COMMANDS: Record<keyof CompareCommands, string> = {
  compare: 'sceneSnap.compare',
  compareWithPrevious: 'sceneSnap.compareWithPrevious',
  compareWith: 'sceneSnap.compareWith',
};

/**
 * The compare commands as activation sees them: registered at once, but the panel's host side is a
 * bundle of its own, dist/compareView.js, required on the first compare.
 */
export class LazyCompareView extends Disposable {
  private host: CompareViewHost | undefined;

  constructor(private readonly deps: CompareViewDeps, onHistoryChange: vscode.Event<void>) {
    super();
    // An entry is looked at once, when it first has snapshots; those of earlier sessions are not redone.
    const seen = new Set(deps.history.list().filter((e) => e.snapshots).map((e) => e.id));
    this.register(
      onHistoryChange(() => {
        const list = deps.history.list();
        for (const entry of list) {
          if (!entry.snapshots || seen.has(entry.id)) continue;
          seen.add(entry.id);
          // The compare host (and its worker) loads only when there is something to compare with.
          const before = entry.kind !== 'scene' ? previousDirectory(list, entry) !== undefined : keptScenes(entry).some((s) => previousOf(list, s));
          if (before) {
            void this.load().noteChanges(entry).catch((err: unknown) => deps.log.warn(`compare: change notes failed: ${err instanceof Error ? err.message : String(err)}`));
          }
        }
      }),
    );
    // After a reload VS Code gives each compare panel back with the state its page saved (the pair).
    this.register(
      vscode.window.registerWebviewPanelSerializer('sceneSnap.compare', {
        deserializeWebviewPanel: async (panel, state: unknown) => {
          await this.load().restore(panel, state);
        },
      }),
    );
    for (const [name, id] of Object.entries(COMPARE_COMMANDS) as Array<[keyof CompareCommands, string]>) {
      this.register(vscode.commands.registerCommand(id, (raw?: unknown) => this.load().commands[name](raw)));
    }
  }

  /** The host once a compare command ran (tests look into it); undefined before. */
  loaded(): CompareViewHost | undefined {
    return this.host;
  }

  load(): CompareViewHost {
    if (!this.host) {
      const module = requireBundle<HostModule>(__dirname, 'compareView.js', 'host.js');
      this.host = module.createCompareViewHost(this.deps);
      this.register(this.host.disposable);
    }
    return this.host;
  }
}
