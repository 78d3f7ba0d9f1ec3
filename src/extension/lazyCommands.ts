import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { requireBundle } from './lazyBundle';
import type { CommandsDeps, RegisteredCommands } from './commandsBundle';
import { LAZY_COMMANDS } from './lazyCommandIds';

type CommandsModule = typeof import('./commandsBundle');

/** The loaded bundle: its flows the main bundle offers elsewhere (the editor's links, Find Region), and the whole-room shooter. */
export type LoadedCommands = Pick<CommandsModule, 'askScreenshotArgs' | 'pickRoom'> & Pick<RegisteredCommands, 'roomShooter'>;

/**
 * The commands as activation sees them (dist/extension.js was 102 KB minified with their code, 46 KB before
 * it grew): each id is registered at once with a stand-in; the first one run requires dist/commands.js,
 * replaces every stand-in by the real command (unregistered first, as VS Code refuses an id twice), and runs
 * the real one with the same arguments. Within the extension host, executeCommand hands them over as they
 * are (a Rooms view node stays that node), and resolves to the real command's result.
 */
export class LazyCommands extends Disposable {
  private stubs: vscode.Disposable | undefined;
  private module: LoadedCommands | undefined;

  constructor(private readonly deps: CommandsDeps) {
    super();
    this.stubs = vscode.Disposable.from(
      ...LAZY_COMMANDS.map((id) =>
        vscode.commands.registerCommand(id, (...args: unknown[]) => {
          this.load();
          return vscode.commands.executeCommand(id, ...args);
        }),
      ),
    );
    // Disposed once only: a second dispose of a stand-in would unregister the real command of that id.
    this.register({ dispose: () => this.dropStubs() });
  }

  /** The bundle once loaded (tests); undefined before the first of its commands ran. */
  loaded(): LoadedCommands | undefined {
    return this.module;
  }

  /** The bundle, loaded and its commands registered on the first call. */
  load(): LoadedCommands {
    if (!this.module) {
      const module = requireBundle<CommandsModule>(__dirname, 'commands.js', 'commandsBundle.js');
      this.dropStubs();
      const registered = module.registerCommands(this.deps);
      this.register(registered.disposable);
      this.module = { askScreenshotArgs: module.askScreenshotArgs, pickRoom: module.pickRoom, roomShooter: registered.roomShooter };
    }
    return this.module;
  }

  private dropStubs(): void {
    this.stubs?.dispose();
    this.stubs = undefined;
  }
}
