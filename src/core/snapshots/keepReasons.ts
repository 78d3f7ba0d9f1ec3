/**
 * Why a screenshot's PNG could not be kept, as data, and its sentence: the one place these sentences are
 * written (through @vscode/l10n, in the user's language). Pure: no `vscode`.
 */
import * as l10n from '@vscode/l10n';

export type KeepFailureCode =
  | 'forbidden'
  | 'notFound'
  | 'httpStatus'
  | 'network'
  | 'timeout'
  | 'notPng'
  | 'tooLarge'
  | 'invalidImage'
  | 'invalidUrl'
  | 'storeFailed'
  | 'cancelled';

export interface KeepFailureFacts {
  /** The bucket's HTTP status, when it answered. */
  status?: number;
  /** The size limit, in bytes. */
  maxBytes?: number;
  /** A system error code (ECONNREFUSED, ENOSPC…), when there was one. */
  systemCode?: string;
}

const mib = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** The short English sentence shown in the history entry (it says why the preview shows the URL). */
export function keepFailureReason(code: KeepFailureCode, facts: KeepFailureFacts = {}): string {
  const system = facts.systemCode ? ` (${facts.systemCode})` : '';
  switch (code) {
    case 'forbidden':
      return l10n.t('The bucket answered 403: is it public-read?');
    case 'notFound':
      return l10n.t('The bucket answered 404: the image is no longer there.');
    case 'httpStatus':
      return facts.status === undefined ? l10n.t('The bucket answered an error.') : l10n.t('The bucket answered {0}.', facts.status);
    case 'network':
      return l10n.t('The image could not be downloaded: a network error{0}.', system);
    case 'timeout':
      return l10n.t('Downloading the image took too long.');
    case 'notPng':
      return l10n.t('The bucket did not answer with a PNG image.');
    case 'tooLarge':
      return facts.maxBytes === undefined ? l10n.t('The image is larger than the limit.') : l10n.t('The image is larger than {0} MiB.', mib(facts.maxBytes));
    case 'invalidImage':
      return facts.maxBytes === undefined
        ? l10n.t("The bucket's answer is not a PNG image within the size limit.")
        : l10n.t("The bucket's answer is not a PNG image within {0} MiB.", mib(facts.maxBytes));
    case 'invalidUrl':
      return l10n.t('The image URL cannot be downloaded (only http and https URLs can).');
    case 'storeFailed':
      return l10n.t('The image could not be written to the snapshot folder{0}.', system);
    case 'cancelled':
      return l10n.t('Keeping the image was cancelled.');
  }
}
