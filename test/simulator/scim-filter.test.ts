import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import type {QlikUser} from '../../source/qlik/types.js';
import {matchesScimFilter, parseScimFilter, ScimFilterError} from '../../source/simulator/scim-filter.js';

const user = (partial: Partial<QlikUser>): QlikUser => ({
  id: '000000000000000000000001',
  tenantId: 't',
  subject: 'auth0|x',
  name: 'x',
  ...partial,
});
const maria = user({
  id: 'aaaaaaaaaaaaaaaaaaaaaaaa',
  name: 'Maria Lindqvist',
  email: 'maria.lindqvist@example.com',
  status: 'active',
  assignedRoles: [{id: 'r1', name: 'TenantAdmin'}],
});
const zoe = user({
  id: 'bbbbbbbbbbbbbbbbbbbbbbbb',
  name: 'Zoë Ångström',
  email: 'zoe.angstrom@example.com',
  status: 'disabled',
});
const quoted = user({
  id: 'cccccccccccccccccccccccc',
  name: 'Ann "the Hammer" O\\Neil',
  email: 'ann@example.com',
  status: 'active',
});
const all = [maria, zoe, quoted];

const matching = (filter: string): string[] => {
  const node = parseScimFilter(filter);
  return all.filter((u) => matchesScimFilter(node, u)).map((u) => u.name);
};

describe('SCIM filter parser', () => {
  test('eq and co are case-insensitive in keywords, attributes and values', () => {
    assert.deepEqual(matching('NAME CO "lindQ"'), ['Maria Lindqvist']);
    assert.deepEqual(matching('Email Eq "ZOE.ANGSTROM@example.com"'), ['Zoë Ångström']);
    assert.deepEqual(matching('status eq "active"'), ['Maria Lindqvist', 'Ann "the Hammer" O\\Neil']);
  });

  test('non-ASCII values match', () => {
    assert.deepEqual(matching('name co "ångström"'), ['Zoë Ångström']);
  });

  test('and binds tighter than or', () => {
    // Read as: (name co "zo") or (status eq "active" and email co "maria")
    assert.deepEqual(matching('name co "zo" or status eq "active" and email co "maria"'), [
      'Maria Lindqvist',
      'Zoë Ångström',
    ]);
    const node = parseScimFilter('id eq "1" or name eq "2" and email eq "3"');
    assert.equal(node.type, 'or');
    assert.equal(node.type === 'or' && node.right.type, 'and');
  });

  test('parentheses override precedence', () => {
    assert.deepEqual(matching('(name co "zo" or status eq "active") and email co "maria"'), ['Maria Lindqvist']);
    assert.deepEqual(matching('((name co "zo"))'), ['Zoë Ångström']);
  });

  test('not negates a group', () => {
    assert.deepEqual(matching('not (status eq "active")'), ['Zoë Ångström']);
  });

  test('multi-valued assignedRoles match any element', () => {
    assert.deepEqual(matching('assignedRoles.name eq "tenantadmin"'), ['Maria Lindqvist']);
    assert.deepEqual(matching('assignedRoles.id eq "r1"'), ['Maria Lindqvist']);
  });

  test('escaped quotes and backslashes are data', () => {
    assert.deepEqual(matching('name eq "Ann \\"the Hammer\\" O\\\\Neil"'), ['Ann "the Hammer" O\\Neil']);
    assert.deepEqual(matching('name co "\\u00c5ngstr"'), ['Zoë Ångström']);
  });

  test('an injection attempt inside a quoted value stays one comparison', () => {
    // What a client produces for the search text  a" or name co "  when it escapes correctly.
    const node = parseScimFilter('name co "a\\" or name co \\""');
    assert.deepEqual(node, {type: 'compare', attribute: 'name', operator: 'co', value: 'a" or name co "'});
    assert.deepEqual(matching('name co "a\\" or name co \\""'), []);
  });

  test('an unescaped injection is rejected, not widened', () => {
    assert.throws(() => parseScimFilter('name co "a" or name co "" or'), ScimFilterError);
    assert.throws(() => parseScimFilter('name co "a"" or name co "'), ScimFilterError);
  });

  const malformed = [
    '',
    '   ',
    'name',
    'name co',
    'name co maria',
    'name co "unterminated',
    'name like "x"',
    'password eq "x"',
    'id co "abc"',
    '(name co "a"',
    'name co "a")',
    'name co "a" and',
    'or name co "a"',
    'name co "a" name co "b"',
    'name co "bad \\x escape"',
    'name co "a" & email co "b"',
    '('.repeat(60) + 'name co "a"' + ')'.repeat(60),
  ];
  for (const filter of malformed) {
    test(`malformed: ${JSON.stringify(filter.length > 40 ? filter.slice(0, 40) + '…' : filter)}`, () => {
      assert.throws(() => parseScimFilter(filter), ScimFilterError);
    });
  }
});
