import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CONTEXT_KEYS } from '../../src/extension/onboarding/onboarding';
import { runnerBridgeAvailable, typeKeys, workbenchScreenshot } from '../support/runnerBridge';
import { configure, eventually, type FakeNetless, internals, sceneSnap, startFake } from './support';
import { ROOMS } from '../support/rooms';

// The walkthrough's steps complete on real events: a token stored, a room configured, a screenshot taken,
// a result used. The context keys behind them follow those events both ways.

const REF = ROOMS.reference;

describe('onboarding: walkthrough steps on real events', () => {
  let fake: FakeNetless;
  let restore: () => Promise<void>;

  before(async () => {
    await sceneSnap();
    fake = await startFake();
    restore = await configure({ 'sceneSnap.apiBaseUrl': fake.url, 'sceneSnap.rooms': [], 'sceneSnap.openPreview': false });
    await vscode.commands.executeCommand('sceneSnap.clearToken', {});
    await vscode.commands.executeCommand('sceneSnap.clearToken', { room: REF });
    await (await internals()).history.clear();
  });

  after(async () => {
    await vscode.commands.executeCommand('sceneSnap.clearToken', {});
    await restore();
    await fake.close();
  });

  if (runnerBridgeAvailable) {
    const step = (id: string, checked: boolean) => `button.getting-started-step[data-step-id$="${id}"][aria-checked="${checked}"]`;
    const openWalkthrough = () => vscode.commands.executeCommand('workbench.action.openWalkthrough', 'scenesnap.scene-snap#gettingStarted', false);

    // First, before any other test here: VS Code checks off each completion event once per session.
    it('checks off each step as its event happens, with the walkthrough open or before it was shown', async () => {
      const { history, onboarding } = await internals();
      await vscode.commands.executeCommand('sceneSnap.clearToken', {});
      await history.clear();
      await configure({ 'sceneSnap.rooms': [] });
      await eventually(() => (onboarding.get(CONTEXT_KEYS.hasToken) === false && onboarding.get(CONTEXT_KEYS.hasRooms) === false) || undefined, 'a fresh start');

      // With the walkthrough open: each step as its event happens.
      await openWalkthrough();
      await typeKeys(step('addRoom', false), undefined);
      await vscode.commands.executeCommand('sceneSnap.setToken', { token: fake.sdkToken('writer') });
      await typeKeys(step('setToken', true), undefined);
      await vscode.commands.executeCommand('sceneSnap.addRoom', { uuid: REF, region: 'us-sv' });
      await typeKeys(step('addRoom', true), undefined);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');

      // With the walkthrough closed: a screenshot taken and used.
      await vscode.commands.executeCommand('sceneSnap.screenshotScene', { room: REF, path: '/init' });
      await vscode.commands.executeCommand('sceneSnap.openHistoryEntry', history.latest()!.id);
      await eventually(() => vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputWebview || undefined, 'the preview to open');
      await vscode.commands.executeCommand('sceneSnap.previewCopyMarkdown');
      await eventually(() => onboarding.get(CONTEXT_KEYS.hasUsedResult) || undefined, 'hasUsedResult');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      // As when those happened before VS Code had registered the walkthrough (it registers it seconds after
      // the window opens, and an event that is already true then is never checked off) or in an earlier
      // session: no progress recorded, the context keys already true.
      await vscode.commands.executeCommand('resetGettingStartedProgress');
      await openWalkthrough();
      await typeKeys(step('screenshot', true), undefined);
      await typeKeys(step('useResult', true), undefined);
      await workbenchScreenshot('walkthrough-done');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      // Back to a fresh start for the next test.
      await vscode.commands.executeCommand('sceneSnap.clearToken', {});
      await history.clear();
      await configure({ 'sceneSnap.rooms': [] });
    });
  }

  it('sets each step’s context key when its event happens', async () => {
    const { onboarding } = await internals();
    await eventually(() => onboarding.get(CONTEXT_KEYS.hasToken) === false || undefined, 'no token at first');
    assert.equal(onboarding.get(CONTEXT_KEYS.hasRooms), false);
    assert.equal(onboarding.get(CONTEXT_KEYS.hasScreenshot), false);

    await vscode.commands.executeCommand('sceneSnap.setToken', { token: fake.sdkToken('writer') });
    await eventually(() => onboarding.get(CONTEXT_KEYS.hasToken) || undefined, 'hasToken after storing a token');

    await vscode.commands.executeCommand('sceneSnap.addRoom', { uuid: REF, name: 'Walkthrough room', region: 'us-sv' });
    await eventually(() => onboarding.get(CONTEXT_KEYS.hasRooms) || undefined, 'hasRooms after adding a room');

    await vscode.commands.executeCommand('sceneSnap.screenshotScene', { room: REF, path: '/test/cover' });
    await eventually(() => onboarding.get(CONTEXT_KEYS.hasScreenshot) || undefined, 'hasScreenshot after a screenshot');

    // And back: clearing the token and the history undoes those steps.
    await vscode.commands.executeCommand('sceneSnap.clearToken', {});
    await eventually(() => onboarding.get(CONTEXT_KEYS.hasToken) === false || undefined, 'hasToken false after clearing');
    await (await internals()).history.clear();
    assert.equal(onboarding.get(CONTEXT_KEYS.hasScreenshot), false);
    await vscode.commands.executeCommand('sceneSnap.setToken', { token: fake.sdkToken('writer') });
    await vscode.commands.executeCommand('sceneSnap.screenshotScene', { room: REF, path: '/test/cover' });
  });

  it('marks a copied result as used, for good', async () => {
    const { onboarding } = await internals();
    await vscode.commands.executeCommand('sceneSnap.openHistoryEntry', (await internals()).history.latest()!.id);
    await eventually(() => vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputWebview || undefined, 'the preview to open');
    await vscode.commands.executeCommand('sceneSnap.previewCopyUrl');
    assert.match(await vscode.env.clipboard.readText(), /test\/cover\.png$/);
    await eventually(() => onboarding.get(CONTEXT_KEYS.hasUsedResult) || undefined, 'hasUsedResult after a copy');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

});
