import Mocha from 'mocha';
import path from 'node:path';
import { format } from 'node:util';
import ClosingLineReporter from '../support/closingLineReporter';

/**
 * The smoke suite's entry, loaded by the extension host of a VS Code in which Scene Snap is installed from
 * its VSIX (`node test/host/run.mjs --vsix <file> --tests out/test/smoke/index.js`).
 */
export function run(): Promise<void> {
  // The forwarded console does not apply printf-style formats; mocha's reporter relies on them.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args));
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 20_000, reporter: ClosingLineReporter, reporterOptions: { label: 'smoke' } });
  mocha.addFile(path.join(__dirname, 'installed.test.js'));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} smoke test(s) failed`)) : resolve()));
  });
}
