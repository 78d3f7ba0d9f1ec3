import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { issuedTokens, scanForSecrets, secretsInValue } from '../support/secretScan';
import { ROOMS } from '../support/rooms';
import { internals } from './support';

// Runs last (files run in name order): after every other suite has set, used and cleared tokens, none of
// them may stand in any settings, state, storage or log file of this VS Code, nor in the workspace.

/** The folder that holds `segment` among the ancestors of `file` (e.g. the user data dir above User/). */
function ancestorHolding(file: string, segment: string): string | undefined {
  const parts = file.split(path.sep);
  const at = parts.lastIndexOf(segment);
  return at > 0 ? parts.slice(0, at).join(path.sep) : undefined;
}

/**
 * What the panels hand their webviews, watched from before the first suite (a hook of the root suite): each
 * page and message is searched at once for every token made so far (a token is made before it is used).
 */
const handed = { page: 0, message: 0, leaks: [] as string[], roomShown: false };
before(async () => {
  (await internals()).webviews.watch((what, payload) => {
    handed[what]++;
    const tokens = [...issuedTokens];
    for (const i of secretsInValue(payload, tokens)) handed.leaks.push(`a ${what} (${(payload as { type?: string }).type ?? 'html'}) held token #${i}`);
    // Proof that the search sees real content: the rooms the suites show are in it.
    handed.roomShown ||= secretsInValue(payload, [ROOMS.reference]).length > 0;
  });
});

describe('secrets audit (after all other suites)', () => {
  it('finds no token used in the tests in any settings, state, storage or log file, or the workspace', async () => {
    const { storage } = await internals();
    const userData = ancestorHolding(storage.globalStorageUri.fsPath, 'User');
    const logs = ancestorHolding(storage.logUri.fsPath, 'logs');
    const roots = [
      ...(userData ? [userData] : []),
      ...(logs ? [path.join(logs, 'logs')] : []),
      ...(process.env.SCENE_SNAP_TEST_RUN_DIR ? [process.env.SCENE_SNAP_TEST_RUN_DIR] : []),
      ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    ];
    assert.ok(userData && logs, `found the user data (${userData}) and logs (${logs}) folders`);
    const tokens = [...issuedTokens];
    assert.ok(tokens.length >= 10, `the suites made ${tokens.length} tokens`);
    const hits = scanForSecrets(roots, tokens);
    assert.deepEqual(hits.map((h) => `${h.file} (token #${h.secret}, ${h.encoding})`), []);
  });

  it('handed no token to any webview: no page, no message', () => {
    // Every suite opens previews, galleries and compare panels: a watch that saw none would prove nothing.
    assert.ok(handed.page >= 20 && handed.message >= 100, `watched ${handed.page} pages and ${handed.message} messages`);
    assert.ok(handed.roomShown, 'the reference room was seen in what the webviews got');
    assert.deepEqual(handed.leaks, []);
  });

  it('still logged the failures of the suites to the "Scene Snap" log, without their tokens', async () => {
    const { storage } = await internals();
    const logDir = ancestorHolding(storage.logUri.fsPath, 'logs')!;
    const logFiles = (readdirSync(path.join(logDir, 'logs'), { recursive: true }) as string[]).filter((f) => f.endsWith('Scene Snap.log'));
    assert.ok(logFiles.length > 0, 'the Scene Snap log file exists');
    const text = logFiles.map((f) => readFileSync(path.join(logDir, 'logs', f), 'utf8')).join('\n');
    assert.match(text, /failed \[forbidden 403\]: .*token access role reader forbidden/);
    assert.match(text, /Stored a token for the SDK: SDK token · writer/);
  });
});
