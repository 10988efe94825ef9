import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import type {QlikToken} from '../../source/qlik/types.js';
import {TokenTable} from '../../source/ui/screens/token-list/token-table.js';
import {initialTokenListState, tokenListReducer} from '../../source/ui/screens/token-list/state.js';
import {lines, renderSized, tick} from './render-helpers.js';

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);

function tokens(): QlikToken[] {
  return [
    {
      id: '66a9eafe249304d27e7f7000',
      userId: 'u1',
      tenantId: 't',
      description: 'Qlik Sense Mobile',
      deviceType: 'Phone',
      lastUsed: new Date(NOW - 3 * 60_000).toISOString(),
    },
    {
      id: '66a9eafe249304d27e7f7001',
      userId: 'u2',
      tenantId: 't',
      description: '\u001B[31mEVIL\u001B]0;pwned\u0007\u202Eevil',
      deviceType: '\u001B[2J',
      lastUsed: new Date(NOW - 2 * 3600_000).toISOString(),
    },
    {
      id: '66a9eafe249304d27e7f7002',
      userId: 'u1',
      tenantId: 't',
      description: '漢字のとても長い説明文がここに続きます漢字のとても長い説明文がここに続きます',
      deviceType: null,
      lastUsed: null,
    },
  ];
}

function state(
  height = 3,
  names = new Map([
    ['u1', 'Ada Lovelace'],
    ['u2', 'Grace Hopper'],
  ]),
) {
  let s = initialTokenListState(height);
  s = tokenListReducer(s, {type: 'names', names});
  return tokenListReducer(s, {type: 'loaded', items: tokens(), now: NOW});
}

describe('token table', () => {
  for (const width of [60, 80, 200]) {
    it(`fits every line into ${width} columns, wide characters included`, async () => {
      const {lastFrame, unmount} = renderSized(<TokenTable state={state()} showUser width={width - 1} now={NOW} />, {
        columns: width,
      });
      await tick();
      const rows = lines(lastFrame() ?? '');
      assert.equal(rows.length, 4, 'header + 3 tokens');
      for (const row of rows) assert.ok(stringWidth(row) <= width - 1, `${stringWidth(row)} > ${width - 1}: ${row}`);
      if (width < 200)
        assert.ok(
          rows.some((row) => row.includes('…')),
          'the long description is cut with …',
        );
      unmount();
    });
  }

  it('shows relative last-used times and the user name in the tenant-wide view', async () => {
    const {lastFrame, unmount} = renderSized(<TokenTable state={state()} showUser width={119} now={NOW} />, {
      columns: 120,
    });
    await tick();
    const frame = lastFrame() ?? '';
    assert.match(frame, /3m ago/);
    assert.match(frame, /2h ago/);
    assert.match(frame, /never/);
    assert.match(frame, /Ada Lovelace/);
    assert.match(frame, /USER/);
    unmount();
  });

  it('leaves the user column out for one user', async () => {
    const {lastFrame, unmount} = renderSized(<TokenTable state={state()} showUser={false} width={79} now={NOW} />);
    await tick();
    assert.doesNotMatch(lastFrame() ?? '', /USER|Ada Lovelace/);
    unmount();
  });

  it('renders hostile API strings inert', async () => {
    const {lastFrame, unmount} = renderSized(<TokenTable state={state()} showUser width={159} now={NOW} />, {
      columns: 160,
    });
    await tick();
    const frame = lastFrame() ?? '';
    // No OSC (title change), no screen clear, no colour from the API, no bidi override.
    assert.ok(!frame.includes('\u001B]'), 'OSC sequence passed through');
    assert.ok(!frame.includes('\u001B[2J'), 'clear-screen passed through');
    assert.ok(!frame.includes('\u001B[31m'), 'API colour passed through');
    assert.ok(!frame.includes('\u202E'), 'bidi override passed through');
    assert.match(frame, /\\x1b\[31mEVIL/);
    unmount();
  });

  it('draws only the window, not the whole list', async () => {
    const many: QlikToken[] = Array.from({length: 100_000}, (_, i) => ({
      id: `id${i}`,
      userId: 'u',
      tenantId: 't',
      lastUsed: new Date(NOW - i * 1000).toISOString(),
    }));
    let s = tokenListReducer(initialTokenListState(15), {type: 'loaded', items: many, now: NOW});
    s = tokenListReducer(s, {type: 'move', by: 50_000});
    const {lastFrame, unmount} = renderSized(<TokenTable state={s} showUser={false} width={79} now={NOW} />);
    await tick();
    const rows = lines(lastFrame() ?? '');
    assert.equal(rows.length, 16);
    assert.ok(rows.some((row) => row.includes('id50000 ')));
    unmount();
  });
});
