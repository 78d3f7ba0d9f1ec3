import * as assert from 'node:assert/strict';
import { failureActions } from '../../src/extension/screenshots/failureActions';

describe('failureActions', () => {
  const withRoom = { room: 'r1', configured: true, canRetry: true };
  const cases: Array<[string, string[]]> = [
    ['unauthorized', ['Set Token', 'Show Log']],
    ['forbidden', ['Set Token', 'Show Log']],
    ['noToken', ['Set Token', 'Show Log']],
    ['notFound', ['Find Region', 'Edit Room', 'Show Log']],
    ['network', ['Retry', 'Show Log']],
    ['timeout', ['Retry', 'Show Log']],
    ['serverError', ['Retry', 'Show Log']],
    ['invalidInput', ['Show Log']],
    ['badRequest', ['Show Log']],
    ['invalidResponse', ['Show Log']],
  ];
  for (const [code, actions] of cases) {
    it(`${code} → ${actions.join(', ')}`, () => assert.deepEqual(failureActions(code, withRoom), actions));
  }

  it('offers Edit Room only for a room, and Retry only when the call can be repeated', () => {
    assert.deepEqual(failureActions('notFound', { canRetry: true }), ['Show Log']);
    assert.deepEqual(failureActions('network', { room: 'r1', configured: true, canRetry: false }), ['Show Log']);
  });

  it('offers Add Room instead of Edit Room for a room that is not configured (a typed uuid)', () => {
    assert.deepEqual(failureActions('notFound', { room: 'r1', configured: false, canRetry: true }), ['Find Region', 'Add Room', 'Show Log']);
  });

  it('offers Find Region only for a 404 of a room', () => {
    for (const code of ['unauthorized', 'forbidden', 'network', 'badRequest']) assert.ok(!failureActions(code, withRoom).includes('Find Region'), code);
  });
});
