// The HTTP side: node:http, one pipeline per request — count it, read the body, pick a fault,
// run the route (unless the fault replaces it), wait out latency, send. Every socket is tracked so
// stop() ends stalled and keep-alive connections at once.
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {Socket} from 'node:net';
import type {RouteContext, SimRequest} from './context.js';
import {FAULTS_BEFORE_ROUTE, faultReply, type FaultPlan} from './faults.js';
import {proxyHtml, qlikError, type Reply} from './replies.js';
import {matchRoute} from './routes.js';
import type {SimulatorStats} from './stats.js';

export type PipelineOptions = {
  ctx: RouteContext;
  faults: FaultPlan;
  latencyMs: () => number;
  stats: SimulatorStats;
};

export type HttpServer = {port: number; close(): Promise<void>};

const MAX_BODY_BYTES = 1024 * 1024;

export async function startHttpServer(
  port: number,
  pipeline: (origin: string) => PipelineOptions,
): Promise<HttpServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closing = false;
  let options: PipelineOptions | undefined;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const server = createServer((req, res) => {
    if (!options) return void res.destroy();
    handle(options, req, res, sleep, () => closing).catch(() => {
      if (!res.headersSent && !res.destroyed)
        send(res, qlikError(500, 'HTTP-500', 'Internal Server Error', 'The simulator failed on this request.'), false);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({port, host: '127.0.0.1'}, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('simulator: no TCP address');
  options = pipeline(`http://127.0.0.1:${address.port}`);

  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        if (closing) return resolve();
        closing = true;
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      }),
  };
}

async function handle(
  options: PipelineOptions,
  req: IncomingMessage,
  res: ServerResponse,
  sleep: (ms: number) => Promise<void>,
  isClosing: () => boolean,
): Promise<void> {
  const {ctx, faults, stats} = options;
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', ctx.origin);
  const route = matchRoute(method, url.pathname);
  stats.requests++;
  stats.byRoute[route.key] = (stats.byRoute[route.key] ?? 0) + 1;

  const body = await readBody(req);
  if (body === undefined) {
    send(
      res,
      qlikError(413, 'HTTP-413', 'Payload Too Large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`),
      false,
    );
    return;
  }
  const fault = faults.choose(method, url.pathname);
  if (fault) stats.faultsInjected++;
  const latency = options.latencyMs();
  const gone = () => isClosing() || res.destroyed;
  if (fault?.kind === 'stall') return; // Never answered: the socket stays open until the client or stop() ends it.
  if (fault?.kind === 'early-hints') {
    // Informational answers, each of which an idle timer takes for progress; the final one never comes.
    while (!gone()) {
      res.writeEarlyHints({link: '</static/app.css>; rel=preload; as=style'});
      await sleep(fault.delayMs);
    }
    return;
  }
  if (fault?.kind === 'endless-body') {
    if (latency > 0) await sleep(latency);
    await sendEndless(res, fault.bytes ?? Number.POSITIVE_INFINITY, gone);
    return;
  }
  // A tenant (or a proxy rewriting the query) that ignores the user filter: every user's tokens.
  if (fault?.kind === 'filter-ignored') url.searchParams.delete('userId');
  if (fault?.kind === 'reset') {
    if (latency > 0) await sleep(latency);
    resetSocket(req.socket);
    return;
  }

  let reply: Reply;
  if (fault && FAULTS_BEFORE_ROUTE.has(fault.kind)) {
    reply = faultReply(fault, {path: url.pathname, authorization: req.headers.authorization, body})!;
  } else {
    const simRequest: SimRequest = {method, url, headers: req.headers, body};
    reply = route.handle(ctx, simRequest);
    // The change is made, then the gateway loses the answer: the client cannot tell it landed.
    if (fault?.kind === 'delete-applied-503') reply = proxyHtml(503);
  }
  // 'slow' runs the route first and delays only the answer, so a client that times out and
  // retries meets the effect of its first attempt (a DELETE retried gets 404).
  const wait = latency + (fault?.kind === 'slow' ? fault.delayMs : 0);
  if (wait > 0) await sleep(wait);
  if (gone()) return;
  if (fault?.kind === 'trickle') return sendTrickle(res, reply, fault.delayMs, sleep, gone);
  send(res, reply, fault?.kind === 'reset-mid-body');
}

/** `{"data":[`, then JSON whitespace as fast as the client reads it, until `bytes` (then `]}`) or the client hangs up. */
async function sendEndless(res: ServerResponse, bytes: number, gone: () => boolean): Promise<void> {
  // No content-length: chunked, so nothing tells the client in advance how much is coming.
  res.writeHead(200, {'content-type': 'application/json; charset=utf-8'});
  const filler = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  res.write('{"data":[');
  while (!gone() && sent < bytes) {
    const chunk = bytes - sent < filler.length ? filler.subarray(0, bytes - sent) : filler;
    sent += chunk.length;
    if (!res.write(chunk))
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
  }
  if (!gone()) res.end(']}');
}

/** Headers at once (with the true content-length), then the body one byte per `delayMs`. */
async function sendTrickle(
  res: ServerResponse,
  reply: Reply,
  delayMs: number,
  sleep: (ms: number) => Promise<void>,
  gone: () => boolean,
): Promise<void> {
  const bytes = Buffer.from(reply.body, 'utf8');
  res.writeHead(reply.status, {...reply.headers, 'content-length': bytes.length});
  res.flushHeaders();
  for (let i = 0; i < bytes.length; i++) {
    if (gone()) return;
    res.write(bytes.subarray(i, i + 1));
    await sleep(delayMs);
  }
  if (!gone()) res.end();
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
    req.on('close', () => resolve(tooBig ? undefined : Buffer.concat(chunks).toString('utf8')));
  });
}

function send(res: ServerResponse, reply: Reply, cutMidBody: boolean): void {
  const bytes = Buffer.from(reply.body, 'utf8');
  const headers: Record<string, string | number> = {...reply.headers};
  if (reply.status !== 204 && reply.status !== 304 && !(reply.status >= 100 && reply.status < 200))
    headers['content-length'] = bytes.length;
  res.writeHead(reply.status, headers);
  if (!cutMidBody) {
    res.end(bytes);
    return;
  }
  // Headers and a prefix of the body go out, then the connection dies: the client has a status
  // line but cannot finish reading the body. A body-less reply only loses its connection.
  const part = bytes.subarray(0, Math.floor(bytes.length / 2));
  if (part.length === 0) res.flushHeaders();
  res.write(part, () => resetSocket(res.socket ?? undefined));
}

function resetSocket(socket: Socket | undefined): void {
  if (!socket || socket.destroyed) return;
  // A TCP RST where the platform allows it, like a crashed proxy, not a polite FIN.
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}
