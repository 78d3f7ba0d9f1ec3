import * as l10n from '@vscode/l10n';

/**
 * Gives this bundle's @vscode/l10n the translation VS Code loaded for the extension
 * (`vscode.l10n.bundle`), so that pure modules word their messages from the same l10n/bundle.l10n.*.json
 * as the glue. Each bundle (dist/extension.js, dist/api.js, the page) has its own copy of the library and
 * is configured once. Without a translation (an English VS Code) l10n.t returns the English source.
 *
 * The log's own words stay in English: log lines are written in code, never through l10n.t, and lead
 * with the facts (what happened, the error code, the status, the problem id). Where a line quotes what
 * the user was shown (an error's message, a token's summary), that part reads as it did on screen.
 */
export function useWords(bundle: Record<string, string> | undefined): void {
  if (bundle) l10n.config({ contents: bundle });
}
