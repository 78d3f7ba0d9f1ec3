import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

/** The package manifest against the public contract of DESIGN.md (identity, activation, dependencies). */
const repoRoot = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(readFileSync(path.join(repoRoot, 'package.nls.json'), 'utf8'));

/** A manifest value as an English-speaking user sees it: `%key%` resolved through package.nls.json. */
function english(value: unknown): unknown {
  const key = typeof value === 'string' ? /^%(.+)%$/.exec(value)?.[1] : undefined;
  return key === undefined ? value : nls[key];
}

/**
 * Whether typing `query` in the Command Palette finds `title`, after VS Code's command filter (prefix,
 * words in order each matching the start of a word, or a contiguous substring), ignoring case and the
 * ellipsis nobody types.
 */
function paletteMatches(query: string, title: string): boolean {
  const norm = (t: string) => t.toLowerCase().replace(/…$/, '').trim();
  const q = norm(query);
  const t = norm(title);
  if (t.includes(q)) return true;
  const qWords = q.split(/\s+/);
  const tWords = t.split(/\s+/);
  let at = 0;
  for (const w of qWords) {
    while (at < tWords.length && !tWords[at]!.startsWith(w)) at++;
    if (at === tWords.length) return false;
    at++;
  }
  return true;
}

/**
 * The other titles that typing `own` in full would put before or level with its own command, in `locale`.
 * VS Code 1.100's palette lists the commands that match in this order: the recently used first, then by
 * their full label ("Scene Snap: …", `localeCompare`); it does not rank an exact match first. So a title may
 * also find longer titles (typing "Add Room" finds "Add Rooms from the Project…" too) as long as its own
 * command is the one Enter runs: exactly the query and listed first (until the user runs the other one,
 * which the recently used order then puts first: that is the user's own choice, not an ambiguity). A title
 * that is the same as another's once normalised, or one that sorts before the title typed, is ambiguous.
 */
function paletteRivals(own: string, titles: readonly string[], locale: string): string[] {
  const norm = (t: string) => t.toLowerCase().replace(/…$/, '').trim();
  const label = (t: string) => `Scene Snap: ${t}`;
  return titles.filter((other) => other !== own && paletteMatches(own, other) && (norm(other) === norm(own) || label(other).localeCompare(label(own), locale) <= 0));
}

