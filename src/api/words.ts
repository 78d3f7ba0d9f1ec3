import * as l10n from '@vscode/l10n';

/**
 * Gives this bundle's @vscode/l10n the translation VS Code loaded for the extension
 * (`vscode.l10n.bundle`), so that pure modules word their messages from the same l10n/bundle.l10n.*.json
 * as the glue. Each bundle (dist/extension.js, dist/api.js, the page) has its own copy of the library and
 * is configured once. Without a translation (an English VS Code) l10n.t returns the English source.
 *
 * The log stays in English by stating facts, never through l10n.t: its own words are written in code
 * (what failed, the error code and status, a token's kind and role); a message shown to the user may
 * follow them as the data it is, in the user's language.
 */
export function useWords(bundle: Record<string, string> | undefined): void {
  if (bundle) l10n.config({ contents: bundle });
}
