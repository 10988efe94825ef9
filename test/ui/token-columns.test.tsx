// One column list drives the TUI's table, the confirm dialog and the CLI's human output: a column
// added to TOKEN_COLUMNS (and nowhere else) appears in all three.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import type {QlikToken} from '../../source/qlik/types.js';
import {renderTable} from '../../source/commands/output.js';
import {tokenTableColumns} from '../../source/commands/tokens.js';
import {ConfirmDialog} from '../../source/ui/dialogs/confirm/view.js';
import {initialTokenListState, tokenListReducer} from '../../source/ui/screens/token-list/state.js';
import {TokenTable} from '../../source/ui/screens/token-list/token-table.js';
import {TOKEN_COLUMNS, type Column} from '../../source/ui/token-columns.js';
import {lines, renderSized, tick} from './render-helpers.js';

const token: QlikToken = {
  id: '66a9eafe249304d27e7f7000',
  userId: 'u1',
  tenantId: 'tenant-42',
  description: 'laptop',
  deviceType: 'Desktop',
  lastUsed: null,
};

describe('token columns', () => {
  it('a column added to TOKEN_COLUMNS shows in the token table, the confirm dialog and tokens list', async () => {
    const added: Column<QlikToken> = {
      id: 'tenant',
      title: 'TENANT',
      value: (t) => t.tenantId,
      width: {fixed: 10},
      shrink: 0,
    };
    (TOKEN_COLUMNS as Column<QlikToken>[]).push(added);
    try {
      const cli = renderTable(tokenTableColumns({now: 0, view: 'user', userName: (id) => id}), [token]);
      assert.match(cli, /TENANT/);
      assert.match(cli, /tenant-42/);

      const state = tokenListReducer(initialTokenListState(3), {type: 'loaded', items: [token], now: 0});
      const table = renderSized(<TokenTable state={state} showUser={false} width={100} now={0} />, {columns: 101});
      await tick();
      assert.match(lines(table.lastFrame() ?? '').join('\n'), /TENANT[\s\S]*tenant-42/);
      table.unmount();

      const dialog = renderSized(
        <ConfirmDialog
          request={{scope: 'selected', tokens: [token], owner: 'Ada'}}
          width={100}
          height={10}
          isActive={false}
          now={0}
          view="user"
          onConfirm={() => {}}
          onCancel={() => {}}
        />,
        {columns: 101},
      );
      await tick();
      assert.match(dialog.lastFrame() ?? '', /tenant-42/);
      dialog.unmount();
    } finally {
      (TOKEN_COLUMNS as Column<QlikToken>[]).pop();
    }
  });
});

describe('usedAgo', () => {
  it('moves on whole minutes past the first minute, never into the future', async () => {
    const {usedAgo} = await import('../../source/ui/token-columns.js');
    const minute = Date.UTC(2026, 0, 1, 12, 0, 0);
    const at = (ms: number) => new Date(ms).toISOString();
    // Two rows of different phases change together at the clock's minute, not each on its own.
    assert.equal(usedAgo(at(minute - 150_000), minute + 59_000), usedAgo(at(minute - 150_000), minute));
    assert.equal(usedAgo(at(minute - 170_000), minute + 59_000), usedAgo(at(minute - 170_000), minute));
    assert.equal(usedAgo(at(minute + 10_000), minute + 9_000), '0s ago');
    assert.equal(usedAgo(at(minute - 10_000), minute), '10s ago');
    assert.equal(usedAgo(at(minute - 50_000), minute + 1_000), '1m ago');
  });
});
