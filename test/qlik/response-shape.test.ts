import {test, describe} from 'node:test';
import assert from 'node:assert/strict';
import {nextHref, validateTokenPage, validateUser, validateUserPage} from '../../source/qlik/response-shape.js';
import {QlikError} from '../../source/qlik/errors.js';

function protocol(pattern: RegExp) {
  return (error: unknown) => error instanceof QlikError && error.kind === 'protocol' && pattern.test(error.message);
}

const token = {id: 't1', userId: 'u1', tenantId: 'T'};

describe('validateTokenPage', () => {
  test('accepts the contract, unknown fields, and missing or null optional fields', () => {
    const data = [
      token,
      {...token, id: 't2', description: null, deviceType: 'Phone', lastUsed: null, extra: {x: 1}},
      {id: 't3', userId: 'u1'},
    ];
    assert.equal(validateTokenPage({data, links: {}}), data);
  });
  test('names the offending item and field', () => {
    assert.throws(
      () => validateTokenPage({data: [token, {...token, id: 5}]}),
      protocol(/data\[1\]\.id is a number, expected a non-empty string/),
    );
    assert.throws(() => validateTokenPage({data: [{id: 'a'}]}), protocol(/data\[0\]\.userId is missing/));
    assert.throws(
      () => validateTokenPage({data: [{...token, lastUsed: 17}]}),
      protocol(/data\[0\]\.lastUsed is a number, expected a string or null/),
    );
    assert.throws(() => validateTokenPage({data: [null]}), protocol(/data\[0\] is null, expected an object/));
    assert.throws(() => validateTokenPage({data: 'x'}), protocol(/token list\.data is a string, expected an array/));
    assert.throws(() => validateTokenPage([token]), protocol(/token list is an array/));
  });
});

describe('validateUser', () => {
  const user = {id: 'u1', subject: 's', name: 'n', tenantId: 'T'};
  test('accepts the contract and optional extras', () => {
    const extra = {...user, email: null, assignedRoles: [], picture: 'x'};
    assert.equal(validateUser(extra), extra);
    assert.equal(validateUserPage({data: [user]}).length, 1);
  });
  test('rejects a missing id or name, a wrongly typed email', () => {
    assert.throws(() => validateUser({...user, id: ''}), protocol(/user\.id is an empty string/));
    assert.throws(() => validateUser({id: 'u', subject: 's'}), protocol(/user\.name is missing/));
    assert.throws(() => validateUserPage({data: [{...user, email: 3}]}), protocol(/data\[0\]\.email is a number/));
  });
});

describe('nextHref', () => {
  test('the three forms of "last page" and a real link', () => {
    assert.equal(nextHref({data: []}), undefined);
    assert.equal(nextHref({links: {}}), undefined);
    assert.equal(nextHref({links: {next: null}}), undefined);
    assert.equal(nextHref({links: {next: {href: null}}}), undefined);
    assert.equal(nextHref({links: {next: {href: ''}}}), undefined);
    assert.equal(nextHref({links: {next: {href: '/api/v1/oauth-tokens?page=x'}}}), '/api/v1/oauth-tokens?page=x');
  });
  test('a malformed links object is a protocol error', () => {
    assert.throws(() => nextHref({links: {next: {href: 5}}}), protocol(/links\.next\.href is a number/));
    assert.throws(() => nextHref({links: 'x'}), protocol(/links is a string/));
  });
});
