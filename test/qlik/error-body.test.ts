import {test, describe} from 'node:test';
import assert from 'node:assert/strict';
import {
  errorFromException,
  errorFromResponse,
  parseRetryAfter,
  redact,
  sanitizeExcerpt,
} from '../../source/qlik/error-body.js';
import {QlikError} from '../../source/qlik/errors.js';

const json = {'content-type': 'application/json'};

describe('errorFromResponse', () => {
  test("Qlik's error body, status as a number", () => {
    const error = errorFromResponse({
      status: 404,
      headers: json,
      body: JSON.stringify({
        errors: [{code: 'USERS-7', title: 'Not found', detail: 'No user abc', status: 404}],
        traceId: 't-1',
      }),
    });
    assert.equal(error.kind, 'not-found');
    assert.equal(error.status, 404);
    assert.equal(error.code, 'USERS-7');
    assert.equal(error.traceId, 't-1');
    assert.match(error.message, /^HTTP 404 from tenant: Not found: No user abc \(USERS-7\)$/);
  });

  test("Qlik's error body, status as a string, several errors", () => {
    const error = errorFromResponse({
      status: 403,
      headers: json,
      body: JSON.stringify({
        errors: [
          {code: 'HTTP-403', title: 'Forbidden', status: '403'},
          {code: 'X', title: 'Y'},
        ],
      }),
    });
    assert.equal(error.kind, 'forbidden');
    assert.match(error.message, /Forbidden \(HTTP-403\) \(\+1 more\)/);
  });

  test('RFC 6749 body from the token endpoint is an auth error', () => {
    const error = errorFromResponse({
      status: 401,
      headers: json,
      context: 'token',
      body: JSON.stringify({error: 'invalid_client', error_description: 'Client authentication failed'}),
    });
    assert.equal(error.kind, 'auth');
    assert.equal(error.code, 'invalid_client');
    assert.match(
      error.message,
      /rejected the client credentials \(HTTP 401\): invalid_client: Client authentication failed/,
    );
  });

  test('400 from the token endpoint is auth, elsewhere usage', () => {
    assert.equal(errorFromResponse({status: 400, headers: json, body: '{}', context: 'token'}).kind, 'auth');
    assert.equal(errorFromResponse({status: 400, headers: json, body: '{}'}).kind, 'usage');
  });

  test('HTML 502 names the status and content type, with a short clean excerpt', () => {
    const body = `<html><head><title>502 Bad Gateway</title><script>alert(1)</script></head><body>${'x'.repeat(5000)}</body></html>`;
    const error = errorFromResponse({status: 502, headers: {'content-type': 'text/html; charset=utf-8'}, body});
    assert.equal(error.kind, 'protocol');
    assert.equal(error.status, 502);
    assert.equal(error.message, 'HTTP 502 from tenant: not JSON (text/html): "502 Bad Gateway"');
  });

  test('HTML without a title is stripped of tags and cut short', () => {
    const error = errorFromResponse({
      status: 500,
      headers: {'content-type': 'text/html'},
      body: `<h1>Oops</h1><p>${'long '.repeat(200)}</p>`,
    });
    assert.match(error.message, /^HTTP 500 from tenant: not JSON \(text\/html\): "Oops long long/);
    assert.ok(error.message.length < 200);
  });

  test('empty body', () => {
    const error = errorFromResponse({status: 500, headers: {}, body: ''});
    assert.equal(error.message, 'HTTP 500 from tenant: empty body');
    assert.equal(error.kind, 'protocol');
  });

  test('truncated JSON never leaks a parse error', () => {
    const error = errorFromResponse({status: 503, headers: json, body: '{"errors":[{"code":'});
    assert.match(error.message, /^HTTP 503 from tenant: not JSON \(application\/json\)/);
    assert.doesNotMatch(error.message, /Unexpected|SyntaxError|position/);
  });

  test('terminal escapes in a body are neutralised', () => {
    const error = errorFromResponse({
      status: 500,
      headers: {'content-type': 'text/plain'},
      body: 'bad\u001b[2J\u202egate',
    });
    assert.doesNotMatch(error.message, /[\u001b\u202e]/);
  });

  test('429 carries retryAfter from seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const seconds = errorFromResponse({
      status: 429,
      headers: {'retry-after': '13'},
      body: '{"errors":[{"code":"HTTP-429","title":"API rate limit reached."}]}',
    });
    assert.equal(seconds.kind, 'rate-limited');
    assert.equal(seconds.retryAfter, 13);
    const date = errorFromResponse({
      status: 429,
      headers: {'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT'},
      body: '',
      now,
    });
    assert.equal(date.retryAfter, 30);
  });

  test('5xx is protocol with the status', () => {
    const error = errorFromResponse({
      status: 503,
      headers: json,
      body: '{"errors":[{"code":"X","title":"Unavailable"}]}',
    });
    assert.equal(error.kind, 'protocol');
    assert.equal(error.status, 503);
  });

  test('secrets are redacted from the message', () => {
    const error = errorFromResponse({
      status: 401,
      headers: json,
      context: 'token',
      body: '{"error":"invalid_client","error_description":"bad secret s3cr3t-value"}',
      secrets: ['s3cr3t-value'],
    });
    assert.doesNotMatch(error.message, /s3cr3t-value/);
    assert.match(error.message, /\*\*\*/);
  });
});

