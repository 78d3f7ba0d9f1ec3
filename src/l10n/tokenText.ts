import * as vscode from 'vscode';
import type { TokenInfo, TokenProblem } from '../api/token';
import { tokenProblems } from '../api/token';

/** "23 h", "5 min", "3 d", in the user's language. */
export function durationText(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) return vscode.l10n.t('less than a minute');
  if (minutes < 60) return vscode.l10n.t('{0} min', minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return vscode.l10n.t('{0} h', hours);
  return vscode.l10n.t('{0} d', Math.floor(hours / 24));
}

function tokenProblemText(p: TokenProblem): string {
  switch (p.id) {
    case 'notNetless':
      return vscode.l10n.t('This is not a Netless token: it should start with NETLESSSDK_ or NETLESSROOM_. Copy it again from Agora Console or your token server.');
    case 'task':
      return vscode.l10n.t('This is a task token, made for one file conversion: screenshots need an SDK token or a room token.');
    case 'expired':
      return vscode.l10n.t('This token expired {0} ago ({1}): make a new one.', durationText(p.agoMs), p.at);
    case 'reader':
      return vscode.l10n.t('This token has the reader role: screenshots need the writer or admin role.');
    case 'otherRoom':
      return vscode.l10n.t("This room token is for room {0}, not {1}: use this room's token or the SDK token.", p.tokenRoom, p.forRoom);
  }
}

/** Why a token will not take screenshots of `forRoom` (src/api/token.ts), in the user's language. */
export function tokenWarningTexts(info: TokenInfo, forRoom: string | undefined, now: number): string[] {
  return tokenProblems(info, forRoom, now).map(tokenProblemText);
}

function kindText(kind: TokenInfo['kind']): string {
  switch (kind) {
    case 'sdk':
      return vscode.l10n.t('SDK token');
    case 'room':
      return vscode.l10n.t('Room token');
    case 'task':
      return vscode.l10n.t('Task token');
    case 'unknown':
      return vscode.l10n.t('Unrecognised token');
  }
}

/** One line for a tooltip or a message, e.g. "Room token · writer · expires in 23 h". Never the token itself. */
export function tokenSummaryText(info: TokenInfo, now: number): string {
  if (info.kind === 'unknown') return kindText('unknown');
  // The role names are Netless's own (admin, writer, reader): kept as they are, as in Agora's docs.
  const role = info.role ?? vscode.l10n.t('role unknown');
  let expiry: string;
  if (info.expiresAt === undefined) expiry = vscode.l10n.t('never expires');
  else if (info.expiresAt <= now) expiry = vscode.l10n.t('expired {0} ago', durationText(now - info.expiresAt));
  else expiry = vscode.l10n.t('expires in {0}', durationText(info.expiresAt - now));
  return [kindText(info.kind), role, expiry].join(' · ');
}
