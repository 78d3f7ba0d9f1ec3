// @ts-check
// The HTML report's page code (src/webview/report.ts: the compare panel's page with a stand-in host),
// bundled in memory: esbuild.mjs --cli inlines it into the command line's bundle (never the VSIX), the
// unit tests build it to check that report.html carries this code and no other.
import * as esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @param {{ minify?: boolean }} [options]
 * @returns {Promise<{ script: string, style: string }>}
 */
export async function buildReportPage(options = {}) {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { report: 'src/webview/report.ts' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    outdir: 'out/report-page',
    write: false,
    minify: options.minify ?? true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const text = (/** @type {string} */ ext) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  const script = text('.js');
  if (!script) throw new Error('the report page bundle has no script');
  return { script, style: text('.css') };
}
