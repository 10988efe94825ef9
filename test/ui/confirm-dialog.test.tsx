import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import type {QlikToken} from '../../source/qlik/types.js';
import {ConfirmDialog, type RevokeRequest} from '../../source/ui/dialogs/confirm/view.js';
import {KEYS, press, renderSized, tick, waitForText} from './render-helpers.js';

const token = (n: number): QlikToken => ({
  id: `tok${n}`,
  userId: 'u1',
  tenantId: 't',
  description: `laptop ${n}`,
  deviceType: 'Desktop',
  lastUsed: null,
});

function open(request: RevokeRequest, height = 12) {
  const calls: string[] = [];
  const rendered = renderSized(
    <ConfirmDialog
      request={request}
      width={79}
      height={height}
      isActive
      view="user"
      now={0}
      onConfirm={() => calls.push('confirm')}
      onCancel={() => calls.push('cancel')}
    />,
  );
  return {...rendered, calls};
}

const single: RevokeRequest = {scope: 'selected', tokens: [token(1)], owner: 'Ada <ada@example.com>'};
const bulk: RevokeRequest = {scope: 'selected', tokens: [token(1), token(2), token(3)], owner: 'Ada <ada@example.com>'};

describe('confirm dialog', () => {
  it('shows what will be revoked: count, owner and the tokens', async () => {
    const {lastFrame, stdout, unmount} = open(bulk);
    const frame = await waitForText({lastFrame, stdout}, 'tok3');
    assert.match(frame, /Revoke 3 tokens of Ada <ada@example\.com>\?/);
    assert.match(frame, /tok1 +laptop 1/);
    assert.match(frame, /Type 3 and press enter/);
    unmount();
  });

  for (const [name, key] of [
    ['enter', KEYS.enter],
    ['n', 'n'],
    ['space', ' '],
    ['Y', 'Y'],
  ] as const) {
    it(`defaults to No for one token: ${name} cancels`, async () => {
      const {stdin, calls, unmount} = open(single);
      await tick();
      await press(stdin, key);
      assert.deepEqual(calls, ['cancel']);
      unmount();
    });
  }

  it('revokes one token on y', async () => {
    const {stdin, calls, lastFrame, stdout, unmount} = open(single);
    await waitForText({lastFrame, stdout}, '[y/N]');
    await press(stdin, 'y');
    assert.deepEqual(calls, ['confirm']);
    unmount();
  });

  it('needs the count typed for several tokens: y, a wrong count or enter alone do nothing', async () => {
    const {stdin, calls, lastFrame, stdout, unmount} = open(bulk);
    await tick();
    await press(stdin, 'y', KEYS.enter);
    assert.deepEqual(calls, []);
    await press(stdin, '4', KEYS.enter);
    assert.deepEqual(calls, []);
    await waitForText({lastFrame, stdout}, '4 is not 3');
    await press(stdin, KEYS.backspace, '3', KEYS.enter);
    assert.deepEqual(calls, ['confirm']);
    unmount();
  });

  it('needs the count typed for "all", even for a single token', async () => {
    const {stdin, calls, lastFrame, stdout, unmount} = open({scope: 'all', tokens: [token(1)], owner: 'Ada'});
    await waitForText({lastFrame, stdout}, 'ALL 1 token');
    await press(stdin, 'y');
    assert.deepEqual(calls, []);
    await press(stdin, '1', KEYS.enter);
    assert.deepEqual(calls, ['confirm']);
    unmount();
  });

  it('takes the count and enter arriving in one read (a paste, tmux, a fast typist over SSH)', async () => {
    const {stdin, calls, unmount} = open(bulk);
    await tick();
    stdin.write('3\r');
    // Cut into keys and handed over one at a time: wait for the last to land.
    for (let i = 0; i < 200 && calls.length === 0; i++) await tick();
    assert.deepEqual(calls, ['confirm']);
    unmount();
  });

  it('cancels on esc', async () => {
    const {stdin, calls, unmount} = open(bulk);
    await tick();
    await press(stdin, '3', KEYS.esc);
    for (let i = 0; i < 200 && calls.length === 0; i++) await tick();
    assert.deepEqual(calls, ['cancel']);
    unmount();
  });

  it('lists as many tokens as fit and says how many more', async () => {
    const many: RevokeRequest = {scope: 'all', tokens: Array.from({length: 40}, (_, i) => token(i)), owner: 'Ada'};
    const {lastFrame, stdout, unmount} = open(many, 10);
    const frame = await waitForText({lastFrame, stdout}, 'more');
    assert.match(frame, /… and 36 more/);
    assert.ok(frame.split('\n').length <= 10);
    unmount();
  });
});
