// Failure injection: targeted one-shot rules for tests, and seeded random faults for soak runs and
// demos. Rules are matched before random faults, so a test's injected fault always fires.
import type {Rng} from './prng.js';
import {jsonReply, proxyHtml, emptyReply, type Reply} from './replies.js';

export type FaultKind =
  | 'html-502'
  | 'html-500'
  | 'reset'
  | 'reset-mid-body'
  | 'slow'
  | 'stall'
  | 'delete-applied-503'
  | 'empty-200'
  | 'empty-500'
  | 'bad-json-200'
  | 'wrong-shape-200'
  // Hostile tenants (issue 11): each breaks a promise a client must not take on trust.
  /** A 200 whose JSON body never ends (or ends after `bytes`): a client must bound what it reads. */
  | 'endless-body'
  /** The route runs, then its answer goes out one byte every `delayMs` (default 1000). */
  | 'trickle'
  /** `103 Early Hints` every `delayMs` (default 1000), and never a final answer. */
  | 'early-hints'
  /** GET oauth-tokens answered as if `userId` were not there: every user's tokens. */
  | 'filter-ignored'
  /** An error that quotes the caller's credentials (the client secret, or the bearer token),
   * `padding` characters into its detail: where an excerpt may be cut. JSON (500, or 401 on
   * /oauth/token); `echo-secret-text` is the same as text/plain. */
  | 'echo-secret'
  | 'echo-secret-text';

export type FaultRule = {
  kind: FaultKind;
  /** Case-insensitive; any method when absent. */
  method?: string;
  /** A string matches the path exactly or as a prefix ending at a "/" segment boundary; a RegExp is tested on the path. */
  path?: string | RegExp;
  /** How many requests it hits; default 1, Infinity for all. */
  times?: number;
  /** For 'slow' (default 2000), 'trickle' and 'early-hints' (the pause, default 1000); 'stall' ignores it. */
  delayMs?: number;
  /** For 'endless-body': stop after this many bytes (default: never). */
  bytes?: number;
  /** For 'echo-secret': characters of detail before the quoted credential (default 200). */
  padding?: number;
};

export type RandomFaults = {
  errorRate?: number;
  resetRate?: number;
  slowRate?: number;
  slowMs?: number;
  deleteAppliedButFailsRate?: number;
};

export type ChosenFault = {kind: FaultKind; delayMs: number; bytes?: number; padding?: number};

const DEFAULT_SLOW_MS = 2000;
const DEFAULT_PAUSE_MS = 1000;
const DEFAULT_ECHO_PADDING = 200;

/** Faults that replace the whole exchange: the route never runs, nothing changes in the tenant. */
export const FAULTS_BEFORE_ROUTE: ReadonlySet<FaultKind> = new Set([
  'html-502',
  'html-500',
  'reset',
  'stall',
  'empty-200',
  'empty-500',
  'bad-json-200',
  'wrong-shape-200',
  'endless-body',
  'early-hints',
  'echo-secret',
  'echo-secret-text',
]);

export class FaultPlan {
  private rules: Array<FaultRule & {remaining: number}> = [];

  constructor(
    private readonly random: RandomFaults,
    private readonly rng: Rng,
  ) {}

  inject(rule: FaultRule): void {
    this.rules.push({...rule, remaining: rule.times ?? 1});
  }

  clear(): void {
    this.rules = [];
  }

  choose(method: string, path: string): ChosenFault | undefined {
    const index = this.rules.findIndex((rule) => rule.remaining > 0 && ruleMatches(rule, method, path));
    if (index >= 0) {
      const rule = this.rules[index]!;
      rule.remaining--;
      if (rule.remaining <= 0) this.rules.splice(index, 1);
      const fallback = rule.kind === 'trickle' || rule.kind === 'early-hints' ? DEFAULT_PAUSE_MS : DEFAULT_SLOW_MS;
      return {
        kind: rule.kind,
        delayMs: rule.delayMs ?? (fallback === DEFAULT_SLOW_MS ? (this.random.slowMs ?? fallback) : fallback),
        ...(rule.bytes === undefined ? {} : {bytes: rule.bytes}),
        ...(rule.padding === undefined ? {} : {padding: rule.padding}),
      };
    }
    return this.chooseRandom(method);
  }

