import * as assert from 'node:assert/strict';
import { MAX_LOGGED_MESSAGE, failureLogLine } from '../../src/extension/screenshots/failureLogLine';

// Issue 21, point 8: the error keeps the server's message whole; the log line is what is bounded.
describe('the log line of a failed screenshot', () => {
  it('says what failed, its code, status and problem', () => {
    const err = { code: 'notFound', status: 404, message: 'room not found', problem: { id: 'x' } };
    assert.equal(failureLogLine('scene', { room: 'r1', path: '/init' }, err), 'Screenshot of r1 /init failed [notFound 404 x]: room not found');
    assert.equal(failureLogLine('directory', undefined, new Error('boom')), 'Screenshots of a directory failed [unexpected]: boom');
  });

  it('bounds a 2,000-character server message, keeping its start and saying how much was cut', () => {
    const long = `${'x'.repeat(1999)}!`;
    const line = failureLogLine('scene', { room: 'r1' }, { code: 'badRequest', status: 400, message: long });
    assert.ok(line.length < 200 + MAX_LOGGED_MESSAGE, `${line.length} characters`);
    assert.ok(line.startsWith(`Screenshot of r1 failed [badRequest 400]: ${'x'.repeat(MAX_LOGGED_MESSAGE - 1)}`), line.slice(0, 80));
    assert.ok(!line.includes('!'), 'the end is cut');
    assert.match(line, new RegExp(`… \\(${2000 - (MAX_LOGGED_MESSAGE - 1)} more characters\\)$`));
  });

  it('keeps the log to one line whatever the message holds', () => {
    const line = failureLogLine('scene', { room: 'r1' }, { code: 'badRequest', message: 'a\nERROR forged line\r\nb' });
    assert.ok(!/[\r\n]/.test(line), line);
  });
});
