// The Markdown of Scene Snap's hovers over a room uuid or a token. Pure (no `vscode`): the glue wraps it in a
// MarkdownString whose `isTrusted` lists exactly `commands`, so a link can run Scene Snap's own commands
// and nothing else. The hover never holds a token: a token hover says what it is, from its decoded fields.
import * as l10n from '@vscode/l10n';
import { formatDuration, type TokenInfo } from '../../core/api/token';

/** Well under the 100,000 characters past which VS Code renders no hover at all (microsoft/vscode PR #213086). */
export const MAX_HOVER_CHARS = 60_000;
/** A thumbnail's data: URI longer than this is left out (a 240-pixel-wide PNG of a whiteboard is a few KB). */
export const MAX_THUMBNAIL_CHARS = 48_000;
/** Room names and paths come from settings and the service: cut, so that one of them cannot fill the hover. */
const MAX_TEXT = 200;

export interface HoverMarkdown {
  value: string;
  /** The commands its links run: the MarkdownString's `isTrusted.enabledCommands`. */
  commands: string[];
}

export interface RoomHoverFacts {
  uuid: string;
  /** Known: in sceneSnap.rooms or this workspace's history. Unknown: a 32-hex string the user asked to see. */
  known: boolean;
  name?: string;
  region: string;
  regionIsDefault: boolean;
  /** The token line as the Rooms view says it ("token: SDK token (…)"), or undefined for a room not configured. */
  token?: string;
  warnings: string[];
  /** The scene Screenshot takes: the room's path, else /init. */
  scenePath: string;
  /** The room's newest screenshot in this workspace's history. */
  last?: {
    id: string;
    path: string;
    time: number;
    blank?: boolean;
    /** A small PNG as a data: URI, when a kept snapshot could be downscaled. */
    thumbnail?: { uri: string; width: number; height: number };
    /** An earlier kept screenshot of that scene exists: Compare with Previous. */
    hasPrevious: boolean;
  };
  configured: boolean;
}

