import * as l10n from '@vscode/l10n';
import { downloadPng, fetchPng, type DownloadOptions, type PngInfo } from './download';
import { SceneSnapError } from './errors';
import {
  errorFromAnswer,
  parseRoomInfo,
  parseSceneList,
  parseScreenshotList,
  parseScreenshotResult,
  readSuccess,
  type Answer,
} from './responses';
import { DEFAULT_PAGE_SIZE, listAccess, parseRoomPage, type ListedRoomInfo } from './roomList';
import { Transport } from './transport';
import type { CallOptions, ClientOptions, NetlessClient, RoomAccess, RoomInfo, ScreenshotRequest, ScreenshotResult } from './types';
import { assertAccess, assertPath, assertSize, baseUrlProblem, invalid } from './validate';

const DEFAULT_SCENE = '/init';
const DEFAULT_DIRECTORY = '/';

function checkOptions(options: ClientOptions): { baseUrl: URL; maxRetries: number; baseDelayMs: number } {
  if (typeof options !== 'object' || options === null) throw invalid(l10n.t('Client options are missing.'));
  const urlProblem = baseUrlProblem(options.baseUrl);
  if (urlProblem) throw invalid(urlProblem);
  if (typeof options.timeoutMs !== 'number' || !(options.timeoutMs > 0) || !Number.isFinite(options.timeoutMs)) {
    throw invalid(l10n.t('Request timeout must be a positive number of milliseconds (got {0}).', String(options.timeoutMs)));
  }
  const maxRetries = options.retry?.maxRetries ?? 2;
  if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 2) {
    throw invalid(l10n.t('Retries must be a whole number from 0 to 2 (got {0}).', String(maxRetries)));
  }
  const baseDelayMs = options.retry?.baseDelayMs ?? 300;
  if (typeof baseDelayMs !== 'number' || !(baseDelayMs >= 0) || !Number.isFinite(baseDelayMs)) {
    throw invalid(l10n.t('Retry delay must be a number of milliseconds, 0 or more (got {0}).', String(baseDelayMs)));
  }
  return { baseUrl: new URL(options.baseUrl.trim()), maxRetries, baseDelayMs };
}

/** The headers the API documents, in its words; nothing else is sent. */
function headers(access: { token: string; region: string }): Record<string, string> {
  return { token: access.token, region: access.region, 'Content-Type': 'application/json' };
}

function roomPath(room: string): string {
  return `/v5/rooms/${encodeURIComponent(room)}`;
}

/** Everything is checked before anything is sent: invalid input and a missing token never cost a request. */
function screenshotBody(request: ScreenshotRequest, field: 'path' | 'directory'): { access: RoomAccess; body: string } {
  if (typeof request !== 'object' || request === null) throw invalid(l10n.t('The screenshot request is missing.'));
  const access = assertAccess(request.room, request.token, request.region);
  const width = assertSize(request.width, 'width');
  const height = assertSize(request.height, 'height');
  const path = assertPath(request.path ?? (field === 'path' ? DEFAULT_SCENE : DEFAULT_DIRECTORY), field);
  // Always send path: left out, the service names the object "…undefined.png".
  return { access, body: JSON.stringify({ width, height, path }) };
}

class Client implements NetlessClient {
  constructor(private readonly transport: Transport) {}

  async screenshotScene(request: ScreenshotRequest, options?: CallOptions): Promise<ScreenshotResult> {
    const { access, body } = screenshotBody(request, 'path');
    return this.call(access, 'POST', `${roomPath(access.room)}/screenshots`, body, options, parseScreenshotResult);
  }

  async screenshotSceneDirectory(request: ScreenshotRequest, options?: CallOptions): Promise<ScreenshotResult[]> {
    const { access, body } = screenshotBody(request, 'directory');
    return this.call(access, 'POST', `${roomPath(access.room)}/screenshot-list`, body, options, parseScreenshotList);
  }

  async listScenes(access: RoomAccess, sceneDir: string, options?: CallOptions): Promise<string[]> {
    const checked = assertAccess(access?.room, access?.token, access?.region);
    const dir = assertPath(sceneDir, 'directory');
    const path = `${roomPath(checked.room)}/scenes?sceneDir=${encodeURIComponent(dir)}`;
    return this.call(checked, 'GET', path, undefined, options, parseSceneList);
  }

  async getRoom(access: RoomAccess, options?: CallOptions): Promise<RoomInfo> {
    const checked = assertAccess(access?.room, access?.token, access?.region);
    return this.call(checked, 'GET', roomPath(checked.room), undefined, options, parseRoomInfo);
  }

  fetchPng(url: string, options: Omit<DownloadOptions, 'dispatcher'> = {}): Promise<PngInfo & { data: Buffer }> {
    return fetchPng(url, { ...options, dispatcher: this.transport.agent });
  }

  downloadPng(url: string, file: string, options: Omit<DownloadOptions, 'dispatcher'> = {}): Promise<PngInfo> {
    return downloadPng(url, file, { ...options, dispatcher: this.transport.agent });
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  async listRooms(access: Omit<RoomAccess, 'room'>, page: { beginUUID?: string | undefined; limit?: number }, options?: CallOptions): Promise<ListedRoomInfo[]> {
    const checked = listAccess(access, page);
    const query = new URLSearchParams({ ...(page.beginUUID ? { beginUUID: page.beginUUID } : {}), limit: String(page.limit ?? DEFAULT_PAGE_SIZE) });
    return this.call({ room: '', ...checked }, 'GET', `/v5/rooms?${query}`, undefined, options, parseRoomPage);
  }

  private async call<T>(
    access: RoomAccess,
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    options: CallOptions | undefined,
    parse: (value: unknown) => T,
  ): Promise<T> {
    const secrets = [access.token];
    const answer: Answer = await this.transport.send({
      method,
      path,
      headers: headers(access),
      ...(body === undefined ? {} : { body }),
      signal: options?.signal,
      secrets,
    });
    if (answer.status >= 200 && answer.status < 300) return readSuccess(answer, parse, secrets);
    throw errorFromAnswer(answer, secrets);
  }
}

/** Throws invalidInput when the options cannot work (a bad base URL, proxy URL, timeout or retry count). */
export function createClient(options: ClientOptions): NetlessClient {
  const { baseUrl, maxRetries, baseDelayMs } = checkOptions(options);
  try {
    return new Client(new Transport({ baseUrl, timeoutMs: options.timeoutMs, proxy: options.proxy, maxRetries, baseDelayMs }));
  } catch (err) {
    if (err instanceof SceneSnapError) throw err;
    throw invalid(l10n.t('The network settings cannot be used: {0}.', err instanceof Error ? err.message : String(err)));
  }
}
