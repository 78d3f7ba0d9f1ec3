import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as l10n from '@vscode/l10n';
import { errorFromAnswer } from '../../src/core/api/responses';
import { problemText } from '../../src/core/api/problems';
import { summarizeToken, tokenWarnings } from '../../src/core/api/token';
import { roomUuidProblem } from '../../src/core/api/validate';
import { useWords } from '../../src/core/api/words';
import { checkArgs } from '../../src/core/api/resolveRequest';

/** The pure modules word their messages from the bundle VS Code hands the extension (here: zh-cn). */
describe('words from the extension bundle', () => {
  const root = path.resolve(__dirname, '../../..');
  const zh: Record<string, string> = JSON.parse(readFileSync(path.join(root, 'l10n/bundle.l10n.zh-cn.json'), 'utf8'));

  before(() => useWords(zh));
  // Back to no translation (English) for the other suites of this process.
  after(() => l10n.config({ contents: {} }));

  it('says a problem, a token warning and a summary in the translation', () => {
    assert.equal(problemText(roomUuidProblem('')!), zh['Room uuid is missing: give the uuid of a whiteboard room (letters, digits, - and _).']);
    assert.deepEqual(tokenWarnings({ kind: 'sdk', role: 'reader' }, 'r', 0), [zh['This token has the reader role: screenshots need the writer or admin role.']]);
    assert.equal(summarizeToken({ kind: 'sdk', role: 'admin' }, 0), `${zh['SDK token']} · admin · ${zh['never expires']}`);
    const checked = checkArgs(42);
    assert.equal(checked.ok ? '' : checked.problem, zh['the request must be an object like {"room": "<room uuid>"}']);
  });

  it("says the service's answer in the translation, keeping the server's own words", () => {
    const err = errorFromAnswer({ status: 401, statusText: 'Unauthorized', headers: {}, text: '{"message":"bad token"}', attempts: 1 }, []);
    assert.equal(err.code, 'unauthorized');
    assert.match(err.message, /^白板 API 返回 401 Unauthorized：bad token。/);
    assert.ok(err.message.includes(zh['Check that the token was copied in full and belongs to this project.']!));
  });

  it('keeps English without a translation', () => {
    useWords(undefined);
    l10n.config({ contents: {} });
    assert.match(problemText(roomUuidProblem('')!), /^Room uuid is missing/);
  });
});
