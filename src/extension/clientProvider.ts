import * as path from 'node:path';
import { requireBundle } from './lazyBundle';
import type * as vscode from 'vscode';
import type { ClientOptions, NetlessClient } from '../core/api/index';
import { readSettings, type SceneSnapSettings } from './settings';

type Api = typeof import('../core/api/index');

/**
 * The one place that loads the HTTP side: the API client and undici are a bundle of their own,
 * dist/api.js, required on the first request so that activation stays cheap. Checks of what the user
 * types (src/core/api/validate.ts) are small and pure, and imported directly instead.
 *
 * One API client (one keep-alive connection pool) for as long as the options that shape it stay the same.
 * A settings change makes the next call build a new one; the old one closes once its calls are done.
 */
export class ClientProvider implements vscode.Disposable {
  private loaded: Api | undefined;
  private current: { key: string; client: NetlessClient } | undefined;

  /** @param words the extension's translation (vscode.l10n.bundle), for dist/api.js's own @vscode/l10n. */
  constructor(private readonly words?: Record<string, string>) {}

  /** The lazily loaded dist/api.js itself: the pure helpers that go with the client (the scene walk, the room list). */
  api(): Api {
    if (!this.loaded) {
      this.loaded = requireBundle<Api>(__dirname, 'api.js', path.join('..', 'core', 'api', 'index.js'));
      this.loaded.useWords(this.words);
    }
    return this.loaded;
  }

  get(settings: Readonly<SceneSnapSettings>): NetlessClient {
    const options: ClientOptions = {
      baseUrl: settings.apiBaseUrl,
      timeoutMs: settings.requestTimeoutSeconds * 1000,
      proxy: settings.proxy,
    };
    const key = JSON.stringify(options);
    if (this.current?.key !== key) {
      const client = this.api().createClient(options); // throws invalidInput for a bad base URL
      this.retire(this.current?.client);
      this.current = { key, client };
    }
    return this.current.client;
  }

  /**
   * The PNG downloads of the preview (from a screenshot's bucket, not the whiteboard API), through the API
   * client in effect: the same proxy settings and connection pool as the API calls.
   */
  downloads(): Pick<NetlessClient, 'fetchPng' | 'downloadPng'> {
    return this.get(readSettings());
  }

  /** The region search of the lazily loaded bundle (src/core/api/findRegion.ts), for the client of get(). */
  findRegion(): Api['findRegion'] {
    return this.api().findRegion;
  }

  /** Closes a client no longer in effect once its calls are done; close() never rejects (transport.ts). */
  private retire(client: NetlessClient | undefined): void {
    client?.close().then(undefined, () => undefined);
  }

  dispose(): void {
    this.retire(this.current?.client);
    this.current = undefined;
  }
}
