/**
 * Why a screenshot's PNG could not be kept, as data, and its English sentence: the one place these
 * sentences are written (the wording layer will put them into the user's language from the code and
 * facts). Pure: no `vscode`.
 */
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

const mib = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

/** The short English sentence shown in the history entry (it says why the preview shows the URL). */
export function keepFailureReason(code: KeepFailureCode, facts: KeepFailureFacts = {}): string {
  const system = facts.systemCode ? ` (${facts.systemCode})` : '';
  switch (code) {
    case 'forbidden':
      return 'The bucket answered 403: is it public-read?';
    case 'notFound':
      return 'The bucket answered 404: the image is no longer there.';
    case 'httpStatus':
      return `The bucket answered ${facts.status ?? 'an error'}.`;
    case 'network':
      return `The image could not be downloaded: a network error${system}.`;
    case 'timeout':
      return 'Downloading the image took too long.';
    case 'notPng':
      return 'The bucket did not answer with a PNG image.';
    case 'tooLarge':
      return `The image is larger than ${facts.maxBytes === undefined ? 'the limit' : mib(facts.maxBytes)}.`;
    case 'invalidImage':
      return `The bucket's answer is not a PNG image within ${facts.maxBytes === undefined ? 'the size limit' : mib(facts.maxBytes)}.`;
    case 'invalidUrl':
      return 'The image URL cannot be downloaded (only http and https URLs can).';
    case 'storeFailed':
      return `The image could not be written to the snapshot folder${system}.`;
    case 'cancelled':
      return 'Keeping the image was cancelled.';
  }
}
