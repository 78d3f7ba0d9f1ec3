import * as vscode from 'vscode';
import type { Problem } from '../api/problems';
import { problemText } from './problemText';

/** An error from the API client or the glue: a `code` of DESIGN.md, maybe a `status` and the server's words. */
interface CodedError {
  code?: string;
  status?: number;
  serverMessage?: string;
  problem?: Problem;
  message?: string;
}

function coded(err: unknown): CodedError {
  return typeof err === 'object' && err !== null ? (err as CodedError) : { message: String(err) };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : (coded(err).message ?? String(err));
}

/**
 * True when VS Code loaded a translation of this extension's strings. Without one the UI is in English,
 * and the client's own English message says more than a sentence per code (a body excerpt, the network
 * error, the proxy advice), so it is shown as it is.
 */
function translated(): boolean {
  return vscode.l10n.bundle !== undefined;
}

/** What to do about a failed answer: from the server's words when they are clear, else by status. */
function adviceText(status: number, serverMessage: string | undefined): string {
  const said = serverMessage?.toLowerCase() ?? '';
  if (said.includes('role reader')) return vscode.l10n.t('The token has the reader role: use a token with the writer or admin role.');
  if (said.includes('access room')) return vscode.l10n.t("The room token belongs to another room: use this room's token or the SDK token.");
  if (said.includes('access team')) return vscode.l10n.t('The token belongs to another project: use a token of the project that owns this room.');
  if (said.includes('expired')) return vscode.l10n.t('The token has expired: make a new one.');
  switch (status) {
    case 400:
      return vscode.l10n.t('Check the room uuid, the path, the width and the height.');
    case 401:
      return vscode.l10n.t('Check that the token was copied in full and belongs to this project.');
    case 403:
      return vscode.l10n.t("Use an SDK token or this room's token, with the writer or admin role.");
    case 404:
      return vscode.l10n.t('Check the room uuid, the path and the region: a room answers only in its own region.');
    case 429:
      return vscode.l10n.t('Too many requests: wait a moment and try again.');
    default:
      return status >= 500 ? vscode.l10n.t('The service or a gateway on the way failed: try again later.') : vscode.l10n.t('Try again later.');
  }
}

/**
 * An error of the API client as the user reads it. The codes are stable, so the fixed part is said by
 * code in the user's language; the server's own `message` is kept verbatim (DESIGN.md). Problems found
 * by the client's checks are worded from their data. Messages the glue made are already translated.
 */
export function errorText(err: unknown): string {
  const e = coded(err);
  if (e.problem) return problemText(e.problem);
  const message = messageOf(err);
  if (!translated()) return message;
  switch (e.code) {
    case 'badRequest':
    case 'unauthorized':
    case 'forbidden':
    case 'notFound':
    case 'serverError': {
      if (e.status === undefined) return message;
      const advice = adviceText(e.status, e.serverMessage);
      return e.serverMessage !== undefined
        ? vscode.l10n.t('The whiteboard API answered {0}: "{1}". {2}', e.status, e.serverMessage, advice)
        : vscode.l10n.t('The whiteboard API answered {0}. {1}', e.status, advice);
    }
    case 'invalidResponse':
      return vscode.l10n.t('The whiteboard API answered with a body it does not document. Check that sceneSnap.apiBaseUrl points at the whiteboard API; the log has the details.');
    case 'timeout':
      return vscode.l10n.t('The whiteboard API did not answer in time. Try again, or raise sceneSnap.requestTimeoutSeconds.');
    case 'network':
      return vscode.l10n.t('Could not reach the whiteboard API. Check the network connection, sceneSnap.apiBaseUrl and the proxy settings; the log has the details.');
    case 'cancelled':
      return vscode.l10n.t('The request was cancelled.');
    default:
      return message;
  }
}

/**
 * A failed download of a screenshot's PNG from its bucket (src/api/download.ts), in the user's language.
 * The bucket is not the whiteboard API: its answers get their own words.
 */
export function downloadErrorText(err: unknown, file: string): string {
  const e = coded(err);
  const message = messageOf(err);
  if (!translated()) return message;
  if (e.status !== undefined) {
    return e.status === 403 || e.status === 404
      ? vscode.l10n.t('Downloading {0} failed: the server answered {1}. The bucket may not allow public reads, or the object was removed.', file, e.status)
      : vscode.l10n.t('Downloading {0} failed: the server answered {1}.', file, e.status);
  }
  switch (e.code) {
    case 'invalidResponse':
      return vscode.l10n.t('{0} is not a PNG image, or is too large; not downloaded.', file);
    case 'timeout':
      return vscode.l10n.t('Downloading {0} took too long.', file);
    case 'network':
      return vscode.l10n.t('Could not download {0}: check the network connection; the log has the details.', file);
    case 'cancelled':
      return vscode.l10n.t('Downloading {0} was cancelled.', file);
    default:
      // A file that could not be written: the system's own words say why.
      return message;
  }
}
