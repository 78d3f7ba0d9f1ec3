// Set by the bundle (esbuild define, from package.json and pixelmatch's); "dev" when run from out/.
declare const SCENE_SNAP_VERSION: string | undefined;
declare const PIXELMATCH_VERSION: string | undefined;

export const VERSION = typeof SCENE_SNAP_VERSION === 'string' ? SCENE_SNAP_VERSION : 'dev';
export const ENGINE_VERSION = typeof PIXELMATCH_VERSION === 'string' ? PIXELMATCH_VERSION : 'dev';