describe('package.json', () => {
  it('has the identity of the contract', () => {
    assert.equal(pkg.publisher, 'scenesnap');
    assert.equal(pkg.name, 'scene-snap');
    assert.equal(english(pkg.displayName), 'Scene Snap');
    assert.equal(pkg.engines.vscode, '^1.100.0');
    assert.equal(pkg.license, 'MIT');
    assert.equal(pkg.main, './dist/extension.js');
  });

  it('activates implicitly, never on "*" or at startup', () => {
    for (const event of pkg.activationEvents ?? []) {
      assert.ok(event !== '*' && event !== 'onStartupFinished', `activation event ${event}`);
    }
  });

  it('gives every command the "Scene Snap" category and a sceneSnap. id', () => {
    for (const c of pkg.contributes.commands) {
      assert.match(c.command, /^sceneSnap\.[A-Za-z]+$/);
      assert.equal(english(c.category), 'Scene Snap', c.command);
    }
  });

  it('ships undici 7, @vscode/l10n and pixelmatch as its only runtime dependencies (VS Code 1.100 runs Node 20; undici 8 needs 22; PNGs decode with Node\'s zlib)', () => {
    assert.deepEqual(Object.keys(pkg.dependencies).sort(), ['@vscode/l10n', 'pixelmatch', 'undici']);
    assert.match(pkg.dependencies.undici, /^[\^~]?7\./);
    const installed = JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', 'undici', 'package.json'), 'utf8'));
    assert.equal(installed.version.split('.')[0], '7');
  });

  for (const [language, file, locale] of [['English', 'package.nls.json', 'en'], ['Simplified Chinese', 'package.nls.zh-cn.json', 'zh-CN']] as const) {
    it(`has command titles (${language}) that typed in full select their own command, not another`, () => {
      const strings: Record<string, string> = JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8'));
      const titles = (pkg.contributes.commands as Array<{ command: string; title: string }>).map((c) => ({ id: c.command, title: strings[/^%(.+)%$/.exec(c.title)![1]!]! }));
      for (const a of titles) assert.ok(a.title, `${a.id} has no ${language} title`);
      const all = titles.map((t) => t.title);
      for (const a of titles) {
        assert.deepEqual(paletteRivals(a.title, all, locale), [], `typing "${a.title}" (${a.id}) lists these before its own command, or level with it`);
      }
    });
  }

  it('tells a longer title found by a shorter one (allowed) from real ambiguity (refused)', () => {
    // Typed in full, "Add Room…" is exactly its own title and listed first; the longer title comes after.
    assert.deepEqual(paletteRivals('Add Room…', ['Add Room…', 'Add Rooms from the Project…'], 'en'), []);
    // The longer title typed in full finds nothing else.
    assert.deepEqual(paletteRivals('Add Rooms from the Project…', ['Add Room…', 'Add Rooms from the Project…'], 'en'), []);
    // The same title but for the ellipsis: nobody can tell them apart.
    assert.deepEqual(paletteRivals('Find Region…', ['Find Region…', 'Find Region'], 'en'), ['Find Region']);
    // Found, and listed first: Enter would run the other command ("从" sorts before "添").
    assert.deepEqual(paletteRivals('添加房间…', ['添加房间…', '从项目添加房间…'], 'zh-CN'), ['从项目添加房间…']);
  });

  it('has a 128×128 PNG icon that the VSIX allowlist ships (media/, scripts/icon.mjs draws it)', () => {
    assert.match(pkg.icon, /^media\/[\w-]+\.png$/);
    const png = PNG.sync.read(readFileSync(path.join(repoRoot, pkg.icon)));
    assert.deepEqual([png.width, png.height], [128, 128]);
    const allowlist = readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(allowlist.includes('!media/**') || allowlist.includes('!media/*.png'), ".vscodeignore lets media/'s PNG icon into the VSIX");
  });

  it('has no native module among the runtime dependencies and theirs (one VSIX runs everywhere)', () => {
    const seen = new Set<string>();
    const visit = (name: string): void => {
      if (seen.has(name)) return;
      seen.add(name);
      const dir = path.join(repoRoot, 'node_modules', name);
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      assert.ok(!existsSync(path.join(dir, 'binding.gyp')) && !manifest.gypfile, `${name} builds a native module`);
      assert.ok(!manifest.scripts?.install && !manifest.scripts?.postinstall, `${name} runs an install script`);
      for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep);
    };
    for (const dep of Object.keys(pkg.dependencies)) visit(dep);
    assert.ok(seen.has('pixelmatch'), 'the runtime dependencies were visited');
  });

  it('pins @types/vscode to the minimum engine, never newer', () => {
    assert.equal(pkg.devDependencies['@types/vscode'], '1.100.0');
  });

  it('has a package-lock.json whose root entry names the same dependency specs (npm ci would rewrite it otherwise)', () => {
    const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8'));
    const root = lock.packages[''];
    assert.equal(root.name, pkg.name);
    assert.equal(root.version, pkg.version);
    assert.deepEqual(root.dependencies ?? {}, pkg.dependencies ?? {});
    assert.deepEqual(root.devDependencies ?? {}, pkg.devDependencies ?? {});
  });

  it('declares every setting of the contract under sceneSnap.*', () => {
    const keys = Object.keys(pkg.contributes.configuration.properties);
    for (const key of ['apiBaseUrl', 'rooms', 'defaultRegion', 'defaultWidth', 'defaultHeight', 'requestTimeoutSeconds']) {
      assert.ok(keys.includes(`sceneSnap.${key}`), `sceneSnap.${key} is not declared`);
    }
    assert.deepEqual(pkg.contributes.configuration.properties['sceneSnap.defaultRegion'].enum, ['us-sv', 'sg', 'in-mum', 'eu', 'cn-hz']);
  });

  it('works in Restricted Mode with the settings a workspace must not steer listed as restricted', () => {
    const untrusted = pkg.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.deepEqual([...untrusted.restrictedConfigurations].sort(), ['sceneSnap.apiBaseUrl', 'sceneSnap.saveFolder', 'sceneSnap.snapshots.maxMegabytes']);
    assert.match(untrusted.description, /^%.+%$/, 'localized');
    for (const key of untrusted.restrictedConfigurations) assert.ok(pkg.contributes.configuration.properties[key], `${key} is declared`);
  });
});
