import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { RegionMemory } from '../../src/extension/rooms/regionMemory';

/** globalState as VS Code keeps it: values are stored as JSON. */
function memento(): vscode.Memento & { raw: Map<string, string> } {
  const raw = new Map<string, string>();
  return {
    raw,
    keys: () => [...raw.keys()],
    get: <T>(key: string, fallback?: T) => (raw.has(key) ? (JSON.parse(raw.get(key)!) as T) : fallback),
    update: async (key: string, value: unknown) => void raw.set(key, JSON.stringify(value)),
  } as vscode.Memento & { raw: Map<string, string> };
}

describe('RegionMemory: the regions found, per API origin and room', () => {
  it('remembers a region for one origin only', async () => {
    const memory = new RegionMemory(memento());
    await memory.remember('https://api.netless.link', 'room1', 'sg');
    assert.equal(memory.get('https://api.netless.link', 'room1'), 'sg');
    assert.equal(memory.get('http://127.0.0.1:9000', 'room1'), undefined);
    assert.equal(memory.get('https://api.netless.link', 'room2'), undefined);
  });

  it('ignores what is not a region (a stored value edited by hand, an old name)', async () => {
    const state = memento();
    await state.update('sceneSnap.foundRegions', { 'o r': 'mars', 'o s': 'gb-lon', 'o t': 'eu' });
    const memory = new RegionMemory(state);
    assert.equal(memory.get('o', 'r'), undefined);
    assert.equal(memory.get('o', 's'), undefined);
    assert.equal(memory.get('o', 't'), 'eu');
  });

  it('keeps the 500 rooms used last', async () => {
    const state = memento();
    const memory = new RegionMemory(state);
    for (let i = 0; i < 505; i++) await memory.remember('o', `room${i}`, 'eu');
    assert.equal(memory.get('o', 'room4'), undefined);
    assert.equal(memory.get('o', 'room5'), 'eu');
    // room5, the oldest, found again: now the newest, so the next room pushes out room6 instead.
    await memory.remember('o', 'room5', 'sg');
    await memory.remember('o', 'another', 'eu');
    assert.equal(Object.keys(state.get<Record<string, string>>('sceneSnap.foundRegions')!).length, 500);
    assert.equal(memory.get('o', 'room5'), 'sg');
    assert.equal(memory.get('o', 'room6'), undefined);
    assert.equal(memory.get('o', 'room504'), 'eu');
  });
});
