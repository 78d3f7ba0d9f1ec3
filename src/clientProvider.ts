import type * as vscode from 'vscode';
import type { ClientOptions, NetlessClient } from './api/index';
import { loadApi } from './lazyApi';
import type { SceneSnapSettings } from './settings';

/**
 * One API client (one keep-alive connection pool) for as long as the options that shape it stay the same.
 * A settings change makes the next call build a new one; the old one closes once its calls are done.
 * Nothing is loaded until the first call.
 */
export class ClientProvider implements vscode.Disposable {
  private current: { key: string; client: NetlessClient } | undefined;

  get(settings: SceneSnapSettings): NetlessClient {
    const options: ClientOptions = {
      baseUrl: settings.apiBaseUrl,
      timeoutMs: settings.requestTimeoutSeconds * 1000,
      proxy: settings.proxy,
    };
    const key = JSON.stringify(options);
    if (this.current?.key !== key) {
      const client = loadApi().createClient(options); // throws invalidInput for a bad base URL
      void this.current?.client.close();
      this.current = { key, client };
    }
    return this.current.client;
  }

  dispose(): void {
    void this.current?.client.close();
    this.current = undefined;
  }
}
