// The Debian packages the test hosts need (Chromium among them), installed when missing. The command line's
// tests open report.html in Chromium and run before the integration suite, which installs them too, so on
// a fresh CI machine `npm run test:cli` calls this first.
import { ensureAptPackages } from './setup.mjs';

await ensureAptPackages((line) => console.log(`[host] ${line}`));
