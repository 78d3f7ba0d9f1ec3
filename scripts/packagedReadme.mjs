// The README that goes into the VSIX: what a user reads in VS Code's extension page. The sections for the
// people who build Scene Snap (its performance figures and how it is developed, about a third of the text)
// stay in the repository: the VSIX must keep within its 300 KB budget, and the README was its third largest
// file (28 KB compressed).

/** The `## ` sections left out of the packaged README. */
export const REPOSITORY_ONLY_SECTIONS = ['Performance', 'Development'];

/**
 * The README without the repository-only sections, each replaced by one line saying where it is.
 * @param {string} text the repository's README.md
 * @returns {string}
 */
export function packagedReadme(text) {
  const lines = text.split('\n');
  const out = [];
  let skipping = false;
  for (const line of lines) {
    const heading = /^## (.+?)\s*$/.exec(line);
    if (heading) {
      skipping = REPOSITORY_ONLY_SECTIONS.includes(heading[1]);
      if (skipping) {
        out.push(line, '', `The ${heading[1].toLowerCase()} section is in the README of Scene Snap's source repository.`, '');
        continue;
      }
    }
    if (!skipping) out.push(line);
  }
  return out.join('\n');
}
