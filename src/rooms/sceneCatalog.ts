import * as vscode from 'vscode';
import type { Region } from '../api/index';
import type { ClientProvider } from '../clientProvider';
import { loadApi } from '../lazyApi';
import type { TokenStore } from '../secrets/tokenStore';
import { readSettings } from '../settings';
import type { RoomSetting } from './roomSettings';

/**
 * The scene paths of each room, listed on demand (never at activation) and cached until a refresh, a token
 * change or a settings change. Shared by the rooms tree and the path pickers. A failure is cached too, so
 * an expanded room with a bad token does not call the service on every repaint; Retry invalidates it.
 */
export class SceneCatalog implements vscode.Disposable {
  private readonly cache = new Map<string, Promise<string[]>>();
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with the room uuid whose listing was dropped, or undefined for all rooms. */
  readonly onDidInvalidate = this.changed.event;

  constructor(
    private readonly tokens: TokenStore,
    private readonly clients: ClientProvider,
  ) {}

  scenes(room: RoomSetting): Promise<string[]> {
    // By region too: a typed room uuid may be tried in one region, then in another.
    const key = `${room.uuid}\n${room.region ?? ''}`;
    let listing = this.cache.get(key);
    if (!listing) {
      listing = this.fetch(room);
      this.cache.set(key, listing);
    }
    return listing;
  }

  private async fetch(room: RoomSetting): Promise<string[]> {
    const api = loadApi();
    const settings = readSettings();
    const token = await this.tokens.resolve(room.uuid);
    if (!token) throw new api.SceneSnapError('noToken', vscode.l10n.t('No token: set the room token or the SDK token to list its scenes.'));
    const region = (room.region ?? settings.defaultRegion) as Region;
    return this.clients.get(settings).listScenes({ room: room.uuid, token: token.token, region }, '/');
  }

  invalidate(uuid?: string): void {
    if (uuid === undefined) this.cache.clear();
    else for (const key of [...this.cache.keys()]) if (key.startsWith(`${uuid}\n`)) this.cache.delete(key);
    this.changed.fire(uuid);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
