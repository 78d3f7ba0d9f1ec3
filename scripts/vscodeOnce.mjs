// @ts-check
/**
 * An esbuild plugin: every `import * as vscode from 'vscode'` of a bundle goes through one module, which
 * requires 'vscode' once. Without it, esbuild writes `__toESM(require("vscode"))` in each of the ~20
 * modules of dist/extension.js; each call goes through the extension host's require interceptors and
 * copies every property of the API (hundreds of getters). Measured in the bench host: loading
 * dist/extension.js took 10–13 ms with them, 3–4 ms with this.
 * @type {import('esbuild').Plugin}
 */
export const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};
