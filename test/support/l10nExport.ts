/**
 * `npm run l10n:export`: writes l10n/bundle.l10n.json (English) from the l10n.t calls in src/ and lists
 * what l10n/bundle.l10n.zh-cn.json lacks or has in excess. The Chinese bundle is written by people.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { scanL10n } from './l10nScan';

const root = path.resolve(__dirname, '../../..');
const { keys, problems } = scanL10n(root);
for (const p of problems) console.error(`error: ${p}`);
const bundle = Object.fromEntries([...keys.keys()].map((k) => [k, k]));
writeFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), `${JSON.stringify(bundle, null, 2)}\n`);
console.log(`l10n/bundle.l10n.json: ${keys.size} strings`);
const zhFile = path.join(root, 'l10n', 'bundle.l10n.zh-cn.json');
const zh: Record<string, unknown> = existsSync(zhFile) ? JSON.parse(readFileSync(zhFile, 'utf8')) : {};
const missing = [...keys.keys()].filter((k) => !(k in zh));
const extra = Object.keys(zh).filter((k) => !keys.has(k));
for (const k of missing) console.log(`zh-cn lacks: ${JSON.stringify(k)}`);
for (const k of extra) console.log(`zh-cn has unused: ${JSON.stringify(k)}`);
process.exitCode = problems.length > 0 ? 1 : 0;
