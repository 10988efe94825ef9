// A few-line tenant on node:http for the cases the simulator does not play: redirects and links to
// other origins, looping cursors. It issues access tokens for one fixed secret.
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';

export type TinyRequest = {method: string; url: string; authorization: string | undefined; body: string};

export type TinyTenant = {
  url: string;
  requests: TinyRequest[];
  stop(): Promise<void>;
};

export const TINY_SECRET = 'tiny-secret-value-0123456789';

export async function startTinyTenant(
  handle: (req: TinyRequest, res: ServerResponse, self: {url: string}) => void,
  /** The 200 body of POST /oauth/token; default a fixed token with expires_in 3600. */
  issue: () => Record<string, unknown> = () => ({
    access_token: 'tiny-access-token-abcdef',
    token_type: 'bearer',
    expires_in: 3600,
  }),
): Promise<TinyTenant> {
  const requests: TinyRequest[] = [];
  const self = {url: ''};
  const server = createServer((incoming: IncomingMessage, res: ServerResponse) => {
    let body = '';
    incoming.setEncoding('utf8');
    incoming.on('data', (chunk: string) => (body += chunk));
    incoming.on('end', () => {
      const req = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        authorization: incoming.headers.authorization,
        body,
      };
      requests.push(req);
      if (req.method === 'POST' && req.url === '/oauth/token') {
        const ok = (JSON.parse(body) as {client_secret?: string}).client_secret === TINY_SECRET;
        res.writeHead(ok ? 200 : 401, {'content-type': 'application/json'});
        res.end(
          ok
            ? JSON.stringify(issue())
            : JSON.stringify({errors: [{code: 'OAUTH-1', title: 'invalid client credentials', status: 401}]}),
        );
        return;
      }
      handle(req, res, self);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: self.url,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {'content-type': 'application/json', ...headers});
  res.end(JSON.stringify(body));
}

export const tinyUser = (id: string) => ({id, subject: `qlikbot\\${id}`, name: 'Bot', tenantId: 'T1'});
export const tinyToken = (id: string) => ({
  id,
  userId: 'U1',
  tenantId: 'T1',
  description: null,
  deviceType: null,
  lastUsed: null,
});
