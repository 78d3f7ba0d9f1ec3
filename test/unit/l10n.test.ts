import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';

/**
 * Localization is complete and nothing is left over: the manifest's %keys% (package.nls*.json) and the
 * strings of l10n.t / vscode.l10n.t in src/ (l10n/bundle.l10n*.json), in English and Simplified Chinese.
 * The strings of the code are found by @vscode/l10n-dev, the tool `npm run l10n:export` runs.
 * After changing a string: `npm run l10n:export`, then translate what this test lists.
 */
const root = path.resolve(__dirname, '../../..');
const json = (file: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

const pkg = json('package.json');
const nls = json('package.nls.json');
const nlsZh = json('package.nls.zh-cn.json');
const bundle = json('l10n/bundle.l10n.json');
const bundleZh = json('l10n/bundle.l10n.zh-cn.json');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** The placeholders of a message, sorted: `{0}`, `{1}`, `{name}` (not `{"room": …}` or `{uuid, name?}`). */
function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\d+|[A-Za-z_]\w*)\}/g)].map((m) => m[0]).sort();
}

/** The %keys% a manifest value uses. */
function manifestKeys(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') {
    const m = /^%(.+)%$/.exec(value);
    if (m) found.push(m[1]!);
  } else if (Array.isArray(value)) {
    for (const v of value) manifestKeys(v, found);
  } else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) manifestKeys(v, found);
  }
  return found;
}

function sameKeys(a: Record<string, unknown>, aName: string, b: Record<string, unknown>, bName: string): void {
  const missing = Object.keys(a).filter((k) => !(k in b));
  const extra = Object.keys(b).filter((k) => !(k in a));
  assert.deepEqual(missing, [], `in ${aName} but not in ${bName}`);
  assert.deepEqual(extra, [], `in ${bName} but not in ${aName}`);
}

