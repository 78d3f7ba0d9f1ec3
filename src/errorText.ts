import * as vscode from 'vscode';
import type { Problem } from './api/problems';

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

/** True when VS Code loaded a translation of this extension's strings. */
function translated(): boolean {
  return vscode.l10n.bundle !== undefined;
}

/**
 * An error as the user reads it. The client words its own messages (src/api/, through @vscode/l10n), and
 * so does the glue; what is left here are the failures of the transport and of the PNG downloads
 * (src/api/transport.ts, download.ts), whose English says more (the network error, the proxy advice) and
 * which are said by code while a translation is loaded. Move a message into its module with l10n.t and
 * its case here goes.
 */
export function errorText(err: unknown): string {
  const e = coded(err);
  const message = messageOf(err);
  if (e.problem || !translated()) return message;
  switch (e.code) {
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
