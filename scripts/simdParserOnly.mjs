// @ts-check
/**
 * An esbuild plugin: undici carries its HTTP parser twice, as base64 WebAssembly with SIMD and without
 * (72 KB each, minified). It uses the one without only where WebAssembly SIMD is missing or broken (old Node
 * on ppc64, or UNDICI_NO_WASM_SIMD=1); every Node that VS Code's extension host runs on has SIMD. Bundling
 * only the SIMD parser keeps the VSIX within its 300 KB budget. Should the fallback ever be reached, the
 * request fails with this message rather than silently.
 * @type {import('esbuild').Plugin}
 */
export const simdParserOnly = {
  name: 'simd-parser-only',
  setup(build) {
    build.onResolve({ filter: /[\\/]llhttp[\\/]llhttp-wasm\.js$/ }, (args) => (args.importer.includes(`${'node_modules'}`) ? { path: args.path, namespace: 'simd-parser-only' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'simd-parser-only' }, () => ({
      contents: "throw new Error('Scene Snap bundles only the SIMD build of undici\\'s HTTP parser, and this WebAssembly has no SIMD (is UNDICI_NO_WASM_SIMD set?).');",
      loader: 'js',
    }));
  },
};