function translatedAlike(en: Record<string, unknown>, zh: Record<string, unknown>, what: string): void {
  for (const [key, value] of Object.entries(zh)) {
    assert.equal(typeof value, 'string', `${what}: ${key}`);
    assert.ok((value as string).trim(), `${what}: an empty translation of ${key}`);
    const source = en[key] as string;
    assert.deepEqual(placeholders(value as string), placeholders(source), `${what}: the placeholders of ${JSON.stringify(key)}`);
    // Links of welcome views and settings (command:…, `code`) must survive translation.
    const links = (s: string) => [...s.matchAll(/\]\((command:[^)]+)\)|`[^`]+`/g)].map((m) => m[0]).sort();
    assert.deepEqual(links(value as string), links(source), `${what}: the links and code of ${JSON.stringify(key)}`);
  }
}

describe('localization', () => {
  describe('manifest (package.nls*.json)', () => {
    it('points VS Code at the l10n folder', () => {
      assert.equal(pkg.l10n, './l10n');
    });

    it('has every %key% of package.json in package.nls.json, and no unused key', () => {
      const used = new Set(manifestKeys(pkg));
      assert.deepEqual([...used].filter((k) => !(k in nls)), [], '%keys% without an English string');
      assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), [], 'strings of package.nls.json that package.json does not use');
    });

    it('leaves no user-visible manifest text in English only', () => {
      const c = pkg.contributes as Record<string, any>;
      const texts: Array<[string, unknown]> = [
        ['description', pkg.description],
        ...c.commands.map((x: any) => [`${x.command} title`, x.title]),
        ...Object.values(c.views).flat().map((x: any) => [`${x.id} name`, x.name]),
        ...c.viewsWelcome.map((x: any) => [`${x.view} welcome`, x.contents]),
        ...(c.walkthroughs ?? []).flatMap((w: any) => [
          [`walkthrough ${w.id} title`, w.title],
          [`walkthrough ${w.id} description`, w.description],
          ...w.steps.flatMap((st: any) => [[`step ${st.id} title`, st.title], [`step ${st.id} description`, st.description], ...(st.media?.markdown ? [[`step ${st.id} markdown`, st.media.markdown]] : [])]),
        ]),
      ];
      const settings = (props: Record<string, any>, prefix = ''): void => {
        for (const [name, p] of Object.entries(props)) {
          for (const field of ['description', 'markdownDescription', 'markdownDeprecationMessage']) if (p[field] !== undefined) texts.push([`${prefix}${name} ${field}`, p[field]]);
          for (const d of p.enumDescriptions ?? []) texts.push([`${prefix}${name} enumDescriptions`, d]);
          if (p.items?.properties) settings(p.items.properties, `${prefix}${name}[].`);
        }
      };
      settings(c.configuration.properties);
      for (const [where, value] of texts) assert.match(String(value), /^%[^%]+%$/, `${where} is not a %key%`);
    });

    it('translates every key into Simplified Chinese, with the same placeholders and links', () => {
      sameKeys(nls, 'package.nls.json', nlsZh, 'package.nls.zh-cn.json');
      translatedAlike(nls, nlsZh, 'package.nls.zh-cn.json');
    });

    it('points at files that exist, in each language (the walkthrough pages)', () => {
      for (const [what, table] of [['package.nls.json', nls], ['package.nls.zh-cn.json', nlsZh]] as const) {
        for (const [key, value] of Object.entries(table)) {
          if (typeof value === 'string' && /^media\/.+\.\w+$/.test(value)) assert.ok(existsSync(path.join(root, value)), `${what}: ${key} names ${value}, which is missing`);
        }
      }
    });
  });

  describe('code (l10n/bundle.l10n*.json)', () => {
    let keys: Set<string>;

    before(async function () {
      this.timeout(60_000); // l10n-dev parses every file with tree-sitter: seconds on a busy machine
      const found = await getL10nJson(sourceFiles('src').map((f) => ({ extension: '.ts', contents: readFileSync(f, 'utf8') })));
      keys = new Set(Object.keys(found));
    });

    it('calls l10n.t with literal messages only, so the bundles can be checked', () => {
      // l10n-dev passes over a call whose message is not a literal; such a string would never be translated.
      const problems: string[] = [];
      for (const file of sourceFiles('src')) {
        readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
          if (/^\s*(\/\/|\/?\*)/.test(line)) return; // a comment may name l10n.t
          for (const m of line.matchAll(/\bl10n\.t\b(\(\s*)?(.?)/g)) {
            if (!m[1] || !/['"`{]/.test(m[2]!)) problems.push(`${path.relative(root, file)}:${i + 1}: l10n.t with a message that is not a literal, or taken as a value`);
          }
        });
      }
      assert.deepEqual(problems, []);
      assert.ok(keys.size > 100, `found ${keys.size} strings`);
    });

    it('has every string of the code in bundle.l10n.json, and no string the code no longer uses', () => {
      const missing = [...keys].filter((k) => !(k in bundle)).map((k) => JSON.stringify(k));
      assert.deepEqual(missing, [], 'strings missing from l10n/bundle.l10n.json (npm run l10n:export)');
      assert.deepEqual(Object.keys(bundle).filter((k) => !keys.has(k)), [], 'strings of l10n/bundle.l10n.json the code does not use');
      for (const [k, v] of Object.entries(bundle)) assert.equal(v, k, 'the English bundle maps each string to itself');
    });

    it('translates every string into Simplified Chinese, with the same placeholders', () => {
      sameKeys(bundle, 'l10n/bundle.l10n.json', bundleZh, 'l10n/bundle.l10n.zh-cn.json');
      translatedAlike(bundle, bundleZh, 'l10n/bundle.l10n.zh-cn.json');
    });

    it('keeps vscode out of src/core/api and src/webview: they word through @vscode/l10n, from the same bundle', () => {
      for (const dir of ['src/core/api', 'src/webview']) {
        const files = readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.ts'));
        for (const f of files) {
          const text = readFileSync(path.join(f.parentPath, f.name), 'utf8');
          assert.doesNotMatch(text, /from 'vscode'|require\('vscode'\)/, `${dir}/${f.name} imports vscode`);
          assert.doesNotMatch(text, /vscode\.l10n\.t\(/, `${dir}/${f.name} uses vscode.l10n.t`);
        }
      }
    });
  });

  describe('the helpers of this test', () => {
    it('find placeholders and %keys%', () => {
      assert.deepEqual(placeholders('{1} of {0} {name} {"room": 1} {uuid, name?}'), ['{0}', '{1}', '{name}']);
      assert.deepEqual(manifestKeys({ a: '%x%', b: ['%y%', 'z'], c: { d: '%w%' } }), ['x', 'y', 'w']);
    });
  });
});
