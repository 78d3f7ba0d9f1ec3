import { readFile, readdir, utimes, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { USER_ONLY_SETTINGS } from '../../src/extension/settingScopes';
import { issuedTokens } from '../support/secretScan';
import type { SceneSnapApi, SceneSnapTestInternals } from '../../src/extension/extension';

/** Helpers shared by the integration suites (not a test file: index.ts loads only *.test.js). */

export const EXTENSION_ID = 'scenesnap.scene-snap';

export async function sceneSnap(): Promise<SceneSnapApi> {
  const extension = vscode.extensions.getExtension<SceneSnapApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in the test host`);
  return extension.activate();
}

/** The extension's own parts (history, catalog, views), exposed only in ExtensionMode.Test. */
export async function internals(): Promise<SceneSnapTestInternals> {
  const value = (await sceneSnap() as SceneSnapApi & { __test?: SceneSnapTestInternals }).__test;
  if (!value) throw new Error('the extension does not run in ExtensionMode.Test');
  return value;
}

type FakeModule = typeof import('../fake-netless/server.mjs', { with: { 'resolution-mode': 'import' } });
export type FakeNetless = Awaited<ReturnType<FakeModule['startFakeNetless']>>;

/**
 * The local fake Netless service, started in this extension host. Every token it makes is remembered,
 * so the audit at the end of the suite (zz-secrets.test.ts) can look for each one.
 */
export async function startFake(options: Parameters<FakeModule['startFakeNetless']>[0] = {}): Promise<FakeNetless> {
  const mod: FakeModule = await import('../fake-netless/server.mjs');
  const fake = await mod.startFakeNetless(options);
  const remember = <A extends unknown[]>(make: (...args: A) => string) => (...args: A) => {
    const token = make(...args);
    issuedTokens.add(token);
    return token;
  };
  return { ...fake, sdkToken: remember(fake.sdkToken), roomToken: remember(fake.roomToken), taskToken: remember(fake.taskToken) };
}

export interface Sandbox {
  /** The fake service; there once the suite's `before` hooks have run. */
  fake: FakeNetless;
}

/**
 * The usual frame of a suite: before it, the fake service, `sceneSnap.apiBaseUrl` pointing at it plus the
 * given workspace settings, and (unless `sdkToken: false`) a writer SDK token; after it, all of that undone.
 * Call it first in the `describe`, so that the suite's own hooks run with the sandbox in place.
 */
export function useSandbox(settings: Record<string, unknown>, options: { sdkToken?: boolean } = {}): Sandbox {
  const sandbox = {} as Sandbox;
  let restore: (() => Promise<void>) | undefined;
  before(async () => {
    await sceneSnap();
    sandbox.fake = await startFake();
    // Snapshots off unless a suite turns them on (snapshots.test.ts): the others count the fake's requests,
    // and a background PNG download after each screenshot would add bucket requests to their counts.
    restore = await configure({ 'sceneSnap.apiBaseUrl': sandbox.fake.url, 'sceneSnap.snapshots.maxMegabytes': 0, ...settings });
    if (options.sdkToken !== false) await vscode.commands.executeCommand('sceneSnap.setToken', { token: sandbox.fake.sdkToken('writer') });
  });
  after(async () => {
    await vscode.commands.executeCommand('sceneSnap.clearToken', {});
    await restore?.();
    await sandbox.fake?.close();
  });
  return sandbox;
}

/** Settings Scene Snap reads from user settings only (sceneSnap.apiBaseUrl, snapshots.maxMegabytes, http.proxy…). */
const USER_ONLY = new Set<string>(USER_ONLY_SETTINGS);

/**
 * Sets settings in one scope and returns a function that puts the old values back. The user-only settings
 * (sceneSnap.snapshots.maxMegabytes among them) always go to user settings, where Scene Snap reads them,
 * and are put back there (a workspace value of them is what workspaceSettings.test.ts and snapshots.test.ts
 * write by hand, to see it ignored).
 */
export async function configure(values: Record<string, unknown>, scope: 'user' | 'workspace' = 'workspace'): Promise<() => Promise<void>> {
  const targetOf = (key: string) => (scope === 'user' || USER_ONLY.has(key) ? vscode.ConfigurationTarget.Global : vscode.ConfigurationTarget.Workspace);
  const config = vscode.workspace.getConfiguration();
  const old: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const inspected = config.inspect(key);
    old[key] = targetOf(key) === vscode.ConfigurationTarget.Global ? inspected?.globalValue : inspected?.workspaceValue;
    await config.update(key, value, targetOf(key));
  }
  return async () => {
    for (const [key, value] of Object.entries(old)) await vscode.workspace.getConfiguration().update(key, value, targetOf(key));
  };
}

export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs a command whose promise may wait on UI, and gives the caller a handle to that promise. */
export function start<T>(command: string, ...args: unknown[]): Promise<T> {
  return Promise.resolve(vscode.commands.executeCommand<T>(command, ...args));
}

/** The rejection of a promise that must fail. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; status?: number }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: string; status?: number };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** SecretStorage in memory, counting its reads; `elsewhere` changes a value as another window would. */
export class MemorySecrets implements vscode.SecretStorage {
  readonly values = new Map<string, string>();
  gets = 0;
  /** While set, every call rejects with it (a Linux desktop without a keyring). */
  failWith: Error | undefined;
  private readonly changed = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
  readonly onDidChange = this.changed.event;
  async get(key: string) {
    this.gets++;
    if (this.failWith) throw this.failWith;
    return this.values.get(key);
  }
  async store(key: string, value: string) {
    if (this.failWith) throw this.failWith;
    this.values.set(key, value);
    this.changed.fire({ key });
  }
  async delete(key: string) {
    if (this.failWith) throw this.failWith;
    this.values.delete(key);
    this.changed.fire({ key });
  }
  /** A change made by another window: the store's event, without going through this TokenStore. */
  elsewhere(key: string, value: string) {
    this.values.set(key, value);
    this.changed.fire({ key });
  }
  keys() {
    return Promise.resolve([...this.values.keys()]);
  }
}

/**
 * The messages the extension shows (information, warning, error), recorded, and answered by the test as a
 * person would click a button: `reply(pattern, button)` answers the next message that matches. Works the
 * same in every VS Code version, where reading notification toasts in the web workbench does not (1.139
 * shows none in the test host). The `vscode` API object is the extension's own, so replacing its methods
 * here reaches the extension's calls.
 */
export function interceptMessages(): {
  shown: { text: string; items: string[] }[];
  reply(pattern: RegExp, button: string): void;
  restore(): void;
} {
  const shown: { text: string; items: string[] }[] = [];
  const replies: { pattern: RegExp; button: string }[] = [];
  const w = vscode.window as unknown as Record<string, unknown>;
  const names = ['showInformationMessage', 'showWarningMessage', 'showErrorMessage'] as const;
  const originals = names.map((n) => w[n]);
  for (const n of names) {
    w[n] = (text: string, ...rest: unknown[]) => {
      const items = rest.filter((r): r is string => typeof r === 'string');
      shown.push({ text, items });
      const at = replies.findIndex((r) => r.pattern.test(text) && items.includes(r.button));
      const choice = at >= 0 ? replies.splice(at, 1)[0]!.button : undefined;
      return Promise.resolve(choice);
    };
  }
  return {
    shown,
    reply: (pattern, button) => void replies.push({ pattern, button }),
    restore: () => names.forEach((n, i) => (w[n] = originals[i])),
  };
}

/** The hashes the store keeps, from its files (sorted). */
export async function keptHashes(folder: string): Promise<string[]> {
  const names = await readdir(folder, { recursive: true }).catch(() => [] as string[]);
  return names.flatMap((n) => /^[0-9a-f]{2}[\\/]([0-9a-f]{64})\.png$/.exec(n)?.slice(1, 2) ?? []).sort();
}

/** Makes every kept snapshot look unused for an hour: past the store's grace, as a while after the fact. */
export async function ageSnapshots(folder: string): Promise<void> {
  const anHourAgo = new Date(Date.now() - 3600_000);
  for (const hash of await keptHashes(folder)) await utimes(path.join(folder, hash.slice(0, 2), `${hash}.png`), anHourAgo, anHourAgo);
}

/** Edits the workspace's .vscode/settings.json by hand, as a cloned repository brings it; returns the undo. */
export async function writeWorkspaceSettings(values: Record<string, unknown>): Promise<() => Promise<void>> {
  const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  const file = path.join(folder, '.vscode', 'settings.json');
  const before = await readFile(file, 'utf8').catch(() => '{}');
  // A marker VS Code surely reads from a workspace (it drops some of VS Code's own machine settings there).
  const marker = 'sceneSnap.defaultWidth';
  await writeFile(file, JSON.stringify({ ...(JSON.parse(before || '{}') as object), ...values, [marker]: 1281 }, null, 2));
  await eventually(() => vscode.workspace.getConfiguration().inspect(marker)?.workspaceValue === 1281, 'VS Code to read the workspace settings');
  return async () => {
    await writeFile(file, before);
    await eventually(() => vscode.workspace.getConfiguration().inspect(marker)?.workspaceValue !== 1281, 'VS Code to drop the workspace values');
  };
}

/** Messages the extension shows, captured (the `vscode` API object is shared with the extension's code). */
export function captureMessages(): { shown: string[]; restore(): void } {
  const shown: string[] = [];
  const w = vscode.window as { showWarningMessage: unknown; showErrorMessage: unknown };
  const originals = { warn: w.showWarningMessage, error: w.showErrorMessage };
  const capture = (message: string) => {
    shown.push(message);
    return Promise.resolve(undefined);
  };
  w.showWarningMessage = capture;
  w.showErrorMessage = capture;
  return { shown, restore: () => Object.assign(w, { showWarningMessage: originals.warn, showErrorMessage: originals.error }) };
}
