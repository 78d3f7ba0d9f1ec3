// No vscode import: the unit test that compares this list with the bundle's commands reads it in plain Node.

/**
 * The commands whose code is dist/commands.js (src/extension/commandsBundle.ts): exactly the ids its
 * register functions register (test/unit/commandsLazyLoad.test.ts compares them).
 */
export const LAZY_COMMANDS = [
  'sceneSnap.setToken',
  'sceneSnap.setSdkToken',
  'sceneSnap.clearToken',
  'sceneSnap.addRoom',
  'sceneSnap.editRoom',
  'sceneSnap.removeRoom',
  'sceneSnap.refreshRooms',
  'sceneSnap.findRegion',
  'sceneSnap.screenshotScene',
  'sceneSnap.screenshotSceneDirectory',
  'sceneSnap.repeatLastScreenshot',
  'sceneSnap.screenshotRoom',
  'sceneSnap.addRoomsFromProject',
  'sceneSnap.clearHistory',
  'sceneSnap.openHistoryEntry',
  'sceneSnap.copyHistoryEntryUrl',
  'sceneSnap.removeHistoryEntry',
  'sceneSnap.pinHistoryEntry',
  'sceneSnap.unpinHistoryEntry',
  'sceneSnap.cancelKeepingSnapshots',
  'sceneSnap.freeSnapshots',
  'sceneSnap.showSnapshotStorage',
] as const;
