import * as vscode from 'vscode';
import { SceneSnapError, isSceneSnapError } from '../../core/api/errors';
import { problemText } from '../../core/api/problems';
import type { Region } from '../../core/api/regions';
import { roomUuidProblem } from '../../core/api/validate';
import { roomLabel, type RoomSetting } from '../../core/rooms/roomSettings';
import type { ClientProvider } from '../clientProvider';
import { apiOrigin, type TokenStore } from '../secrets/tokenStore';
import { findRoom, readSettings } from '../settings';
import type { RegionMemory } from './regionMemory';
import { regionName, writeRoom } from './roomCommands';

export interface FindOptions {
  cancellation?: vscode.CancellationToken;
  /** Ask the data centres even when a region is remembered for the room (after a 404 in that region). */
  fresh?: boolean;
}

/**
 * Where a room lives: remembered per API origin and room, else found by asking the five data centres at
 * once (src/core/api/findRegion.ts) with the token the room's calls would use, through the client in
 * effect (its proxy, its loopback rule, its origin). Nothing is shown here; see the flows below.
 */
export class RegionFinder {
  constructor(
    private readonly tokens: TokenStore,
    private readonly clients: ClientProvider,
    private readonly memory: RegionMemory,
    private readonly log: vscode.LogOutputChannel,
    /** Drops a room's cached listing once its region changes. */
    private readonly invalidate: (room: string) => void = () => undefined,
  ) {}

  /** The region found for the room at the API origin in effect, if one was. */
  known(room: string, origin = apiOrigin(readSettings().apiBaseUrl)): Region | undefined {
    return this.memory.get(origin, room);
  }

