// Tiny HTTP helpers for the simulator's tests: plain fetch, no client code from source/qlik.
import type {Simulator} from '../../source/simulator/index.js';

export async function accessToken(sim: Simulator, scope = 'admin_classic'): Promise<string> {
  const res = await fetch(`${sim.url}/oauth/token`, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({
      client_id: sim.clientId,
      client_secret: sim.clientSecret,
      grant_type: 'client_credentials',
      scope,
    }),
  });
  if (res.status !== 200) throw new Error(`token request answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as {access_token: string}).access_token;
}

/**
 * A JSON body as it came off the wire. These tests check the simulator's answers field by field, so
 * a body is whatever the simulator sent until an assertion has checked it: no type of the client's
 * (the simulator shares none with it, see test/layers.test.ts) and no cast that would claim a shape.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one place the wire's JSON is untyped
export type WireJson = any;

export type JsonResponse = {status: number; headers: Headers; body: WireJson};

export async function api(
  sim: Simulator,
  token: string,
  pathOrUrl: string,
  init: RequestInit = {},
): Promise<JsonResponse> {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${sim.url}${pathOrUrl}`;
  const res = await fetch(url, {
    redirect: 'manual',
    ...init,
    headers: {authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>)},
  });
  const text = await res.text();
  return {status: res.status, headers: res.headers, body: text === '' ? undefined : JSON.parse(text)};
}

/** Follows links.next.href to the end; returns every page's data. */
export async function allPages(
  sim: Simulator,
  token: string,
  firstPath: string,
  between?: (pageIndex: number, page: WireJson[]) => void,
): Promise<WireJson[][]> {
  const pages: WireJson[][] = [];
  let next: string | undefined | null = firstPath;
  while (next) {
    const res: JsonResponse = await api(sim, token, next);
    if (res.status !== 200) throw new Error(`page ${pages.length} answered ${res.status}: ${JSON.stringify(res.body)}`);
    pages.push(res.body.data);
    between?.(pages.length - 1, res.body.data);
    next = res.body.links?.next?.href;
    if (pages.length > 10_000) throw new Error('pagination does not end');
  }
  return pages;
}

export function assertQlikError(body: WireJson, status: number): void {
  if (
    !Array.isArray(body?.errors) ||
    typeof body.errors[0]?.code !== 'string' ||
    typeof body.errors[0]?.title !== 'string'
  ) {
    throw new Error(`not a Qlik error body: ${JSON.stringify(body)}`);
  }
  if (body.errors[0].status !== undefined && body.errors[0].status !== status)
    throw new Error(`error status ${body.errors[0].status}, expected ${status}`);
}