/** Text that Markdown shows as it is: every character that could start markup escaped, one line, cut. */
export function plainText(text: string, max = MAX_TEXT): string {
  const line = text.replace(/[\r\n\u2028\u2029]+/g, ' ');
  const cut = line.length > max ? `${line.slice(0, max - 1)}…` : line;
  return cut.replace(/[\\`*_{}[\]()#+\-.!|<>~&:$]/g, (c) => `\\${c}`);
}

/** A `command:` link whose arguments are JSON, URI-encoded, and whose label is plain text. */
function commandLink(label: string, command: string, args: unknown, commands: Set<string>): string {
  commands.add(command);
  return `[${plainText(label)}](command:${command}?${encodeURIComponent(JSON.stringify([args]))})`;
}

/** "3 min ago" / "in 2 h". */
function ago(time: number, now: number): string {
  return l10n.t('{0} ago', formatDuration(now - time));
}

function finish(lines: string[], commands: Set<string>): HoverMarkdown {
  let value = lines.join('\n\n');
  // Everything but the thumbnail is bounded by MAX_TEXT per line; this is the last guard.
  if (value.length > MAX_HOVER_CHARS) value = value.slice(0, MAX_HOVER_CHARS);
  return { value, commands: [...commands].sort() };
}

/** The hover over a room uuid. Its first line starts with "Scene Snap" (DESIGN.md). */
export function roomHoverMarkdown(facts: RoomHoverFacts, now: number): HoverMarkdown {
  const commands = new Set<string>();
  const title = facts.name ? `${plainText(facts.name)} (\`${facts.uuid}\`)` : `\`${facts.uuid}\``;
  const lines = [`Scene Snap · ${facts.known ? l10n.t('room') : l10n.t('not a known room')} ${title}`];
  const details = [facts.regionIsDefault ? l10n.t('region: {0} (default)', facts.region) : l10n.t('region: {0}', facts.region)];
  if (facts.token) details.push(facts.token);
  // A hard line break, not a paragraph: each paragraph's margin counts against VS Code's 250 px hover.
  lines[0] += `  \n${details.map((d) => plainText(d)).join(' · ')}`;
  for (const w of facts.warnings) lines.push(`$(warning) ${plainText(w, 400)}`);
  const last = facts.last;
  if (last) {
    const when = l10n.t('Last screenshot: {0}, {1}', last.path, ago(last.time, now));
    const whenLine = plainText(last.blank ? `${when} · ${l10n.t('Blank')}` : when);
    if (last.thumbnail && last.thumbnail.uri.startsWith('data:image/png;base64,') && last.thumbnail.uri.length <= MAX_THUMBNAIL_CHARS) {
      lines.push(`![${plainText(last.path)}](${last.thumbnail.uri}|width=${last.thumbnail.width},height=${last.thumbnail.height})  \n${whenLine}`);
    } else {
      lines.push(whenLine);
    }
  } else if (facts.known) {
    lines.push(plainText(l10n.t('No screenshot of this room in this workspace yet.')));
  }
  if (facts.known) {
    const links = [
      commandLink(l10n.t('Screenshot {0}', facts.scenePath), 'sceneSnap.screenshotScene', { room: facts.uuid, path: facts.scenePath }, commands),
      commandLink(l10n.t('Screenshot Every Scene of a Directory…'), 'sceneSnap.editor.screenshotDirectory', { room: facts.uuid }, commands),
    ];
    if (facts.configured) links.push(commandLink(l10n.t('Show in Rooms View'), 'sceneSnap.editor.showInRooms', { room: facts.uuid }, commands));
    if (last) links.push(commandLink(l10n.t('Open Last Screenshot'), 'sceneSnap.openHistoryEntry', { id: last.id }, commands));
    if (last?.hasPrevious) links.push(commandLink(l10n.t('Compare with Previous'), 'sceneSnap.compareWithPrevious', { entry: last.id }, commands));
    lines.push(links.join(' · '));
  } else {
    lines.push(
      [
        commandLink(l10n.t('Add to Rooms'), 'sceneSnap.addRoom', { uuid: facts.uuid }, commands),
        commandLink(l10n.t('Screenshot {0}', facts.scenePath), 'sceneSnap.screenshotScene', { room: facts.uuid, path: facts.scenePath }, commands),
      ].join(' · '),
    );
  }
  return finish(lines, commands);
}

export interface TokenHoverFacts {
  info: TokenInfo & { kind: 'sdk' | 'room' | 'task' };
  /** The name of the room a room or task token is bound to, when Scene Snap knows it. */
  roomName?: string;
  /** Where the token is: a file of the workspace (or tracked by git) can be committed. */
  inWorkspace: boolean;
  /** Arguments of Store as Token: where the token is, never the token. */
  where: { uri: string; line: number; start: number; end: number };
}

function tokenKindText(kind: 'sdk' | 'room' | 'task'): string {
  switch (kind) {
    case 'sdk':
      return l10n.t('SDK token');
    case 'room':
      return l10n.t('room token');
    case 'task':
      return l10n.t('task token');
  }
}

/** The hover over a token: what it is (kind, role, room, expiry), a warning in a workspace file, Store as Token. */
export function tokenHoverMarkdown(facts: TokenHoverFacts, now: number): HoverMarkdown {
  const commands = new Set<string>();
  const { info } = facts;
  // The role names are Netless's own (admin, writer, reader).
  const role = info.role ?? l10n.t('role unknown');
  const lines = [`Scene Snap · ${plainText(`${tokenKindText(info.kind)} · ${role}`)}`];
  const details: string[] = [];
  if (info.roomUuid) details.push(facts.roomName ? l10n.t('for room {0} ({1})', facts.roomName, info.roomUuid) : l10n.t('for room {0}', info.roomUuid));
  if (info.expiresAt === undefined) details.push(l10n.t('never expires'));
  else if (info.expiresAt <= now) details.push(l10n.t('expired {0} ago', formatDuration(now - info.expiresAt)));
  else details.push(l10n.t('expires in {0}', formatDuration(info.expiresAt - now)));
  lines.push(details.map((d) => plainText(d)).join(' · '));
  if (facts.inWorkspace) {
    lines.push(`$(warning) ${plainText(l10n.t('A token in a workspace file can be committed: store it in Scene Snap\'s secret storage instead.'), 400)}`);
  }
  if (info.kind !== 'task') {
    const label = info.kind === 'sdk' ? l10n.t('Store as SDK Token') : l10n.t('Store as Room Token');
    lines.push(commandLink(label, 'sceneSnap.editor.storeToken', facts.where, commands));
  }
  return finish(lines, commands);
}
