/**
 * The HTML report's page: the compare panel's page code (compare.ts), run by a stand-in host
 * (reportHost.ts, which must load first: it defines acquireVsCodeApi), and the report's layout. Bundled by
 * esbuild.mjs into the command line (never the VSIX) and inlined into report.html under a CSP hash.
 */
import './reportHost';
import './compare';
import './report.css';