describe('parseRetryAfter', () => {
  test('forms', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('13'), 13);
    assert.equal(parseRetryAfter(' 0 '), 0);
    assert.equal(parseRetryAfter('1.2'), 2);
    assert.equal(parseRetryAfter(['7', '9']), 7);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now), 60);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon'), undefined);
    assert.equal(parseRetryAfter(undefined), undefined);
    assert.equal(parseRetryAfter(''), undefined);
  });
});

function sysError(code: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), {code, ...extra});
}

describe('errorFromException', () => {
  const target = {host: 'tenant.example.com', timeouts: {connect: 1000, headers: 2000, body: 3000}};
  test('timeouts', () => {
    for (const [code, pattern] of [
      ['UND_ERR_CONNECT_TIMEOUT', /connecting to tenant.example.com timed out \(1 s\)/],
      ['UND_ERR_HEADERS_TIMEOUT', /did not answer in time \(2 s\)/],
      ['UND_ERR_BODY_TIMEOUT', /stopped sending the response \(3 s\)/],
    ] as const) {
      const error = errorFromException(sysError(code, 'x'), target);
      assert.equal(error.kind, 'timeout', code);
      assert.match(error.message, pattern);
    }
  });
  test('network causes are named', () => {
    assert.equal(
      errorFromException(
        sysError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1234', {address: '127.0.0.1', port: 1234}),
        target,
      ).message,
      'connection refused by 127.0.0.1:1234',
    );
    assert.equal(
      errorFromException(sysError('ENOTFOUND', 'getaddrinfo ENOTFOUND x', {hostname: 'x.invalid'}), target).message,
      'host not found: x.invalid',
    );
    assert.equal(
      errorFromException(sysError('ECONNRESET', 'read ECONNRESET'), target).message,
      'connection reset by tenant.example.com',
    );
    assert.match(
      errorFromException(sysError('UND_ERR_SOCKET', 'other side closed'), target).message,
      /closed before the response was complete/,
    );
    const tls = errorFromException(sysError('CERT_HAS_EXPIRED', 'certificate has expired'), target);
    assert.equal(tls.kind, 'network');
    assert.equal(tls.message, 'TLS certificate error: certificate has expired (CERT_HAS_EXPIRED)');
    assert.match(
      errorFromException(sysError('ERR_TLS_CERT_ALTNAME_INVALID', 'Hostname/IP does not match'), target).message,
      /^TLS certificate error/,
    );
  });
  test('an AggregateError (happy eyeballs) is unwrapped', () => {
    const inner = sysError('ECONNREFUSED', 'connect ECONNREFUSED ::1:9', {address: '::1', port: 9});
    const error = errorFromException(Object.assign(new AggregateError([inner], 'all failed'), {code: ''}), target);
    assert.equal(error.kind, 'network');
    assert.equal(error.message, 'connection refused by ::1:9');
  });
  test('aborts are cancelled', () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    assert.equal(errorFromException(abort).kind, 'cancelled');
    assert.equal(errorFromException(sysError('UND_ERR_ABORTED', 'Request aborted')).kind, 'cancelled');
  });
  test('a QlikError passes through', () => {
    const error = new QlikError({kind: 'auth', message: 'x'});
    assert.equal(errorFromException(error), error);
  });
});

describe('helpers', () => {
  test('sanitizeExcerpt flattens and cuts', () => {
    assert.equal(sanitizeExcerpt('a\n\n b\u0007c', 50), 'a b c');
    assert.equal(sanitizeExcerpt('x'.repeat(10), 5), 'xxxx…');
  });
  test('redact ignores empty and tiny secrets', () => {
    assert.equal(redact('abc', ['']), 'abc');
    assert.equal(redact('token abcdefgh here', ['abcdefgh']), 'token *** here');
  });
});
