// `qlik-tokens simulate`: the simulated tenant in the foreground, for trying the tool, for curl,
// and for other processes' tests. The URL goes first on stdout so a parent can read one line.
import {parseArgs} from 'node:util';
import type {FaultKind, FaultRule} from '../simulator/index.js';
import {UsageError, type CommandContext} from './context.js';
import {durationFlag} from './duration.js';

const FAULT_KINDS: readonly FaultKind[] = [
  'endless-body',
  'trickle',
  'early-hints',
  'filter-ignored',
  'echo-secret',
  'echo-secret-text',
  'stall',
  'html-502',
  'html-500',
  'empty-200',
  'empty-500',
  'bad-json-200',
  'wrong-shape-200',
  'reset',
  'reset-mid-body',
  'delete-applied-503',
  'slow',
];

const HELP = `qlik-tokens simulate — run a simulated Qlik Cloud tenant on 127.0.0.1

Prints its base URL (http://127.0.0.1:PORT) as the first line on stdout, then runs until
SIGINT or SIGTERM.

Flags (defaults in brackets)
  --port N              port to listen on; 0 picks a free one              [0]
  --client-id ID        the OAuth client id it accepts                     [sim-client-id]
  --client-secret S     the client secret it accepts (a fake tenant: not a secret)
                                                                           [sim-client-secret]
  --client-scopes LIST  the scopes the OAuth client holds, comma-separated; without
                        admin_classic it is no TenantAdmin     [admin_classic,user_default]
  --users N             users, besides the client's bot user               [200]
  --tokens N            OAuth tokens, spread unevenly over the users       [5000]
  --seed N              random seed: the same seed gives the same tenant   [1]
  --token-ttl SECONDS   lifetime of issued access tokens                   [21600]
  --tier1 N             tier-1 requests per minute (GET users, tokens)     [1000]
  --tier2 N             tier-2 requests per minute (token, DELETE)         [100]
  --window SECONDS      the sliding window the tier limits are measured in [300]
  --no-rate-limits      no rate limits at all
  --error-rate R        share of requests answered 5xx (HTML or empty), 0..1  [0]
  --reset-rate R        share of connections reset, 0..1                   [0]
  --slow-rate R         share of replies delayed by --slow-ms, 0..1        [0]
  --slow-ms MS          delay of a slow reply                              [2000]
  --delete-fail-rate R  share of DELETEs applied but answered 503, 0..1    [0]
  --latency-ms MS       added to every reply                               [0]
  --fault KIND[:PATH]   a hostile tenant, on every request (to PATH and below, if given);
                        repeatable. KIND: endless-body, trickle, early-hints,
                        filter-ignored, echo-secret, echo-secret-text, stall, html-502,
                        html-500, empty-200, bad-json-200, wrong-shape-200, reset,
                        reset-mid-body, delete-applied-503, slow
                        e.g. --fault endless-body:/oauth/token --fault filter-ignored
  --live                live activity: tokens issued, used and expiring    [off]
  --mint-user ID|EMAIL  a live session of this user at the identity provider: it mints
                        a new token every --mint-every, whatever is revoked  [none]
  --mint-every D        the interval of --mint-user: 500ms, 2s, 1m         [2s]
  --help                this help
`;

type Parsed = {
  port: number;
  clientId: string;
  clientSecret: string;
  clientScopes: string[];
  users: number;
  tokens: number;
  seed: number;
  tokenTtl: number;
  tier1: number;
  tier2: number;
  window: number;
  rateLimits: boolean;
  errorRate: number;
  resetRate: number;
  slowRate: number;
  slowMs: number;
  deleteFailRate: number;
  latencyMs: number;
  live: boolean;
  /** --mint-user, as typed: an ID or an email. */
  mintUser: string | undefined;
  mintEveryMs: number;
  help: boolean;
  /** --fault rules, each on every matching request. */
  faultRules: FaultRule[];
};

