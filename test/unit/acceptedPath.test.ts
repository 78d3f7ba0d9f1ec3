import * as assert from 'node:assert/strict';
import { acceptedPath } from '../../src/extension/screenshots/acceptedPath';

// The path picker's items change on every keystroke and again when the room's scenes arrive; VS Code
// reports the selection by position, so an Enter pressed in between can name another row than the one on
// screen (seen in the demo: /test/page1 taken for a typed /test/cover).
describe('acceptedPath', () => {
  const valid = (p: string) => p.startsWith('/');
  const listed = ['/init', '/test/cover', '/test/page1'];

  it('takes a typed listed path over a selection that moved under it', () => {
    assert.equal(acceptedPath('/test/cover', '/test/page1', valid, listed), '/test/cover');
  });

  it('takes a typed path of the user’s own that no listed path starts with', () => {
    assert.equal(acceptedPath('/new/scene', '/init', valid, listed), '/new/scene');
  });

  it('leaves a typed prefix or a filter to the selected row (chosen with the arrows)', () => {
    assert.equal(acceptedPath('/test/c', '/test/cover', valid, listed), '/test/cover');
    assert.equal(acceptedPath('cov', '/test/cover', valid, listed), '/test/cover');
    assert.equal(acceptedPath('', '/init', valid, listed), '/init');
  });

  it('takes a typed prefix as it is when no row is selected, and trims', () => {
    assert.equal(acceptedPath(' /test/c ', undefined, valid, listed), '/test/c');
  });

  it('accepts nothing when neither is a valid path (a rule shown as the only row)', () => {
    assert.equal(acceptedPath('cov', '$(warning) Scene path must start with /', valid, listed), undefined);
    assert.equal(acceptedPath('', undefined, valid, listed), undefined);
  });
});
