import Mocha from 'mocha';

/**
 * The spec reporter plus one closing line, `<label>: N passed, N failed`, that CI reads to count tests.
 * The label comes from the reporter option `label` (e.g. `--reporter-option label=unit`).
 */
class ClosingLineReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions & { reporterOption?: Record<string, string> }) {
    super(runner, options);
    const label = options.reporterOption?.label ?? options.reporterOptions?.label ?? 'tests';
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const { passes, failures } = runner.stats ?? { passes: 0, failures: 0 };
      Mocha.reporters.Base.consoleLog(`${label}: ${passes} passed, ${failures} failed`);
    });
  }
}

export = ClosingLineReporter;
