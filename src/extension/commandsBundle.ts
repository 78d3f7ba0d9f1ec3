import * as vscode from 'vscode';
import { useWords } from '../core/api/words';
import type { ClientProvider } from './clientProvider';
import { registerHistoryCommands } from './history/historyCommands';
import type { HistoryStore } from './history/historyStore';
import { registerProjectRooms } from './rooms/projectRooms';
import { registerFindRegion, type RegionFinder } from './rooms/regionFinder';
import { registerRoomCommands } from './rooms/roomCommands';
import type { SceneCatalog } from './rooms/sceneCatalog';
import { pickRoom } from './screenshots/ask';
import type { ChoiceMemory } from './screenshots/choiceMemory';
import type { LastRequestMemory } from './screenshots/lastRequestMemory';
import type { RoomsNodeClasses } from './screenshots/roomsNodeClasses';
import { RoomShooter } from './screenshots/roomShot';
import { registerScreenshotCommands } from './screenshots/screenshotCommands';
import type { PreviewOpener, ScreenshotService } from './screenshots/screenshotService';
import { registerWholeRoomCommand } from './screenshots/wholeRoomCommands';
import { registerTokenCommands } from './secrets/tokenCommands';
import type { TokenStore } from './secrets/tokenStore';
import { registerSnapshotCommands } from './snapshots/snapshotCommands';
import type { SnapshotService } from './snapshots/snapshotService';

export { askScreenshotArgs } from './screenshots/ask';
export { pickRoom };

/**
 * dist/commands.js: the commands' own code (their palette flows, pickers and failure messages), which
 * activation does not need. src/extension/lazyCommands.ts registers their ids at activation and requires
 * this bundle on the first of them. Everything with state comes from the main bundle through these deps
 * (one history, one token store, one settings cache, the Rooms view's own node classes).
 */
export interface CommandsDeps {
  words: Record<string, string> | undefined;
  log: vscode.LogOutputChannel;
  tokens: TokenStore;
  clients: ClientProvider;
  history: HistoryStore;
  preview: PreviewOpener;
  snapshots: SnapshotService;
  service: ScreenshotService;
  catalog: SceneCatalog;
  memory: ChoiceMemory;
  last: LastRequestMemory;
  finder: RegionFinder;
  nodes: RoomsNodeClasses;
}

/** What the main bundle gets back: the commands to dispose, and the whole-room shooter the exported API shares. */
export interface RegisteredCommands {
  disposable: vscode.Disposable;
  roomShooter: RoomShooter;
}

/** Registers the commands of LAZY_COMMANDS (lazyCommands.ts); their stubs are gone by then. */
export function registerCommands(deps: CommandsDeps): RegisteredCommands {
  // This bundle's copy of @vscode/l10n words the pure modules' messages (token and input checks).
  useWords(deps.words);
  const { log } = deps;
  const roomShooter = new RoomShooter(deps.service, { log, tokens: deps.tokens, clients: deps.clients, history: deps.history, preview: deps.preview, snapshots: deps.snapshots });
  const disposable = vscode.Disposable.from(
    registerTokenCommands(deps.tokens, log),
    registerRoomCommands(deps.catalog, deps.tokens, log, deps.finder),
    registerFindRegion(deps.finder, pickRoom),
    registerScreenshotCommands({ service: deps.service, catalog: deps.catalog, memory: deps.memory, last: deps.last, log, finder: deps.finder, nodes: deps.nodes }),
    registerWholeRoomCommand(roomShooter, log, deps.nodes),
    registerProjectRooms(deps.tokens, deps.clients, log),
    registerHistoryCommands(deps.history, deps.preview, log, deps.snapshots),
    registerSnapshotCommands(deps.snapshots, deps.history, log),
  );
  return { disposable, roomShooter };
}
