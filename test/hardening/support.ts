// What the hardening tests share: the hostile strings, the "inert output" and "no stack trace"
// checks, and environment credentials for a simulator or a tiny tenant.
import assert from 'node:assert/strict';
import {displayWidth} from '../../source/text/cell-width.js';
import {freshHome} from '../commands/cli-harness.js';

/** Strings a tenant (or a hand-edited file) could send, each with the name of what it tries. */
export const HOSTILE = {
  clear: 'zqx\u001b[2J\u001b[Hcleared',
  osc52: 'zqx\u001b]52;c;ZWNobyBwd25lZCB8IHNo\u0007clip',
  title: 'zqx\u001b]0;owned title\u001b\\title',
  c1: 'zqx\u009b31mred\u009d0;t\u009c',
  c0: 'zqx\u0007bell\u0008\u0000nul\rcr',
  newline: 'zqx line one\nTOKEN ID  forged row',
  bidi: 'zqx\u202eevil\u202c\u2066iso\u2069',
  zeroWidth: 'zqx\u200bzero\ufeffwidth\u2060',
  invisible: 'zqx\u00adsoft\u3164filler\u{e0041}tag\u115f\u2063',
  wide: 'zqx 李伟 👩‍💻 Ｗｉｄｅ',
  long: `zqx${'W'.repeat(10_000)}`,
} as const;

export const HOSTILE_VALUES: string[] = Object.values(HOSTILE);

// Every C0 control but the newline (lines are the unit of output), DEL and the C1 controls; then
// the bidi and zero-width characters safeText removes.
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
// (ZWJ and ZWNJ may stay inside emoji and Persian text; HOSTILE puts none there.)
const INVISIBLE =
  /[\u00ad\u115f\u1160\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2028\u2029\u3164\ufeff\uffa0]|\udb40[\udc00-\udc7f]/;

/** No control, bidi or zero-width character anywhere in `text` (a command's stdout or stderr). */
export function assertInert(text: string, what: string): void {
  for (const [pattern, kind] of [
    [RAW_CONTROL, 'raw control'],
    [INVISIBLE, 'invisible or bidi character'],
  ] as const) {
    const found = pattern.exec(text);
    if (found) {
      const near = JSON.stringify(text.slice(Math.max(0, found.index - 30), found.index + 30));
      assert.fail(`${what}: ${kind} U+${found[0].charCodeAt(0).toString(16).padStart(4, '0')} near ${near}`);
    }
  }
}

/** Every line of a terminal's output fits `cols` cells. */
export function assertFits(text: string, cols: number, what: string): void {
  for (const line of text.split(/\r?\n/)) {
    assert.ok(
      displayWidth(line) <= cols,
      `${what}: a line of ${displayWidth(line)} cells on a ${cols}-column terminal: ${JSON.stringify(line.slice(0, 120))}`,
    );
  }
}

/** Node's stack frames ("    at f (file:1:2)") never reach the operator. */
export function assertNoStack(text: string, what: string): void {
  assert.doesNotMatch(text, /^\s+at .+[(:]/m, `${what}: stack trace in ${JSON.stringify(text.slice(0, 400))}`);
}

export function credentialsEnv(
  tenant: {url: string; clientId?: string; clientSecret?: string},
  secret?: string,
): NodeJS.ProcessEnv {
  return {
    QLIK_TENANT: tenant.url,
    QLIK_CLIENT_ID: tenant.clientId ?? 'tiny-client',
    QLIK_CLIENT_SECRET: secret ?? tenant.clientSecret ?? '',
  };
}

/** Homes created by a test file, removed by `cleanupHomes` in its `after`. */
const homes: Array<() => void> = [];
export function newHome(): string {
  const {home, cleanup} = freshHome();
  homes.push(cleanup);
  return home;
}
export function cleanupHomes(): void {
  for (const cleanup of homes.splice(0)) cleanup();
}
