import {request, Agent} from 'undici';
import {createQlikClient} from '../source/qlik/client.js';
import {spawnSimulator, median} from './measure.js';
const sim = await spawnSimulator(['--users', '50', '--tokens', '10000', '--seed', '3', '--no-rate-limits']);
const agent = new Agent();
const tr = await request(`${sim.url}/oauth/token`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify({client_id: sim.clientId, client_secret: sim.clientSecret, grant_type: 'client_credentials', scope: 'admin_classic'}), dispatcher: agent});
const token = ((await tr.body.json()) as any).access_token;
async function bare() {
  let url: string | undefined = `${sim.url}/api/v1/oauth-tokens?limit=100`; let n = 0;
  while (url) { const res = await request(url, {headers: {authorization: `Bearer ${token}`}, dispatcher: agent}); const p = (await res.body.json()) as any; n += p.data.length; url = p.links?.next?.href || undefined; }
  return n;
}
const client = createQlikClient({tenantUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret});
async function oursReused() { return (await client.listTokens()).length; }
async function oursFresh() { const c = createQlikClient({tenantUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret}); try { return (await c.listTokens()).length; } finally { await c.close(); } }
const t: Record<string, number[]> = {bare: [], reused: [], fresh: []};
const fns: Record<string, () => Promise<number>> = {bare, reused: oursReused, fresh: oursFresh};
for (const f of Object.values(fns)) await f();
for (let i = 0; i < 25; i++) for (const [k, f] of Object.entries(fns)) { const s = process.cpuUsage(); const n = await f(); const d = process.cpuUsage(s); t[k]!.push((d.user + d.system) / 1000); if (n !== 10000) throw new Error(k); }
for (const [k, v] of Object.entries(t)) console.log(k, median(v).toFixed(1));
await client.close(); await agent.close(); await sim.stop();
