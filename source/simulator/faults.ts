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
  | 'wrong-shape-200';

export type FaultRule = {
  kind: FaultKind;
  /** Case-insensitive; any method when absent. */
  method?: string;
  /** A string matches the path exactly or as a prefix ending at a "/" segment boundary; a RegExp is tested on the path. */
  path?: string | RegExp;
  /** How many requests it hits; default 1, Infinity for all. */
  times?: number;
  /** For 'slow' (default 2000) and 'stall' (ignored: a stall lasts until the client gives up). */
  delayMs?: number;
};

export type RandomFaults = {
  errorRate?: number;
  resetRate?: number;
  slowRate?: number;
  slowMs?: number;
  deleteAppliedButFailsRate?: number;
};

export type ChosenFault = {kind: FaultKind; delayMs: number};

const DEFAULT_SLOW_MS = 2000;

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
      return {kind: rule.kind, delayMs: rule.delayMs ?? this.random.slowMs ?? DEFAULT_SLOW_MS};
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

/** The reply of a fault that replaces the route; undefined for those that act on the socket. */
export function faultReply(kind: FaultKind): Reply | undefined {
  switch (kind) {
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
