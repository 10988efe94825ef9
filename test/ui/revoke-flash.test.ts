// The flash line after a revocation (source/ui/hooks/use-revoke.ts): counts first, and no count twice.
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {revokeFlash} from '../../source/ui/hooks/use-revoke.js';

describe('revokeFlash', () => {
  it('a cancelled run says "not tried" once: the why is in the summary table, not repeated on the line', () => {
    const {text, kind} = revokeFlash({
      outcomes: [
        {tokenId: 'a', outcome: 'revoked'},
        {tokenId: 'b', outcome: 'revoked'},
        {tokenId: 'c', outcome: 'not-tried'},
      ],
      reasons: ['1 not tried: the run was cancelled; it is untouched'],
    });
    assert.equal(text, '2 revoked · 1 not tried · those left are marked: d tries again');
    assert.equal(kind, 'warning');
  });

  it('keeps a reason the counts do not say', () => {
    const {text} = revokeFlash({
      outcomes: [{tokenId: 'a', outcome: 'revoked'}],
      reasons: ['1 token fewer than the 2 confirmed: gone since the list was shown'],
    });
    assert.equal(text, 'Revoked a · 1 token fewer than the 2 confirmed: gone since the list was shown');
  });
});
