import {test} from 'node:test';
import assert from 'node:assert/strict';
import {Writable} from 'node:stream';
import {QlikError, type QlikErrorKind} from '../../source/qlik/errors.js';
import {ProfileStoreError} from '../../source/profiles/errors.js';
import {UsageError} from '../../source/commands/context.js';
import {describeError, exitCodeFor, rememberForErrors, reportUnexpected} from '../../source/commands/report-error.js';

test('one mapping from error kinds to exit codes', () => {
  const expected: Record<QlikErrorKind, number> = {
    auth: 3,
    forbidden: 3,
    usage: 2,
    cancelled: 2,
    'not-found': 1,
    'rate-limited': 1,
    network: 1,
    timeout: 1,
    protocol: 1,
  };
  for (const [kind, code] of Object.entries(expected)) {
    assert.equal(exitCodeFor(new QlikError({kind: kind as QlikErrorKind, message: 'x'})), code, kind);
  }
  assert.equal(exitCodeFor(new UsageError('x')), 2);
  assert.equal(exitCodeFor(new ProfileStoreError('corrupt', 'x')), 1);
  assert.equal(exitCodeFor(new ProfileStoreError('unknown-profile', 'x')), 2);
  assert.equal(exitCodeFor(new Error('boom')), 1);
});

test('messages name the problem: credentials, the admin_classic scope, the wait, the host', () => {
  rememberForErrors({tenantUrl: 'https://acme.eu.qlikcloud.com'});
  assert.match(
    describeError(new QlikError({kind: 'auth', status: 401, message: 'bad'})),
    /^authentication failed: check the client ID and secret/,
  );
  assert.match(describeError(new QlikError({kind: 'forbidden', status: 403, message: 'no'})), /admin_classic/);
  assert.match(
    describeError(new QlikError({kind: 'rate-limited', status: 429, retryAfter: 13, message: 'slow down'})),
    /try again in 13 s/,
  );
  assert.match(
    describeError(new QlikError({kind: 'network', code: 'ECONNREFUSED', message: 'connection refused'})),
    /cannot reach acme\.eu\.qlikcloud\.com/,
  );
  // An answer that began and broke off did reach us: "cannot reach" would send the operator to
  // check DNS and firewalls.
  const brokeOff = describeError(
    new QlikError({
      kind: 'network',
      code: 'UND_ERR_SOCKET',
      message: 'connection closed before the response was complete',
    }),
  );
  assert.doesNotMatch(brokeOff, /cannot reach/);
  assert.match(brokeOff, /the connection to acme\.eu\.qlikcloud\.com failed: connection closed before/);
  assert.match(
    describeError(new QlikError({kind: 'timeout', message: 'headers'})),
    /acme\.eu\.qlikcloud\.com did not answer in time/,
  );
});

test('a report never carries the secret nor a stack trace', () => {
  const secret = 'Sup3r-S3cret-Value-xyz';
  rememberForErrors({secret});
  let text = '';
  const stderr = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  const error = new Error(`request failed for client_secret=${secret}`);
  const code = reportUnexpected(error, {stderr, env: {QLIK_CLIENT_SECRET: 'env-secret-987654'}});
  reportUnexpected(new QlikError({kind: 'protocol', message: 'echo env-secret-987654'}), {
    stderr,
    env: {QLIK_CLIENT_SECRET: 'env-secret-987654'},
  });
  assert.equal(code, 1);
  assert.ok(!text.includes(secret));
  assert.ok(!text.includes('env-secret-987654'));
  assert.ok(!/\n\s+at /.test(text), 'no stack frames');
  assert.match(text, /client_secret=\*\*\*/);
});
