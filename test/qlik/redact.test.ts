import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {errorFromResponse} from '../../source/qlik/error-body.js';
import {createRedactor, redactSecrets} from '../../source/qlik/redact.js';

const SECRET = 'S3CR3T-0123456789abcdef0123456789abcdef';

/** Every 8-character piece of `secret` found in `text`. */
function pieces(text: string, secret: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + 8 <= secret.length; i++)
    if (text.includes(secret.slice(i, i + 8))) found.push(secret.slice(i, i + 8));
  return found;
}

describe('redactSecrets', () => {
  test('masks whole copies and every piece of 8 characters or more, wherever it stands', () => {
    for (const text of [
      `secret=${SECRET}!`,
      `prefix only ${SECRET.slice(0, 12)}…`,
      `the tail ${SECRET.slice(-9)} and the middle ${SECRET.slice(10, 20)}`,
      `${SECRET}${SECRET}`,
    ]) {
      const out = redactSecrets(text, [SECRET]);
      assert.deepEqual(pieces(out, SECRET), [], out);
      assert.match(out, /\*\*\*/);
    }
  });

  test('leaves ordinary text, and pieces shorter than 8, alone', () => {
    assert.equal(redactSecrets('nothing to see here', [SECRET]), 'nothing to see here');
    assert.equal(redactSecrets('S3CR3T-0 is eight', [SECRET]), '*** is eight');
    assert.equal(redactSecrets('S3CR3T- is seven', [SECRET]), 'S3CR3T- is seven');
  });

  test('secrets of 6 or 7 characters are masked whole; shorter ones not at all', () => {
    assert.equal(redactSecrets('a hunter2 b', ['hunter2']), 'a *** b');
    assert.equal(redactSecrets('a abc b', ['abc']), 'a abc b');
  });

  test('one pass over a long text (a 100,000-token document)', () => {
    const redact = createRedactor([SECRET, 'eyJhbGciOiJSUzI1NiJ9.payload.signature']);
    const text = `${'66a9eafe249304d27e7f7000 '.repeat(200_000)}${SECRET}`;
    const out = redact(text);
    assert.ok(out.endsWith('***'));
    assert.equal(out.length, text.length - SECRET.length + 3);
  });
});

describe('errorFromResponse masks before it cuts', () => {
  test('a secret quoted across the 240-character cut of a JSON detail', () => {
    const detail = `${'.'.repeat(216)}${SECRET} (rejected)`;
    const error = errorFromResponse({
      status: 401,
      headers: {'content-type': 'application/json'},
      body: JSON.stringify({errors: [{code: 'OAUTH-1', title: 'Bad', detail}]}),
      context: 'token',
      secrets: [SECRET],
    });
    assert.deepEqual(pieces(error.message, SECRET), [], error.message);
  });

  test('a secret quoted across the 120-character cut of a text body', () => {
    const error = errorFromResponse({
      status: 500,
      headers: {'content-type': 'text/plain'},
      body: `${'x'.repeat(95)} ${SECRET}`,
      secrets: [SECRET],
    });
    assert.deepEqual(pieces(error.message, SECRET), [], error.message);
  });
});
