// useUserNames against the simulator: who is asked first, and how answers reach the screen.
import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {Text} from 'ink';
import {useState} from 'react';
import {createQlikClient} from '../../source/qlik/client.js';
import type {QlikApi} from '../../source/qlik/types.js';
import {startSimulator, type Simulator} from '../../source/simulator/index.js';
import {useUserNames} from '../../source/ui/hooks/use-user-names.js';
import {renderSized, waitForFrame} from './render-helpers.js';

let sim: Simulator;
let client: QlikApi;

before(async () => {
  sim = await startSimulator({users: 30, tokens: 0, seed: 4, rateLimits: false});
  client = createQlikClient({tenantUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret});
});

after(async () => {
  await client.close();
  await sim.stop();
});

/** The client, its getUser held until `release()`: the order of the calls is what is seen. */
function heldClient() {
  const asked: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const held = new Proxy(client, {
    get(target, key) {
      if (key === 'getUser')
        return async (id: string) => {
          asked.push(id);
          await gate;
          return target.getUser(id);
        };
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {held, asked, release};
}

/** Shows the names of `wanted`, which `control.want` changes (a rerender would mount anew). */
function Names({
  api,
  initial,
  control,
}: {
  api: QlikApi;
  initial: readonly string[];
  control: {want?: (ids: readonly string[]) => void};
}) {
  const [wanted, setWanted] = useState(initial);
  control.want = setWanted;
  const names = useUserNames(api, wanted);
  return <Text>{wanted.map((id) => names.get(id) ?? '?').join('|')}</Text>;
}

describe('useUserNames', () => {
  it('asks for what is wanted now before what was wanted earlier and is still waiting', async () => {
    const ids = sim
      .users()
      .filter((u) => u.id !== sim.botUser.id)
      .map((u) => u.id);
    const earlier = ids.slice(0, 8);
    const now = ids.slice(8, 16);
    const {held, asked, release} = heldClient();
    const control: {want?: (ids: readonly string[]) => void} = {};
    const app = renderSized(<Names api={held} initial={earlier} control={control} />, {columns: 300});
    // Four in flight (held), four waiting; then the screen moves on.
    await waitForFrame(app, () => asked.length === 4, 'four lookups in flight');
    control.want!(now);
    await app.stdin.keys?.idle(); // React's scheduler has rendered that and run its effects
    assert.equal(asked.length, 4);
    release();
    await waitForFrame(app, (f) => !f.includes('?'), 'every name of the screen');
    assert.deepEqual(asked.slice(0, 4), earlier.slice(0, 4));
    assert.deepEqual(asked.slice(4, 12), now, 'the screen waited behind lookups of a screen left behind');
    const names = new Map(sim.users().map((u) => [u.id, u.name]));
    assert.equal(app.lastFrame(), now.map((id) => names.get(id)).join('|'));
    app.unmount();
  });
});
