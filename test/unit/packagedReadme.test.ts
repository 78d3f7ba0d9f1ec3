import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type Packaged = typeof import('../../scripts/packagedReadme.mjs', { with: { 'resolution-mode': 'import' } });
const repoRoot = path.resolve(__dirname, '../../..');

describe('the README packaged into the VSIX', () => {
  let packaged: Packaged;
  let readme: string;
  before(async () => {
    packaged = (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'packagedReadme.mjs')).href)) as Packaged;
    readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  });

  it("keeps every user's section whole and leaves out the builders' ones, saying where they are", () => {
    const text = packaged.packagedReadme(readme);
    const headings = (t: string) => t.split('\n').filter((l) => l.startsWith('## '));
    // Every heading stays (a link to one still lands), in the same order.
    assert.deepEqual(headings(text), headings(readme));
    for (const section of packaged.REPOSITORY_ONLY_SECTIONS) {
      assert.ok(headings(readme).includes(`## ${section}`), `README has no "## ${section}" any more: update REPOSITORY_ONLY_SECTIONS`);
      assert.match(text, new RegExp(`## ${section}\\n\\nThe ${section.toLowerCase()} section is in the README of Scene Snap's source repository\\.\\n`));
    }
    // What a user needs is all there, word for word.
    for (const kept of ['## Features', '## Troubleshooting', '## Whiteboard checks in CI', '## Settings']) {
      const from = (t: string) => t.slice(t.indexOf(kept), t.indexOf('\n## ', t.indexOf(kept) + 1));
      assert.equal(from(text), from(readme), kept);
    }
    assert.ok(!text.includes('npm run compile-tests'), 'the Development section is left out');
    assert.ok(text.length < readme.length * 0.8, `it is smaller: ${text.length} of ${readme.length} characters`);
  });
});
