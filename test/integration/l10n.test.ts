import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { problemText } from '../../src/core/api/problems';
import { pathProblem, roomUuidProblem, sizeProblem } from '../../src/core/api/validate';
import type { SceneSnapApi } from '../../src/extension/extension';

const EXTENSION_ID = 'scenesnap.scene-snap';

/** The extension's strings resolve in a real VS Code (the test host runs in English). */
describe('localization in a real VS Code', () => {
  let extension: vscode.Extension<SceneSnapApi>;
  const file = (name: string): Record<string, string> => JSON.parse(readFileSync(path.join(extension.extensionPath, name), 'utf8'));

  before(async () => {
    const found = vscode.extensions.getExtension<SceneSnapApi>(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is not installed in the test host`);
    extension = found;
    await extension.activate();
  });

  it('runs in English, where VS Code loads no translation bundle', () => {
    assert.match(vscode.env.language, /^en\b/);
    assert.equal(vscode.l10n.bundle, undefined);
  });

  it('shows the manifest with its %keys% replaced by package.nls.json', () => {
    const nls = file('package.nls.json');
    const manifest = extension.packageJSON as { description: string; contributes: { commands: Array<{ command: string; title: string }>; views: Record<string, Array<{ id: string; name: string }>> } };
    assert.equal(manifest.description, nls.description);
    for (const c of manifest.contributes.commands) {
      assert.doesNotMatch(c.title, /%/, `${c.command} has an unresolved title`);
      assert.equal(c.title, nls[`command.${c.command.replace('sceneSnap.', '')}.title`], c.command);
    }
    assert.deepEqual(manifest.contributes.views.sceneSnap!.map((v) => v.name), ['Rooms', 'History']);
  });

  it('has the l10n folder beside the manifest, with both bundles', () => {
    assert.equal((extension.packageJSON as { l10n?: string }).l10n, './l10n');
    const en = file('l10n/bundle.l10n.json');
    const zh = file('l10n/bundle.l10n.zh-cn.json');
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort());
  });

  it('formats vscode.l10n.t placeholders as the bundles are written', () => {
    assert.equal(vscode.l10n.t('{0} failed: {1}', 'Copy URL', 'no clipboard'), 'Copy URL failed: no clipboard');
    assert.equal(vscode.l10n.t('Add Room ({0}/{1})', 1, 3), 'Add Room (1/3)');
  });

  it("says the client's problems in the same English words as the client", async () => {
    const api = extension.exports;
    const cases: Array<[unknown, string]> = [
      [{ room: 'a b' }, problemText(roomUuidProblem('a b')!)],
      [{ room: 'r1', path: 'init' }, problemText(pathProblem('init')!)],
      [{ room: 'r1', width: 0 }, problemText(sizeProblem(0, 'width')!)],
    ];
    for (const [request, english] of cases) {
      const err = await api.screenshotScene(request, { preview: false }).then(
        () => assert.fail('expected a rejection'),
        (e: Error & { code?: string }) => e,
      );
      assert.equal(err.code, 'invalidInput');
      assert.equal(err.message, english);
    }
  });
});
