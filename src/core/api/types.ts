import type { DownloadOptions, PngInfo } from './download';
import type { Region } from './regions';

/** What every call needs: the room, a token allowed to use it, and the data centre it lives in. */
export interface RoomAccess {
  room: string;
  token: string;
  region: Region;
}

export interface ScreenshotRequest extends RoomAccess {
  width: number;
  height: number;
  /** A scene (`/init` when left out) or, for a directory screenshot, a directory (`/` when left out). */
  path?: string;
}

/** One stored screenshot, as the service answers it (201). */
export interface ScreenshotResult {
  url: string;
  key: string;
  bucket: string;
  /** The storage region of the bucket (e.g. `oss-cn-hangzhou`), not the whiteboard region. */
  region: string;
}

/** GET /v5/rooms/{uuid}. Only `uuid` is guaranteed; the rest is kept when it has the documented type. */
export interface RoomInfo {
  uuid: string;
  teamUUID?: string;
  appUUID?: string;
  isRecord?: boolean;
  isBan?: boolean;
  createdAt?: string;
  limit?: number;
}

export interface ProxyOptions {
  /** An explicit proxy (VS Code's http.proxy); without it HTTPS_PROXY / HTTP_PROXY apply. */
  url?: string;
  /** Verify TLS certificates, of the API and of an https proxy (VS Code's http.proxyStrictSSL). Default true. */
  strictSSL?: boolean;
  /** Hosts reached without the proxy (VS Code's http.noProxy); without it NO_PROXY applies. */
  noProxy?: string[];
}

export interface RetryOptions {
  /** Retries of a transient failure, 0 to 2. Default 2. */
  maxRetries?: number;
  /** First backoff delay; it doubles per retry and is jittered down by up to half. Default 300 ms. */
  baseDelayMs?: number;
}

export interface ClientOptions {
  /** e.g. https://api.netless.link (sceneSnap.apiBaseUrl). */
  baseUrl: string;
  /** The whole budget of one call: connecting, headers, body and any retries. */
  timeoutMs: number;
  proxy?: ProxyOptions;
  retry?: RetryOptions;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface NetlessClient {
  /** POST /v5/rooms/{uuid}/screenshots */
  screenshotScene(request: ScreenshotRequest, options?: CallOptions): Promise<ScreenshotResult>;
  /** POST /v5/rooms/{uuid}/screenshot-list: one result per scene directly in the directory. */
  screenshotSceneDirectory(request: ScreenshotRequest, options?: CallOptions): Promise<ScreenshotResult[]>;
  /** GET /v5/rooms/{uuid}/scenes?sceneDir=: the full paths of the scenes below the directory. */
  listScenes(access: RoomAccess, sceneDir: string, options?: CallOptions): Promise<string[]>;
  /** GET /v5/rooms/{uuid} */
  getRoom(access: RoomAccess, options?: CallOptions): Promise<RoomInfo>;
  /** GET /v5/rooms?beginUUID=&limit=: one page of the rooms of `region` (SDK token only; roomList.ts pages them). */
  listRooms(access: Omit<RoomAccess, 'room'>, page: { beginUUID?: string | undefined; limit?: number }, options?: CallOptions): Promise<import('./roomList').ListedRoomInfo[]>;
  /** A screenshot's PNG from its bucket, in memory, through the same proxy settings and pool as the API calls. */
  fetchPng(url: string, options?: Omit<DownloadOptions, 'dispatcher'>): Promise<PngInfo & { data: Buffer }>;
  /** The same, streamed to `file` (written to a temporary name, then renamed). */
  downloadPng(url: string, file: string, options?: Omit<DownloadOptions, 'dispatcher'>): Promise<PngInfo>;
  /** Closes the keep-alive connections once the calls in flight are done; never rejects. */
  close(): Promise<void>;
}
