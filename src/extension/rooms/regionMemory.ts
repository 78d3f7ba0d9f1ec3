import type * as vscode from 'vscode';
import { isRegion, type Region } from '../../core/api/regions';

const KEY = 'sceneSnap.foundRegions';
/** Enough for every room anyone types; the oldest are forgotten first. */
const MAX_ROOMS = 500;

/**
 * The regions found for rooms, by API origin and room (globalState: a room uuid is not a secret, and the
 * same room is found from any workspace). Another origin is another service, whose rooms may live
 * elsewhere, so nothing found at one origin is used at another.
 */
export class RegionMemory {
  constructor(private readonly state: vscode.Memento) {}

  private all(): Record<string, string> {
    const stored = this.state.get<unknown>(KEY);
    return typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as Record<string, string>) : {};
  }

  get(origin: string, room: string): Region | undefined {
    const value = this.all()[`${origin} ${room}`];
    return isRegion(value) ? value : undefined;
  }

  async remember(origin: string, room: string, region: Region): Promise<void> {
    const key = `${origin} ${room}`;
    // Re-inserted last, so that the order of the keys is the order of use.
    const { [key]: _old, ...rest } = this.all();
    const entries = Object.entries({ ...rest, [key]: region });
    await this.state.update(KEY, Object.fromEntries(entries.slice(-MAX_ROOMS)));
  }
}
