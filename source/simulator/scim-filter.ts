// SCIM (RFC 7644 §3.4.2.2) filters for GET /api/v1/users: a real tokenizer and a
// recursive-descent parser, so a quote inside a quoted value is data, never syntax.
//
//   filter     := or
//   or         := and ("or" and)*
//   and        := unary ("and" unary)*
//   unary      := "not" "(" filter ")" | "(" filter ")" | comparison
//   comparison := attrPath ("eq" | "ne" | "co" | "sw" | "ew") string | attrPath "pr"
//
// Keywords, operators and attribute names are case-insensitive; so are value comparisons (the
// attributes searched here are all caseExact=false in SCIM's core schema).
import type {QlikUser} from '../qlik/types.js';

export type ScimOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'pr';

export type ScimNode =
  | {type: 'and' | 'or'; left: ScimNode; right: ScimNode}
  | {type: 'not'; operand: ScimNode}
  | {type: 'compare'; attribute: string; operator: ScimOperator; value: string | null};

export class ScimFilterError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'ScimFilterError';
  }
}

type Token =
  | {kind: 'word'; text: string; position: number}
  | {kind: 'string'; value: string; position: number}
  | {kind: '(' | ')'; position: number}
  | {kind: 'end'; position: number};

/** Attributes that may be tested, and the operators each allows (Qlik's users API subset). */
const ATTRIBUTES: Record<string, ReadonlySet<ScimOperator>> = {
  id: new Set(['eq', 'ne', 'pr']),
  tenantid: new Set(['eq', 'ne', 'pr']),
  subject: new Set(['eq', 'ne', 'co', 'sw', 'ew', 'pr']),
  name: new Set(['eq', 'ne', 'co', 'sw', 'ew', 'pr']),
  email: new Set(['eq', 'ne', 'co', 'sw', 'ew', 'pr']),
  status: new Set(['eq', 'ne', 'pr']),
  clientid: new Set(['eq', 'ne', 'pr']),
  'assignedroles.id': new Set(['eq', 'ne', 'pr']),
  'assignedroles.name': new Set(['eq', 'ne', 'pr']),
};

const OPERATORS = new Set<string>(['eq', 'ne', 'co', 'sw', 'ew', 'pr']);
const MAX_FILTER_LENGTH = 4096;

export function tokenizeScimFilter(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({kind: ch, position: i});
      i++;
    } else if (ch === '"') {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new ScimFilterError('unterminated string', start);
        const c = text[i]!;
        if (c === '"') {
          i++;
          break;
        }
        if (c === '\\') {
          const escaped = text[i + 1];
          const simple: Record<string, string> = {
            '"': '"',
            '\\': '\\',
            '/': '/',
            b: '\b',
            f: '\f',
            n: '\n',
            r: '\r',
            t: '\t',
          };
          if (escaped !== undefined && simple[escaped] !== undefined) {
            value += simple[escaped];
            i += 2;
          } else if (escaped === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
            i += 6;
          } else {
            throw new ScimFilterError('invalid escape in string', i);
          }
          continue;
        }
        value += c;
        i++;
      }
      tokens.push({kind: 'string', value, position: start});
    } else if (/[A-Za-z]/.test(ch)) {
      const start = i;
      while (i < text.length && /[A-Za-z0-9_.$-]/.test(text[i]!)) i++;
      tokens.push({kind: 'word', text: text.slice(start, i), position: start});
    } else {
      throw new ScimFilterError(`unexpected character ${JSON.stringify(ch)}`, i);
    }
  }
  tokens.push({kind: 'end', position: text.length});
  return tokens;
}

