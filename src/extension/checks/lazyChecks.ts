import * as vscode from 'vscode';
import { requireBundle } from '../lazyBundle';
import { Disposable } from '../disposable';
import type { ChecksDeps, ChecksHost } from './checksHost';

type HostModule = typeof import('./checksHost');

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
