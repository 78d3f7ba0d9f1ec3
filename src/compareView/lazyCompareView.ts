import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { CompareCommands, CompareViewDeps, CompareViewHost } from './host';

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

  constructor(private readonly deps: CompareViewDeps) {
    super();
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
      // Beside the bundle (dist/) it is compareView.js; in the transpiled tree (out/src/compareView/) host.js.
      const bundled = path.join(__dirname, 'compareView.js');
      const module = require(existsSync(bundled) ? bundled : path.join(__dirname, 'host.js')) as HostModule;
      this.host = module.createCompareViewHost(this.deps);
      this.register(this.host.disposable);
    }
    return this.host;
  }
}