export function parseScimFilter(text: string): ScimNode {
  if (text.length > MAX_FILTER_LENGTH) throw new ScimFilterError('filter too long', MAX_FILTER_LENGTH);
  const tokens = tokenizeScimFilter(text);
  let index = 0;
  const peek = (): Token => tokens[index]!;
  const next = (): Token => tokens[index++]!;
  const isWord = (token: Token, word: string): boolean => token.kind === 'word' && token.text.toLowerCase() === word;
  const expect = (kind: '(' | ')'): void => {
    const token = next();
    if (token.kind !== kind) throw new ScimFilterError(`expected "${kind}"`, token.position);
  };
  let depth = 0;

  const parseOr = (): ScimNode => {
    let node = parseAnd();
    while (isWord(peek(), 'or')) {
      next();
      node = {type: 'or', left: node, right: parseAnd()};
    }
    return node;
  };
  const parseAnd = (): ScimNode => {
    let node = parseUnary();
    while (isWord(peek(), 'and')) {
      next();
      node = {type: 'and', left: node, right: parseUnary()};
    }
    return node;
  };
  const parseGroup = (): ScimNode => {
    // Bounded nesting: a hostile filter must not exhaust the stack.
    if (++depth > 50) throw new ScimFilterError('filter nested too deeply', peek().position);
    expect('(');
    const inner = parseOr();
    expect(')');
    depth--;
    return inner;
  };
  const parseUnary = (): ScimNode => {
    const token = peek();
    if (token.kind === '(') return parseGroup();
    if (isWord(token, 'not') && tokens[index + 1]?.kind === '(') {
      next();
      return {type: 'not', operand: parseGroup()};
    }
    return parseComparison();
  };
  const parseComparison = (): ScimNode => {
    const attributeToken = next();
    if (attributeToken.kind !== 'word')
      throw new ScimFilterError('expected an attribute name', attributeToken.position);
    const attribute = attributeToken.text.toLowerCase();
    const allowed = ATTRIBUTES[attribute];
    if (!allowed) throw new ScimFilterError(`unsupported attribute "${attributeToken.text}"`, attributeToken.position);
    const operatorToken = next();
    if (operatorToken.kind !== 'word' || !OPERATORS.has(operatorToken.text.toLowerCase())) {
      throw new ScimFilterError('expected an operator (eq, ne, co, sw, ew, pr)', operatorToken.position);
    }
    const operator = operatorToken.text.toLowerCase() as ScimOperator;
    if (!allowed.has(operator))
      throw new ScimFilterError(
        `operator "${operator}" is not supported on "${attributeToken.text}"`,
        operatorToken.position,
      );
    if (operator === 'pr') return {type: 'compare', attribute, operator, value: null};
    const valueToken = next();
    if (valueToken.kind !== 'string') throw new ScimFilterError('expected a double-quoted string', valueToken.position);
    return {type: 'compare', attribute, operator, value: valueToken.value};
  };

  if (peek().kind === 'end') throw new ScimFilterError('empty filter', 0);
  const root = parseOr();
  const trailing = peek();
  if (trailing.kind !== 'end') throw new ScimFilterError('unexpected input after the filter', trailing.position);
  return root;
}

function attributeValues(user: QlikUser, attribute: string): string[] {
  const scalar = (value: unknown): string[] => (typeof value === 'string' ? [value] : []);
  switch (attribute) {
    case 'id':
      return scalar(user.id);
    case 'tenantid':
      return scalar(user.tenantId);
    case 'subject':
      return scalar(user.subject);
    case 'name':
      return scalar(user.name);
    case 'email':
      return scalar(user.email);
    case 'status':
      return scalar(user.status);
    case 'clientid':
      return scalar(user.clientId);
    case 'assignedroles.id':
      return (user.assignedRoles ?? []).map((role) => role.id);
    case 'assignedroles.name':
      return (user.assignedRoles ?? []).map((role) => role.name);
    default:
      return [];
  }
}

export function matchesScimFilter(node: ScimNode, user: QlikUser): boolean {
  switch (node.type) {
    case 'and':
      return matchesScimFilter(node.left, user) && matchesScimFilter(node.right, user);
    case 'or':
      return matchesScimFilter(node.left, user) || matchesScimFilter(node.right, user);
    case 'not':
      return !matchesScimFilter(node.operand, user);
    case 'compare': {
      const values = attributeValues(user, node.attribute).map((value) => value.toLowerCase());
      if (node.operator === 'pr') return values.some((value) => value !== '');
      const wanted = (node.value ?? '').toLowerCase();
      switch (node.operator) {
        case 'eq':
          return values.includes(wanted);
        case 'ne':
          return !values.includes(wanted);
        case 'co':
          return values.some((value) => value.includes(wanted));
        case 'sw':
          return values.some((value) => value.startsWith(wanted));
        case 'ew':
          return values.some((value) => value.endsWith(wanted));
      }
    }
  }
}
