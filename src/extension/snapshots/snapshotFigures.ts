import * as vscode from 'vscode';
import { readSettings } from '../settings';

// What the snapshot commands (dist/commands.js) share with the snapshot service, without its class.

const MIB = 1024 * 1024;

/** The `why` of evict() for Free Kept Snapshots…: what it removes is said to be freed by the user. */
export const FREED_BY_USER = 'the user asked';

/** sceneSnap.snapshots.maxMegabytes in bytes, from user settings only (src/extension/settingScopes.ts); 0 keeps none. */
export function maxBytesSetting(): number {
  return readSettings().snapshotsMaxBytes;
}

export function megabytes(bytes: number): string {
  return (bytes / MIB).toLocaleString(vscode.env.language, { maximumFractionDigits: 1 });
}
