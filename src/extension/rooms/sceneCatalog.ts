import * as vscode from 'vscode';
import { SceneSnapError } from '../../core/api/errors';
import type { Region } from '../../core/api/index';
import type { ClientProvider } from '../clientProvider';
import { Disposable } from '../disposable';
import { apiOrigin, type TokenStore } from '../secrets/tokenStore';
import { readSettings } from '../settings';
import type { RoomSetting } from '../../core/rooms/roomSettings';

/**
 * The scene paths of each room, listed on demand (never at activation) and cached until a refresh, a token
 * change or a settings change. Shared by the rooms tree and the path pickers. A failure is cached too, so
 * an expanded room with a bad token does not call the service on every repaint; Retry invalidates it.
 */
export class SceneCatalog extends Disposable {
  private readonly cache = new Map<string, Promise<string[]>>();
  /** The listings that succeeded, by the same key: read without a request (#22). */
  private readonly listed = new Map<string, string[]>();
  /** The error code of the listings that failed, by the same key: the Rooms view marks those rooms (#22). */
  private readonly failures = new Map<string, string>();
  private readonly changed = this.register(new vscode.EventEmitter<string | undefined>());
  /** Fires with the room uuid whose listing was dropped, or undefined for all rooms. */
  readonly onDidInvalidate = this.changed.event;
  private readonly failed = this.register(new vscode.EventEmitter<string>());
  /** Fires with the room uuid whose listing just failed. */
  readonly onDidFail = this.failed.event;

  constructor(
    private readonly tokens: TokenStore,
    private readonly clients: ClientProvider,
  ) {
    super();
  }

  scenes(room: RoomSetting): Promise<string[]> {
    // By region too: a typed room uuid may be tried in one region, then in another.
    const key = `${room.uuid}\n${room.region ?? ''}`;
    let listing = this.cache.get(key);
    if (!listing) {
      listing = this.fetch(room);
      this.cache.set(key, listing);
      listing.then(
        (scenes) => this.cache.get(key) === listing && this.listed.set(key, scenes),
        (err: unknown) => {
          if (this.cache.get(key) !== listing) return;
          this.failures.set(key, (err as { code?: unknown } | undefined)?.code === undefined ? 'error' : String((err as { code: unknown }).code));
          this.failed.fire(room.uuid);
        },
      );
    }
    return listing;
  }

  private async fetch(room: RoomSetting): Promise<string[]> {
    const settings = readSettings();
    const client = this.clients.get(settings);
    // The origin of this client, read once: the token is the one stored for it (issue 21).
    const origin = apiOrigin(settings.apiBaseUrl);
    const token = await this.tokens.resolve(room.uuid, origin);
    if (!token) throw new SceneSnapError('noToken', vscode.l10n.t('No token for {0}: set the room token or the SDK token to list its scenes. Tokens are kept for each API host.', origin));
    const region = (room.region ?? settings.defaultRegion) as Region;
    return client.listScenes({ room: room.uuid, token: token.token, region }, '/');
  }

  /** The room's scenes when a listing of them is already here (none is asked for). */
  known(uuid: string, region: string | undefined): readonly string[] | undefined {
    return this.listed.get(`${uuid}\n${region ?? ''}`) ?? this.listed.get(`${uuid}\n`);
  }

  /** The error code of the room's last listing in `region`, when it failed (none is asked for). */
  failure(uuid: string, region: string | undefined): string | undefined {
    return this.failures.get(`${uuid}\n${region ?? ''}`);
  }

  invalidate(uuid?: string): void {
    for (const map of [this.listed, this.failures]) {
      if (uuid === undefined) map.clear();
      else for (const key of [...map.keys()]) if (key.startsWith(`${uuid}\n`)) map.delete(key);
    }
    if (uuid === undefined) this.cache.clear();
    else for (const key of [...this.cache.keys()]) if (key.startsWith(`${uuid}\n`)) this.cache.delete(key);
    this.changed.fire(uuid);
  }
}
