/**
 * What the path picker accepts on Enter. Its items change on every keystroke and again when the room's
 * scenes arrive, and VS Code reports the selection by position, so an Enter pressed in between can name
 * another row than the one on screen. So a typed path wins when it is whole: one of the listed paths, or
 * a path no listed one starts with (a scene of the user's own). A typed prefix (`/test/c`) or a filter
 * (`cov`) leaves the choice to the selected row, which the user may have moved to with the arrows.
 * Pure: no `vscode`.
 */
export function acceptedPath(typed: string, selected: string | undefined, isValid: (path: string) => boolean, listed: readonly string[]): string | undefined {
  const value = typed.trim();
  if (value && isValid(value) && (listed.includes(value) || !listed.some((p) => p.startsWith(value)))) return value;
  if (selected !== undefined && isValid(selected)) return selected;
  return value && isValid(value) ? value : undefined;
}
