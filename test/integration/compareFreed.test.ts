import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SceneSnapApi, SceneSnapTestInternals } from '../../src/extension/extension';
import type { ComparePanel } from '../../src/extension/compareView/comparePanel';
import type { HistoryEntry } from '../../src/extension/history/historyEntries';
import { ROOMS } from '../support/rooms';
import { quickPickRow, typeKeys } from '../support/runnerBridge';
import { closeAllEditors, previewManager } from './previewSupport';
import { captureMessages, configure, eventually, internals, sceneSnap, useSandbox } from './support';

// Issue #25, item 1, as the issue tells it: shoot /init twice, shoot another directory twice, pin the
// oldest /init entry, Free Kept Snapshots…, shoot /init again. "Previous" is the last earlier shot of the
// scene whose image is still kept (the pinned one), for the preview's change line and for Compare with
// Previous; a freed image is said to be freed, not "removed to stay within the cap, or damaged".

const REF = ROOMS.reference;

describe('Compare with Previous after Free Kept Snapshots… (#25)', function () {
  this.timeout(120_000);
  const sandbox = useSandbox({
    'sceneSnap.defaultRegion': 'us-sv',
    'sceneSnap.requestTimeoutSeconds': 5,
    'sceneSnap.snapshots.maxMegabytes': 500,
    'sceneSnap.preview.reuse': false,
  });
  let api: SceneSnapApi;
  let t: SceneSnapTestInternals;

  before(async () => {
    api = await sceneSnap();
    t = await internals();
  });

  after(async () => {
    await t.snapshots.idle();
    await closeAllEditors();
  });

  async function shootInit(preview = false): Promise<HistoryEntry> {
    await api.screenshotScene({ room: REF, path: '/init', width: 320, height: 200 }, { preview });
    await t.snapshots.idle();
    return t.history.latest()!;
  }

  it('compares the new shot with the pinned one, says what changed since it, and names the freed image as freed', async () => {
    const oldest = await shootInit();
    sandbox.fake.changeScene(REF, '/init');
    const freed = await shootInit();
    for (let i = 0; i < 2; i++) {
      await api.screenshotSceneDirectory({ room: REF, path: '/test', width: 320, height: 200 }, { preview: false });
      await t.snapshots.idle();
    }
    assert.equal(await vscode.commands.executeCommand('sceneSnap.pinHistoryEntry', oldest.id), true);

    const freeing = Promise.resolve(vscode.commands.executeCommand('sceneSnap.freeSnapshots'));
    await typeKeys(quickPickRow('Remove Kept Snapshots'), 'Remove Kept', 'Enter');
    await freeing;
    await t.snapshots.idle();

    sandbox.fake.changeScene(REF, '/init');
    const latest = await shootInit(true);
    assert.notEqual(latest.id, freed.id);
    const manager = await previewManager();
    const preview = await eventually(() => manager.previews().find((p) => p.entry.id === latest.id), 'the new preview');
    await preview.whenRendered();
    const since = new Date(oldest.time).toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit' });
    const line = await eventually(async () => {
      const text = (await preview.snapshot()).text;
      return /(Changed: [\d.]+ % of pixels|Unchanged) since/.test(text) ? text : undefined;
    }, 'the change line against the pinned shot', 20_000);
    assert.ok(line.includes(`since ${since}`), line);

    const panel = await vscode.commands.executeCommand<ComparePanel | undefined>('sceneSnap.compareWithPrevious', { entry: latest.id });
    assert.ok(panel, 'Compare with Previous opened no panel');
    assert.equal(panel.pair.a.entry.id, oldest.id, 'the previous shot whose image is kept is the pinned one');
    assert.equal(panel.pair.b.entry.id, latest.id);

    const messages = captureMessages();
    const info = vscode.window as { showInformationMessage: unknown };
    const originalInfo = info.showInformationMessage;
    info.showInformationMessage = (m: string) => {
      messages.shown.push(m);
      return Promise.resolve(undefined);
    };
    try {
      assert.equal(await vscode.commands.executeCommand('sceneSnap.compare', { a: oldest.id, b: freed.id }), undefined);
    } finally {
      messages.restore();
      info.showInformationMessage = originalInfo;
    }
    assert.equal(messages.shown.length, 1, messages.shown.join('\n'));
    assert.match(messages.shown[0]!, /freed .*Free Kept Snapshots/, messages.shown[0]);
    assert.doesNotMatch(messages.shown[0]!, /maxMegabytes|damaged/, messages.shown[0]);

    // Compare with…: the picker offers only screenshots whose images are still kept, and counts those.
    const w = vscode.window as { showQuickPick: unknown };
    const originalPick = w.showQuickPick;
    const offered: Array<{ label: string; detail?: string; entry: HistoryEntry }> = [];
    w.showQuickPick = (items: typeof offered) => {
      offered.push(...items);
      return Promise.resolve(undefined);
    };
    try {
      await vscode.commands.executeCommand('sceneSnap.compareWith', { entry: latest.id });
    } finally {
      w.showQuickPick = originalPick;
    }
    const ids = offered.map((i) => i.entry.id);
    assert.ok(ids.includes(oldest.id), 'the pinned shot is offered');
    assert.ok(!ids.includes(freed.id), 'a shot whose image was freed is not offered');
    assert.ok(!offered.some((i) => /kept images/.test(i.detail ?? '')), `no freed directory counted as kept: ${offered.map((i) => i.detail).join(' | ')}`);
  });

  it('a freed entry reopened shows no change line over the bucket\'s newer picture; "Copied" goes when a new screenshot arrives', async () => {
    const restore = await configure({ 'sceneSnap.preview.reuse': true });
    try {
      const scene = { room: REF, path: '/test/page1', width: 300, height: 200 };
      await api.screenshotScene(scene, { preview: false });
      await t.snapshots.idle();
      sandbox.fake.changeScene(REF, '/test/page1');
      await api.screenshotScene(scene);
      await t.snapshots.idle();
      const b = t.history.latest()!;
      const manager = await previewManager();
      const preview = await eventually(() => manager.previews().find((p) => p.entry.id === b.id), 'the preview of the second shot');
      await preview.whenRendered();
      await eventually(async () => /since/.test((await preview.snapshot()).text) || undefined, 'the change line', 20_000);

      const freeing = Promise.resolve(vscode.commands.executeCommand('sceneSnap.freeSnapshots'));
      await typeKeys(quickPickRow('Remove Kept Snapshots'), 'Remove Kept', 'Enter');
      await freeing;
      await t.snapshots.idle();
      sandbox.fake.changeScene(REF, '/test/page1');
      await api.screenshotScene(scene);
      await t.snapshots.idle();
      const c = t.history.latest()!;
      await eventually(() => preview.entry.id === c.id || undefined, 'the panel to show the third shot');

      // "Copied the URL" is about the shot it was said over: a new screenshot takes it away.
      assert.equal(await preview.request('click', { selector: 'button.copy-url' }), true, 'the Copy URL button');
      await eventually(async () => /Copied the URL/.test((await preview.snapshot()).text) || undefined, '"Copied the URL"');

      await vscode.commands.executeCommand('sceneSnap.openHistoryEntry', b.id);
      await eventually(() => manager.previews().find((p) => p.entry.id === b.id), 'the freed entry reopened');
      const reopened = manager.previews().find((p) => p.entry.id === b.id)!;
      await reopened.whenRendered();
      await new Promise((r) => setTimeout(r, 1500));
      const text = (await reopened.snapshot()).text;
      assert.doesNotMatch(text, /Copied the URL/, 'the old "Copied" stayed over a new screenshot');
      assert.doesNotMatch(text, /Changed: .* since|Unchanged since/, `a change line over the bucket's picture: ${text}`);
    } finally {
      await restore();
    }
  });

  it('Free Kept Snapshots… puts the safe answer first and its whole explanation on the action', async () => {
    await shootInit();
    assert.ok((await t.snapshots.usage()).count > 0, 'something is kept');
    const w = vscode.window as { showQuickPick: unknown };
    const original = w.showQuickPick;
    const offered: vscode.QuickPickItem[] = [];
    w.showQuickPick = (items: vscode.QuickPickItem[]) => {
      offered.push(...items);
      return Promise.resolve(undefined);
    };
    try {
      await vscode.commands.executeCommand('sceneSnap.freeSnapshots');
    } finally {
      w.showQuickPick = original;
    }
    assert.equal(offered[0]!.label, 'Cancel', 'Enter keeps everything');
    const remove = offered.find((i) => i.label === 'Remove Kept Snapshots');
    assert.ok(remove, JSON.stringify(offered));
    assert.equal(remove.detail, 'Pinned screenshots keep theirs; the others then show their bucket URL, which may show a newer picture');
  });
});
