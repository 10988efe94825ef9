import {test, describe} from 'node:test';
import assert from 'node:assert/strict';
import {normalizeTenantUrl, isLoopbackHost} from '../../source/qlik/tenant-url.js';
import {QlikError} from '../../source/qlik/errors.js';

function rejects(input: string, pattern: RegExp): void {
  assert.throws(
    () => normalizeTenantUrl(input),
    (error: unknown) => error instanceof QlikError && error.kind === 'usage' && pattern.test(error.message),
    input,
  );
}

describe('normalizeTenantUrl', () => {
  const origin = 'https://tenant.eu.qlikcloud.com';
  for (const input of [
    'tenant.eu.qlikcloud.com',
    'https://tenant.eu.qlikcloud.com',
    'https://tenant.eu.qlikcloud.com/',
    'https://tenant.eu.qlikcloud.com/console/',
    'tenant.eu.qlikcloud.com/console/users?x=1',
    '  HTTPS://Tenant.EU.qlikcloud.com/console/#x ',
    'https://tenant.eu.qlikcloud.com:443/hub',
    '\thttps://TENANT.eu.QLIKCLOUD.com\n',
  ]) {
    test(`"${input.replace(/\s/g, '·')}" is the origin`, () => {
      assert.equal(normalizeTenantUrl(input), origin);
    });
  }

  test('keeps a non-default port and a custom domain', () => {
    assert.equal(normalizeTenantUrl('analytics.example.com:8443/x'), 'https://analytics.example.com:8443');
  });

  test('http is accepted for loopback hosts only', () => {
    assert.equal(normalizeTenantUrl('http://127.0.0.1:4321/'), 'http://127.0.0.1:4321');
    assert.equal(normalizeTenantUrl('http://127.8.9.10:80'), 'http://127.8.9.10');
    assert.equal(normalizeTenantUrl('HTTP://LocalHost:99/console'), 'http://localhost:99');
    assert.equal(normalizeTenantUrl('http://[::1]:5000/'), 'http://[::1]:5000');
    rejects('http://tenant.eu.qlikcloud.com', /https/);
    rejects('http://128.0.0.1', /https/);
    rejects('http://10.0.0.1:8080', /https/);
    rejects('http://localhost.evil.com', /https/);
  });

  test('rejects empty, garbage, userinfo and other schemes', () => {
    rejects('', /empty/);
    rejects('   ', /empty/);
    rejects('not a url', /spaces/);
    rejects('https://', /valid|host/);
    rejects('tenant', /does not look like/);
    rejects('https://a:b@tenant.eu.qlikcloud.com', /user name or password/);
    rejects('https://user@tenant.eu.qlikcloud.com', /user name or password/);
    rejects('https://@tenant.eu.qlikcloud.com', /user name or password/);
    rejects('ftp://tenant.eu.qlikcloud.com', /https/);
    rejects('javascript://alert(1)', /https/);
    rejects('file:///etc/passwd', /https/);
    rejects('https://tenant.eu.qlikcloud.com:99999', /valid/);
  });

  test('the password of a rejected URL is not echoed', () => {
    try {
      normalizeTenantUrl('https://admin:hunter2secret@tenant.eu.qlikcloud.com');
      assert.fail('accepted');
    } catch (error) {
      assert.ok(!(error as Error).message.includes('hunter2secret'));
    }
  });
});

describe('isLoopbackHost', () => {
  test('loopback forms', () => {
    for (const host of ['127.0.0.1', '127.255.0.9', 'localhost', 'LOCALHOST', '::1', '[::1]'])
      assert.equal(isLoopbackHost(host), true, host);
  });
  test('non-loopback forms', () => {
    for (const host of ['128.0.0.1', '10.0.0.1', 'localhost.example.com', '::2', 'example.com', ''])
      assert.equal(isLoopbackHost(host), false, host);
  });
});