  /** Rejects with the codes of DESIGN.md: notFound (no data centre knows it), unauthorized/forbidden, noToken, cancelled… */
  async find(room: unknown, options: FindOptions = {}): Promise<Region> {
    const problem = roomUuidProblem(room);
    if (problem) throw new SceneSnapError('invalidInput', problemText(problem), { problem });
    const uuid = room as string;
    // The origin read once: the probes go only there, with the token stored for it.
    const settings = readSettings();
    const origin = apiOrigin(settings.apiBaseUrl);
    const remembered = options.fresh ? undefined : this.memory.get(origin, uuid);
    if (remembered) return remembered;
    const client = this.clients.get(settings);
    const token = await this.tokens.resolve(uuid, origin);
    if (!token) {
      throw new SceneSnapError('noToken', vscode.l10n.t('No token for room {0} at {1}: set its room token or the SDK token (Scene Snap: Set Token). Tokens are kept for each API host.', uuid, origin));
    }
    if (options.cancellation?.isCancellationRequested) throw new SceneSnapError('cancelled', vscode.l10n.t('The search for the region of room {0} was cancelled.', uuid));
    const abort = new AbortController();
    const onCancel = options.cancellation?.onCancellationRequested(() => abort.abort());
    try {
      const started = performance.now();
      const region = await this.clients.findRegion()(client, { room: uuid, token: token.token, signal: abort.signal, timeoutMs: settings.requestTimeoutSeconds * 1000 });
      this.log.info(`Region of room ${uuid} at ${origin}: ${region} (found in ${Math.round(performance.now() - started)} ms)`);
      await this.memory.remember(origin, uuid, region).then(undefined, (err: unknown) => this.log.warn(`Could not remember the region of ${uuid}: ${err instanceof Error ? err.message : String(err)}`));
      return region;
    } catch (err) {
      this.log[isSceneSnapError(err) && err.code === 'cancelled' ? 'info' : 'warn'](`Region of room ${uuid} at ${origin}: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    } finally {
      onCancel?.dispose();
    }
  }

  /** find(), with a cancellable progress notification. */
  findWithProgress(room: string, options: Omit<FindOptions, 'cancellation'> = {}): Promise<Region> {
    return Promise.resolve(
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Scene Snap: finding the region of room {0}…', room), cancellable: true },
        (_progress, cancellation) => this.find(room, { ...options, cancellation }),
      ),
    );
  }

  /**
   * "This room is in Singapore (sg): use sg for it?" Use It writes the region into the room's setting when
   * the room is configured (else the region stays remembered for it). Resolves true for Use It.
   */
  async offer(room: string, region: Region): Promise<boolean> {
    const useIt = vscode.l10n.t('Use It');
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('This room is in {0} ({1}): use {1} for it?', regionName(region), region), useIt);
    if (choice !== useIt) return false;
    await this.use(room, region);
    return true;
  }

  /** Writes the region into a configured room's entry, in the settings it comes from. */
  async use(room: string, region: Region): Promise<void> {
    const configured = findRoom(readSettings(), room);
    if (!configured || configured.region === region) return;
    const { source, ...entry } = configured;
    await writeRoom(source, { ...entry, region });
    this.invalidate(room);
    this.log.info(`Room ${room}: region set to ${region} in the ${source} settings`);
  }

  /**
   * After a 404 in `failedRegion`: asks the data centres, and when the room is elsewhere offers that region;
   * Use It writes it and runs `retry` with it. Resolves to what was found: 'elsewhere' (offered), 'same'
   * (the room is there: the 404 was about something else), or 'failed' (said already).
   */
  async afterNotFound(room: string, failedRegion: string | undefined, retry?: (region: Region) => unknown): Promise<'elsewhere' | 'same' | 'failed'> {
    let region: Region;
    try {
      region = await this.findWithProgress(room, { fresh: true });
    } catch (err) {
      this.showFailure(room, err);
      return 'failed';
    }
    if (region === failedRegion) return 'same';
    void this.offer(room, region).then((used) => used && retry?.(region));
    return 'elsewhere';
  }

  /**
   * Add Room's check before saving: the room is looked for in the data centres; a room without a region
   * gets the one found, a region that is not the room's is offered the right one. Undefined: nothing is to
   * be saved (dismissed, or no data centre knows the room and the user did not add it anyway). When the
   * data centres cannot be asked (no token yet, the network), the room is saved as it was entered.
   */
  async checkNewRoom(room: RoomSetting): Promise<RoomSetting | undefined> {
    let found: Region;
    try {
      found = await this.findWithProgress(room.uuid);
    } catch (err) {
      const code = isSceneSnapError(err) ? err.code : undefined;
      if (code === 'cancelled') return undefined;
      if (code === 'notFound') {
        const addAnyway = vscode.l10n.t('Add Anyway');
        const choice = await vscode.window.showWarningMessage(vscode.l10n.t('{0} Add room {1} anyway?', err instanceof Error ? err.message : String(err), room.uuid), addAnyway);
        return choice === addAnyway ? room : undefined;
      }
      this.log.warn(`Add Room: the region of ${room.uuid} was not checked: ${err instanceof Error ? err.message : String(err)}`);
      return room;
    }
    if (room.region === undefined) {
      vscode.window.setStatusBarMessage(`$(globe) ${vscode.l10n.t('Room {0} is in {1} ({2}).', room.uuid, regionName(found), found)}`, 4000);
      return { ...room, region: found };
    }
    if (room.region === found) return room;
    const useIt = vscode.l10n.t('Use It');
    const keep = vscode.l10n.t('Keep {0}', room.region);
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('This room is in {0} ({1}): use {1} for it?', regionName(found), found), useIt, keep);
    if (choice === useIt) return { ...room, region: found };
    return choice === keep ? room : undefined;
  }

  /**
   * Whether the room answers in `region`: one `GET /v5/rooms/{uuid}` there, with the token its calls would
   * use, through the client in effect. False on a 404; any other failure rejects (noToken, unauthorized,
   * forbidden, network…). A room that answers is remembered there, as a region found is.
   */
  async answersIn(room: string, region: Region): Promise<boolean> {
    const settings = readSettings();
    const origin = apiOrigin(settings.apiBaseUrl);
    const client = this.clients.get(settings);
    const token = await this.tokens.resolve(room, origin);
    if (!token) throw new SceneSnapError('noToken', vscode.l10n.t('No token for room {0} at {1}: set its room token or the SDK token (Scene Snap: Set Token). Tokens are kept for each API host.', room, origin));
    try {
      await client.getRoom({ room, token: token.token, region });
    } catch (err) {
      if (isSceneSnapError(err) && err.code === 'notFound') return false;
      throw err;
    }
    await this.memory.remember(origin, room, region).then(undefined, (err: unknown) => this.log.warn(`Could not remember the region of ${room}: ${err instanceof Error ? err.message : String(err)}`));
    return true;
  }

  /**
   * Add Room given as arguments (a keybinding, another extension, a flow that asked already): the same
   * rules as checkNewRoom, but nothing is asked, as the finder's command waits on no one (DESIGN.md). The
   * region given is checked with one call; without one, or after a 404 there, the data centres are asked
   * and the region found is saved (said in a message that waits for nothing). A 401/403 is a token problem,
   * not a region problem: no probe, and the room is saved as given, as it is when the service cannot be
   * asked at all. Undefined: nothing is to be saved (no data centre knows the room: said).
   */
  async checkGivenRoom(room: RoomSetting): Promise<RoomSetting | undefined> {
    const given = room.region as Region | undefined;
    try {
      if (given !== undefined && (await this.answersIn(room.uuid, given))) return room;
      // After a 404 in the region given, what is remembered for the room is stale: ask afresh.
      const found = await this.findWithProgress(room.uuid, { fresh: given !== undefined });
      if (given === undefined) vscode.window.setStatusBarMessage(`$(globe) ${vscode.l10n.t('Room {0} is in {1} ({2}).', room.uuid, regionName(found), found)}`, 4000);
      else void vscode.window.showInformationMessage(vscode.l10n.t('Room {0} is not in {1}: it is in {2} ({3}), and was added with {3}.', room.uuid, given, regionName(found), found));
      return { ...room, region: found };
    } catch (err) {
      const code = isSceneSnapError(err) ? err.code : undefined;
      if (code === 'cancelled') return undefined;
      const message = err instanceof Error ? err.message : String(err);
      if (code === 'notFound') {
        void vscode.window.showErrorMessage(vscode.l10n.t('Add Room: {0} Nothing was added.', message));
        return undefined;
      }
      this.log.warn(`Add Room: the region of ${room.uuid} was not checked: ${message}`);
      return room;
    }
  }

  /** A search that failed, said with what helps (Set Token for a token problem). */
  showFailure(room: string, err: unknown): void {
    const code = isSceneSnapError(err) ? err.code : undefined;
    if (code === 'cancelled') return;
    const message = err instanceof Error ? err.message : String(err);
    const setToken = vscode.l10n.t('Set Token');
    const tokenProblem = code === 'unauthorized' || code === 'forbidden' || code === 'noToken';
    const shown = vscode.l10n.t('The region of room {0} could not be found: {1}', roomLabel({ uuid: room, name: findRoom(readSettings(), room)?.name }), message);
    void vscode.window.showErrorMessage(shown, ...(tokenProblem ? [setToken] : [])).then((choice) => {
      if (choice === setToken) void vscode.commands.executeCommand('sceneSnap.setToken', { room });
    });
  }
}

/**
 * sceneSnap.findRegion {room}: resolves to the region (without waiting on the user; the offer to use it is
 * a non-modal message), or undefined when it could not be found (said in an error message).
 */
export function registerFindRegion(finder: RegionFinder, pickRoom: (title: string) => Promise<string | undefined>): vscode.Disposable {
  return vscode.commands.registerCommand('sceneSnap.findRegion', async (arg?: unknown) => {
    // {room} as DESIGN.md has it; a rooms tree node carries its room as {room: {uuid}}.
    const a = arg as { room?: unknown; uuid?: unknown; kind?: unknown } | undefined;
    const given = typeof a?.room === 'string' ? a.room : ((a?.room as { uuid?: unknown } | undefined)?.uuid ?? a?.uuid);
    const room = typeof given === 'string' ? given.trim() : await pickRoom(vscode.l10n.t('Find Region'));
    if (!room) return undefined;
    try {
      // A region already found for the room at this origin answers without a probe (DESIGN.md), except from
      // the Rooms view's problem node of a 404: the room just failed where it was looked for, so ask afresh.
      const region = await finder.findWithProgress(room, { fresh: a?.kind === 'problem' });
      void finder.offer(room, region);
      return region;
    } catch (err) {
      finder.showFailure(room, err);
      return undefined;
    }
  });
}
