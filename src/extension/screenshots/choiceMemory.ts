import type * as vscode from 'vscode';

/** What the user last picked for a room, offered first next time. */
export interface LastChoices {
  scene?: string;
  directory?: string;
  width?: number;
  height?: number;
}

const KEY = 'sceneSnap.lastChoices';

/** Per-room last choices in workspaceState (no secrets: paths and sizes only). */
export class ChoiceMemory {
  constructor(private readonly memento: vscode.Memento) {}

  get(room: string): LastChoices {
    const all = this.memento.get<Record<string, LastChoices>>(KEY, {});
    return typeof all === 'object' && all !== null ? (all[room] ?? {}) : {};
  }

  async remember(room: string, choices: LastChoices): Promise<void> {
    const all = { ...this.memento.get<Record<string, LastChoices>>(KEY, {}) };
    all[room] = { ...all[room], ...choices };
    await this.memento.update(KEY, all);
  }
}
