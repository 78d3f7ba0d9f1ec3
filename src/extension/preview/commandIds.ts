/**
 * Palette and context-menu commands acting on the active preview. The manifest's command ids must match
 * /^sceneSnap\.[A-Za-z]+$/ (test/unit/manifest.test.ts), hence no second dot; change them here only.
 * Ids only: registered at activation (lazyPreview.ts), run by the preview host once it is loaded.
 */
export const PREVIEW_COMMANDS = {
  copyUrl: 'sceneSnap.previewCopyUrl',
  copyAllUrls: 'sceneSnap.previewCopyAllUrls',
  copyMarkdown: 'sceneSnap.previewCopyMarkdown',
  copyImage: 'sceneSnap.previewCopyImage',
  openInBrowser: 'sceneSnap.previewOpenInBrowser',
  savePng: 'sceneSnap.previewSavePng',
  insertMarkdown: 'sceneSnap.previewInsertMarkdown',
} as const;

/** Not contributed, and registered only in ExtensionMode.Test: gives the tests the manager of the previews. */
export const MANAGER_COMMAND = 'sceneSnap.preview.manager';

/**
 * Test mode only, like MANAGER_COMMAND: drops the loaded preview host (its panels closed), so that the next
 * preview loads it again as the first one after VS Code starts does.
 */
export const UNLOAD_PREVIEW_HOST = 'sceneSnap.preview.unload';