export function parseSimulateArgs(args: string[]): Parsed {
  let values;
  try {
    ({values} = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        port: {type: 'string'},
        'client-id': {type: 'string'},
        'client-secret': {type: 'string'},
        'client-scopes': {type: 'string'},
        users: {type: 'string'},
        tokens: {type: 'string'},
        seed: {type: 'string'},
        'token-ttl': {type: 'string'},
        tier1: {type: 'string'},
        tier2: {type: 'string'},
        window: {type: 'string'},
        'no-rate-limits': {type: 'boolean'},
        'error-rate': {type: 'string'},
        'reset-rate': {type: 'string'},
        'slow-rate': {type: 'string'},
        'slow-ms': {type: 'string'},
        'delete-fail-rate': {type: 'string'},
        'latency-ms': {type: 'string'},
        live: {type: 'boolean'},
        'mint-user': {type: 'string'},
        'mint-every': {type: 'string'},
        fault: {type: 'string', multiple: true},
        help: {type: 'boolean', short: 'h'},
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const integer = (
    flag: string,
    raw: string | undefined,
    fallback: number,
    min: number,
    max = Number.MAX_SAFE_INTEGER,
  ): number => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
      throw new UsageError(
        `--${flag} takes a whole number ${max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`}, not "${raw}"`,
      );
    }
    return value;
  };
  const rate = (flag: string, raw: string | undefined): number => {
    if (raw === undefined) return 0;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1)
      throw new UsageError(`--${flag} takes a number from 0 to 1, not "${raw}"`);
    return value;
  };
  const text = (flag: string, raw: string | undefined, fallback: string): string => {
    if (raw === undefined) return fallback;
    if (raw === '') throw new UsageError(`--${flag} cannot be empty`);
    return raw;
  };
  return {
    port: integer('port', values.port, 0, 0, 65535),
    clientId: text('client-id', values['client-id'], 'sim-client-id'),
    clientSecret: text('client-secret', values['client-secret'], 'sim-client-secret'),
    clientScopes: text('client-scopes', values['client-scopes'], 'admin_classic,user_default')
      .split(',')
      .map((scope) => scope.trim())
      .filter(Boolean),
    users: integer('users', values.users, 200, 0),
    tokens: integer('tokens', values.tokens, 5000, 0),
    seed: integer('seed', values.seed, 1, 0, 0xffffffff),
    tokenTtl: integer('token-ttl', values['token-ttl'], 21600, 1),
    tier1: integer('tier1', values.tier1, 1000, 1),
    tier2: integer('tier2', values.tier2, 100, 1),
    window: integer('window', values.window, 300, 1),
    rateLimits: values['no-rate-limits'] !== true,
    errorRate: rate('error-rate', values['error-rate']),
    resetRate: rate('reset-rate', values['reset-rate']),
    slowRate: rate('slow-rate', values['slow-rate']),
    slowMs: integer('slow-ms', values['slow-ms'], 2000, 0),
    deleteFailRate: rate('delete-fail-rate', values['delete-fail-rate']),
    latencyMs: integer('latency-ms', values['latency-ms'], 0, 0),
    live: values.live === true,
    mintUser: values['mint-user'] === undefined ? undefined : text('mint-user', values['mint-user'].trim(), ''),
    mintEveryMs:
      values['mint-every'] === undefined
        ? 2000
        : durationFlag('mint-every', values['mint-every'], {
            units: ['ms', 's', 'm'],
            minMs: 50,
            maxMs: 3_600_000,
            examples: '500ms, 2s or 1m',
          }),
    help: values.help === true,
    faultRules: (values.fault ?? []).map(parseFault),
  };
}

/** `KIND` or `KIND:PATH` (the path and everything below it). */
function parseFault(spec: string): FaultRule {
  const at = spec.indexOf(':');
  const kind = (at < 0 ? spec : spec.slice(0, at)) as FaultKind;
  const path = at < 0 ? undefined : spec.slice(at + 1);
  if (!FAULT_KINDS.includes(kind))
    throw new UsageError(`--fault takes KIND[:PATH] with KIND one of ${FAULT_KINDS.join(', ')}; not "${spec}"`);
  if (path !== undefined && !path.startsWith('/')) throw new UsageError(`--fault ${kind}: the path must start with /`);
  return {kind, times: Number.POSITIVE_INFINITY, ...(path === undefined ? {} : {path})};
}

export async function run(ctx: CommandContext): Promise<number> {
  const flags = parseSimulateArgs(ctx.args);
  if (flags.help || ctx.global.help) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const {startSimulator} = await import('../simulator/index.js');
  // "N per minute over a W-second window" is how Qlik states its limits; the window holds N*W/60.
  const tier = (perMinute: number) => ({
    limit: Math.max(1, Math.round((perMinute * flags.window) / 60)),
    windowMs: flags.window * 1000,
  });
  const simulator = await startSimulator({
    port: flags.port,
    clientId: flags.clientId,
    clientSecret: flags.clientSecret,
    clientScopes: flags.clientScopes,
    users: flags.users,
    tokens: flags.tokens,
    seed: flags.seed,
    accessTokenTtlSeconds: flags.tokenTtl,
    rateLimits: flags.rateLimits ? {tier1: tier(flags.tier1), tier2: tier(flags.tier2)} : false,
    faults: {
      errorRate: flags.errorRate,
      resetRate: flags.resetRate,
      slowRate: flags.slowRate,
      slowMs: flags.slowMs,
      deleteAppliedButFailsRate: flags.deleteFailRate,
    },
    latencyMs: flags.latencyMs,
    live: flags.live,
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE' || error.code === 'EACCES')
      throw new UsageError(`cannot listen on 127.0.0.1:${flags.port} (${error.code})`);
    throw error;
  });
  for (const rule of flags.faultRules) simulator.inject(rule);
  let minting: string | undefined;
  if (flags.mintUser !== undefined) {
    const spec = flags.mintUser.toLowerCase();
    const user = simulator.users().find((u) => u.id === flags.mintUser || u.email?.toLowerCase() === spec);
    if (!user || user.id === simulator.botUser.id) {
      await simulator.stop();
      throw new UsageError(`--mint-user: no user "${flags.mintUser}" in the simulated tenant (an ID or an email)`);
    }
    simulator.startMinting({
      userId: user.id,
      everyMs: flags.mintEveryMs,
      onMint: (token) => ctx.stderr.write(`minted token ${token.id} for ${user.id}\n`),
    });
    minting = `${user.email ?? user.name} (${user.id}) every ${flags.mintEveryMs} ms`;
  }
  ctx.stdout.write(`${simulator.url}\n`);
  ctx.stderr.write(
    [
      `Simulated Qlik Cloud tenant at ${simulator.url}`,
      `  client id:     ${simulator.clientId}`,
      `  client secret: ${simulator.clientSecret}`,
      `  bot user:      ${simulator.botUser.name} (${simulator.botUser.id})`,
      `  ${simulator.users().length - 1} users, ${simulator.tokens().length} tokens, seed ${flags.seed}` +
        (flags.rateLimits
          ? `, limits ${flags.tier1}/min (tier 1) and ${flags.tier2}/min (tier 2) over ${flags.window}s`
          : ', no rate limits') +
        (flags.live ? ', live activity on' : '') +
        (minting ? `, minting tokens for ${minting}` : '') +
        (flags.faultRules.length > 0
          ? `, faults: ${flags.faultRules.map((r) => `${r.kind}${typeof r.path === 'string' ? ` on ${r.path}` : ''}`).join(', ')}`
          : ''),
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await simulator.stop();
  ctx.stderr.write('Simulator stopped.\n');
  return 0;
}
