// Listing 10,000 tokens (100 pages of 100) from the simulator: our client against a bare undici
// loop over the same pages, and against the official @qlik/api package.
import {request} from 'undici';
import {createQlikClient} from '../source/qlik/client.js';
import {median, round, spawnSimulator, type BenchRow, type SimulatorProcess} from './measure.js';

const TOKENS = 10_000;
const ROUNDS = 7;

async function accessToken(sim: SimulatorProcess): Promise<string> {
  const res = await request(`${sim.url}/oauth/token`, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({
      client_id: sim.clientId,
      client_secret: sim.clientSecret,
      grant_type: 'client_credentials',
      scope: 'admin_classic',
    }),
  });
  const body = (await res.body.json()) as {access_token: string};
  return body.access_token;
}

/** The floor: what a hand-written loop over undici costs. */
async function bareUndici(sim: SimulatorProcess, token: string): Promise<number> {
  let url: string | undefined = `${sim.url}/api/v1/oauth-tokens?limit=100`;
  let count = 0;
  while (url) {
    const res = await request(url, {headers: {authorization: `Bearer ${token}`}});
    const page = (await res.body.json()) as {data: unknown[]; links?: {next?: {href?: string} | null}};
    count += page.data.length;
    url = page.links?.next?.href || undefined;
  }
  return count;
}

async function officialQlikApi(sim: SimulatorProcess): Promise<number> {
  const {getOauthTokens} = await import('@qlik/api/oauth-tokens');
  // forceIsWindows: false, or @qlik/api probes a non-qlikcloud.com host, decides it is Qlik Sense on
  // Windows and stops following redirects (qlik-cloud-api.md §7).
  const hostConfig = {
    authType: 'oauth2',
    host: sim.url,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
    scope: 'admin_classic',
    forceIsWindows: false,
  } as unknown as Parameters<typeof getOauthTokens>[1] extends infer O
    ? O extends {hostConfig?: infer H}
      ? H
      : never
    : never;
  let response = await getOauthTokens({limit: 100}, {hostConfig, noCache: true});
  let count = response.data.data.length;
  while (response.next) {
    response = await response.next({hostConfig, noCache: true});
    count += response.data.data.length;
  }
  return count;
}

export async function benchListTokens(): Promise<BenchRow[]> {
  const sim = await spawnSimulator(['--users', '50', '--tokens', String(TOKENS), '--seed', '3', '--no-rate-limits']);
  const silence = console.warn;
  let cleanup = async () => {};
  try {
    // Each contender keeps its connection pool and access token across rounds, as in real use:
    // what is compared is the cost of the 100 pages.
    const token = await accessToken(sim);
    const client = createQlikClient({tenantUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret});
    cleanup = () => client.close();
    const runners: Record<string, () => Promise<number>> = {
      'bare undici loop': () => bareUndici(sim, token),
      'qlik-tokens client': async () => (await client.listTokens({limit: 100})).length,
      '@qlik/api': () => officialQlikApi(sim),
    };
    // @qlik/api warns about forceIsWindows ("unknown properties in host config"): harmless, and noise here.
    console.warn = () => {};
    const times: Record<string, number[]> = {};
    for (const name of Object.keys(runners)) times[name] = [];
    // Warm-up, then rounds interleaved so that machine noise hits every contender alike.
    for (const run of Object.values(runners)) await run();
    for (let i = 0; i < ROUNDS; i++) {
      for (const [name, run] of Object.entries(runners)) {
        const start = performance.now();
        const count = await run();
        times[name]!.push(performance.now() - start);
        if (count !== TOKENS) throw new Error(`${name} listed ${count} tokens, expected ${TOKENS}`);
      }
    }
    const bare = median(times['bare undici loop']!);
    const ourMedian = median(times['qlik-tokens client']!);
    const qlikApi = median(times['@qlik/api']!);
    return [
      {group: 'list 10,000 tokens (100 pages)', name: 'bare undici loop', value: round(bare, 1), unit: 'ms'},
      {
        group: 'list 10,000 tokens (100 pages)',
        name: 'qlik-tokens client',
        value: round(ourMedian, 1),
        unit: 'ms',
        note: `${round(ourMedian / bare)}× bare undici (target ≤ 1.2×)`,
      },
      {
        group: 'list 10,000 tokens (100 pages)',
        name: '@qlik/api getOauthTokens + next()',
        value: round(qlikApi, 1),
        unit: 'ms',
        note: `${round(qlikApi / bare)}× bare undici; ours is ${round(qlikApi / ourMedian)}× faster`,
      },
    ];
  } finally {
    console.warn = silence;
    await cleanup();
    await sim.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchListTokens()) console.log(row);
}