  private chooseRandom(method: string): ChosenFault | undefined {
    const {errorRate = 0, resetRate = 0, slowRate = 0, deleteAppliedButFailsRate = 0} = this.random;
    if (errorRate + resetRate + slowRate + deleteAppliedButFailsRate <= 0) return undefined;
    const slowMs = this.random.slowMs ?? DEFAULT_SLOW_MS;
    if (method === 'DELETE' && this.rng() < deleteAppliedButFailsRate) return {kind: 'delete-applied-503', delayMs: 0};
    if (this.rng() < errorRate) {
      const r = this.rng();
      return {kind: r < 0.6 ? 'html-502' : r < 0.85 ? 'html-500' : 'empty-500', delayMs: 0};
    }
    if (this.rng() < resetRate) return {kind: this.rng() < 0.7 ? 'reset' : 'reset-mid-body', delayMs: 0};
    if (this.rng() < slowRate) return {kind: 'slow', delayMs: slowMs};
    return undefined;
  }
}

function ruleMatches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path === undefined) return true;
  if (rule.path instanceof RegExp) {
    rule.path.lastIndex = 0;
    return rule.path.test(path);
  }
  const prefix = rule.path.endsWith('/') ? rule.path : `${rule.path}/`;
  return path === rule.path || path.startsWith(prefix);
}

/** What a credential-echoing fault quotes: the secret of a token request, else the bearer token. */
export type EchoSource = {path: string; authorization: string | undefined; body: string};

function quotedCredential(source: EchoSource): string {
  if (source.path === '/oauth/token') {
    try {
      const fields = JSON.parse(source.body) as {client_secret?: unknown};
      if (typeof fields.client_secret === 'string') return fields.client_secret;
    } catch {
      // A form-encoded body.
    }
    return new URLSearchParams(source.body).get('client_secret') ?? '';
  }
  return /^Bearer\s+(\S+)/i.exec(source.authorization ?? '')?.[1] ?? '';
}

function echoReply(kind: 'echo-secret' | 'echo-secret-text', fault: ChosenFault, source: EchoSource): Reply {
  const status = source.path === '/oauth/token' ? 401 : 500;
  const detail = `${'the request was logged: '.padEnd(fault.padding ?? DEFAULT_ECHO_PADDING, '.')}${quotedCredential(source)} (rejected)`;
  if (kind === 'echo-secret-text')
    return {status, headers: {'content-type': 'text/plain; charset=utf-8'}, body: `Error ${status}: ${detail}`};
  return jsonReply(status, {errors: [{code: `HTTP-${status}`, title: 'Request failed', detail, status}]});
}

/** The reply of a fault that replaces the route; undefined for those that act on the socket. */
export function faultReply(fault: ChosenFault, source: EchoSource): Reply | undefined {
  const {kind} = fault;
  switch (kind) {
    case 'echo-secret':
    case 'echo-secret-text':
      return echoReply(kind, fault, source);
    case 'html-502':
      return proxyHtml(502);
    case 'html-500':
      return proxyHtml(500);
    case 'empty-200':
      return emptyReply(200, {'content-type': 'application/json; charset=utf-8'});
    case 'empty-500':
      return emptyReply(500);
    case 'bad-json-200':
      return {
        status: 200,
        headers: {'content-type': 'application/json; charset=utf-8'},
        body: '{"data":[{"id":"66a9eafe249304d27e7f7000",',
      };
    case 'wrong-shape-200':
      // Valid JSON, wrong contract: no data array, no access_token.
      return jsonReply(200, {result: 'ok', data: 'not-a-list', items: null});
    default:
      return undefined;
  }
}
