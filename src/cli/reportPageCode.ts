import type { ReportPageCode } from '../core/checks/reportPage';

// The HTML report's page code (src/webview/report.ts, bundled for the browser by scripts/reportPage.mjs),
// set by esbuild.mjs --cli as a define: it ships inside scene-snap.js, not in the VSIX.
declare const SCENE_SNAP_REPORT_PAGE: ReportPageCode | undefined;

export function reportPageCode(): ReportPageCode {
  if (typeof SCENE_SNAP_REPORT_PAGE === 'object' && SCENE_SNAP_REPORT_PAGE !== null) return SCENE_SNAP_REPORT_PAGE;
  throw new Error('this scene-snap was not built with its report page: build it with node esbuild.mjs --cli.');
}
