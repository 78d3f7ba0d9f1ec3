import * as vscode from 'vscode';
import { SceneSnapError } from '../api/errors';
import type { Region } from '../api/index';
import type { ClientProvider } from '../clientProvider';
import { Disposable } from '../disposable';
import { apiOrigin, type TokenStore } from '../secrets/tokenStore';
import { readSettings } from '../settings';
import type { RoomSetting } from './roomSettings';

/**
 * The scene paths of each room, listed on demand (never at activation) and cached until a refresh, a token
 * change or a settings change. Shared by the rooms tree and the path pickers. A failure is cached too, so
 * an expanded room with a bad token does not call the service on every repaint; Retry invalidates it.
 */
export class SceneCatalog extends Disposable {
  private readonly cache = new Map<string, Promise<string[]>>();
  private readonly changed = this.register(new vscode.EventEmitter<string | undefined>());
  /** Fires with the room uuid whose listing was dropped, or undefined for all rooms. */
  readonly onDidInvalidate = this.changed.event;

  constructor(
    private readonly tokens: TokenStore,
    private readonly clients: ClientProvider,
  ) {
    super();
  }

  scenes(room: RoomSetting): Promise<string[]> {
    let listing = this.cache.get(room.uuid);
    if (!listing) {
      listing = this.fetch(room);
      this.cache.set(room.uuid, listing);
    }
    return listing;
  }

  private async fetch(room: RoomSetting): Promise<string[]> {
    const settings = readSettings();
    const client = this.clients.get(settings);
    const token = await this.tokens.resolve(room.uuid);
    if (!token) throw new SceneSnapError('noToken', vscode.l10n.t('No token for {0}: set the room token or the SDK token to list its scenes. Tokens are kept for each API host.', apiOrigin(settings.apiBaseUrl)));
    const region = (room.region ?? settings.defaultRegion) as Region;
    return client.listScenes({ room: room.uuid, token: token.token, region }, '/');
  }

  invalidate(uuid?: string): void {
    if (uuid === undefined) this.cache.clear();
    else this.cache.delete(uuid);
    this.changed.fire(uuid);
  }
}
