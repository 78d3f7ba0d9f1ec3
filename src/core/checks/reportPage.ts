/**
 * What report.html carries for its page (src/webview/reportHost.ts): the findings with their PNGs and
 * comparison, as JSON in a non-executed `<script type="application/json">` block. The page hands each to the
 * compare panel's own page code (src/webview/compare.ts), so the report has the panel's modes. Types are
 * shared by both sides and nothing else is here: the page is bundled for the browser. The builder is in
 * reportHtml.ts.
 */
import type { CompareResult } from '../images/types';

export interface ReportPageItem {
  name: string;
  /** A Verdict (verdict.ts; not imported: that module's imports are Node's, and this one is bundled for the page). */
  verdict: string;
  room: string;
  scene: string;
  /** What happened, in words (as the other reports say it). */
  summary: string;
  /** Base64 PNGs: the baseline and the screenshot, each when there is one. */
  expected?: string;
  actual?: string;
  /** The comparison, when both images were compared (changed, size changed). */
  result?: CompareResult;
  /** The comparison mask (one byte per pixel of result's union, MaskValue), zlib-deflated, base64. */
  mask?: string;
}

export interface ReportPageData {
  /** When the screenshots were taken (epoch ms): the time the compare page shows for "actual". */
  takenAt: number;
  items: ReportPageItem[];
}

/** The page's code, bundled from src/webview/report.ts by esbuild.mjs (into the command line, not the VSIX). */
export interface ReportPageCode {
  script: string;
  style: string;
}

export const REPORT_DATA_ID = 'scene-snap-report-data';
