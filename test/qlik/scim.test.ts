import {test, describe} from 'node:test';
import assert from 'node:assert/strict';
import {scimString, userSearchFilter} from '../../source/qlik/scim.js';
import {QlikError} from '../../source/qlik/errors.js';

describe('scimString', () => {
  test('quotes plain text', () => {
    assert.equal(scimString('alice'), '"alice"');
    assert.equal(scimString(''), '""');
  });
  test('escapes quotes and backslashes so an injection stays a value', () => {
    assert.equal(scimString('a" or name co "'), String.raw`"a\" or name co \""`);
    assert.equal(scimString(String.raw`qlikbot\abc`), String.raw`"qlikbot\\abc"`);
    assert.equal(scimString(String.raw`\"`), String.raw`"\\\""`);
  });
  test('keeps non-ASCII text', () => {
    assert.equal(scimString('Zoë 山田'), '"Zoë 山田"');
  });
  test('rejects control characters', () => {
    for (const value of ['a\nb', 'a\u0000', '\u001b[31m', 'x\u0085']) {
      assert.throws(
        () => scimString(value),
        (error: unknown) => error instanceof QlikError && error.kind === 'usage',
        JSON.stringify(value),
      );
    }
  });
});

describe('userSearchFilter', () => {
  test("Qlik's recommended search shape", () => {
    assert.equal(userSearchFilter('ali'), 'name co "ali" or email co "ali" or subject co "ali" or id eq "ali"');
  });
  test('a pasted ID with whitespace around it still matches by id', () => {
    assert.equal(
      userSearchFilter('  646e2faf41d790506de740d0\n'),
      'name co "646e2faf41d790506de740d0" or email co "646e2faf41d790506de740d0" or subject co "646e2faf41d790506de740d0" or id eq "646e2faf41d790506de740d0"',
    );
  });
  test('hostile text is escaped in every clause', () => {
    const filter = userSearchFilter('a" or name co "');
    assert.equal(filter.split(String.raw`"a\" or name co \""`).length - 1, 4);
  });
  test('inner control characters become spaces', () => {
    assert.equal(
      userSearchFilter('ann\tlee'),
      'name co "ann lee" or email co "ann lee" or subject co "ann lee" or id eq "ann lee"',
    );
  });
});
