import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { issuedTokens, scanForSecrets } from '../support/secretScan';
import { internals } from './support';

// Runs last (files run in name order): after every other suite has set, used and cleared tokens, none of
// them may stand in any settings, state, storage or log file of this VS Code, nor in the workspace.

/** The folder that holds `segment` among the ancestors of `file` (e.g. the user data dir above User/). */
function ancestorHolding(file: string, segment: string): string | undefined {
  const parts = file.split(path.sep);
  const at = parts.lastIndexOf(segment);
  return at > 0 ? parts.slice(0, at).join(path.sep) : undefined;
}

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
