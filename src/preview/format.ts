/** Fills `{0}`, `{1}`… of a translated template (as vscode.l10n.t does). Pure: used by the page. */
export function format(template: string, ...args: ReadonlyArray<string | number>): string {
  return template.replace(/\{(\d+)\}/g, (match, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? match : String(value);
  });
}
