// Starts the simulator and a client on it for one test, and always tears both down.
import assert from 'node:assert/strict';
import {startSimulator, type Simulator, type SimulatorOptions} from '../../source/simulator/index.js';
import {createQlikClient} from '../../source/qlik/client.js';
import {QlikError, type QlikErrorKind} from '../../source/qlik/errors.js';
import type {ClientEvent, ClientOptions, QlikApi} from '../../source/qlik/types.js';

export type Harness = {
  sim: Simulator;
  events: ClientEvent[];
  /** A client on the simulator with the right credentials; closed after the test. */
  client(options?: ClientOptions & {clientSecret?: string; scope?: string}): QlikApi;
  tokenRequests(): number;
};

export async function withSimulator(options: SimulatorOptions, run: (h: Harness) => Promise<void>): Promise<void> {
  const sim = await startSimulator({users: 20, tokens: 300, rateLimits: false, ...options});
  const clients: QlikApi[] = [];
  const events: ClientEvent[] = [];
  try {
    await run({
      sim,
      events,
      client(clientOptions = {}) {
        const {clientSecret, scope, ...rest} = clientOptions;
        const client = createQlikClient(
          {
            tenantUrl: sim.url,
            clientId: sim.clientId,
            clientSecret: clientSecret ?? sim.clientSecret,
            ...(scope ? {scope} : {}),
          },
          {
            ...rest,
            onEvent: (event) => {
              events.push(event);
              rest.onEvent?.(event);
            },
          },
        );
        clients.push(client);
        return client;
      },
      tokenRequests: () => sim.stats().byRoute['POST /oauth/token'] ?? 0,
    });
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await sim.stop();
  }
}

/** An assert.rejects validator: a QlikError of `kind`, with a message matching `pattern`. */
export function qlikError(kind: QlikErrorKind, pattern?: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof QlikError, `expected a QlikError, got ${String(error)}`);
    assert.equal(error.kind, kind, `kind ${error.kind}: ${error.message}`);
    if (pattern) assert.match(error.message, pattern);
    return true;
  };
}

/** The user with the most tokens, and how many it has. */
export function busiestUser(sim: Simulator): {userId: string; count: number} {
  const counts = new Map<string, number>();
  for (const token of sim.tokens()) counts.set(token.userId, (counts.get(token.userId) ?? 0) + 1);
  let best = {userId: '', count: -1};
  for (const [userId, count] of counts) if (count > best.count) best = {userId, count};
  return best;
}
