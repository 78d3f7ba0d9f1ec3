import * as path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.join(__dirname, '..', '..', '..', '..');

/** The modules a bundle of `entry` would contain, as esbuild resolves them, and what it leaves to require. */
export async function bundledInputs(entry: string): Promise<{ inputs: string[]; imports: string[] }> {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    logLevel: 'silent',
  });
  const outputs = Object.values(result.metafile.outputs);
  return { inputs: Object.keys(result.metafile.inputs), imports: outputs.flatMap((o) => o.imports.map((i) => i.path)) };
}
