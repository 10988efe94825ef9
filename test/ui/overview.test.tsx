// The overview (`o` in the tenant-wide list) in the whole app, on a simulated tenant over HTTP:
// bars, the top users (enter opens one), device types; fits 80x24 and 60x15; NO_COLOR; the
// tenant's strings escaped. Colours forced on before Ink loads (see no-colour.test.tsx), so that
// "no colour codes" is the theme's doing.
process.env.FORCE_COLOR = '3';

const {after, afterEach, before, describe, it} = await import('node:test');
const assert: typeof import('node:assert/strict') = (await import('node:assert/strict')).default;
const {mkdtempSync, rmSync} = await import('node:fs');
const {tmpdir} = await import('node:os');
const {join} = await import('node:path');
const stringWidth = (await import('string-width')).default;
const {createQlikClient} = await import('../../source/qlik/client.js');
const {startSimulator} = await import('../../source/simulator/index.js');
const {App} = await import('../../source/ui/app.js');
const {colourTheme, noColourTheme} = await import('../../source/ui/theme.js');
const {KEYS, lines, press, renderSized, waitForFrame, waitForText} = await import('./render-helpers.js');
const {simSession} = await import('./sim-session.js');
type Theme = import('../../source/ui/theme.js').Theme;
type QlikApi = import('../../source/qlik/types.js').QlikApi;
type Simulator = import('../../source/simulator/index.js').Simulator;

const COLOUR = /\u001B\[(3[0-8]|9[0-7]|4[0-8]|10[0-7])(;|m)/;
// Anything but SGR (colour, bold, inverse): a tenant string that reached the terminal raw.
const FOREIGN_ESCAPE = /\u001B(?!\[[0-9;]*m)|\u0007/;

let home: string;
let sim: Simulator;
let client: QlikApi;
let hostileUserId: string;

const session = () => simSession({client, auditFile: join(home, 'audit.jsonl')});

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'qlik-tokens-overview-'));
  process.env.QLIK_TOKENS_HOME = home;
  sim = await startSimulator({users: 30, tokens: 300, seed: 11, rateLimits: false});
  // The busiest user, by far, has a name that clears the screen, on devices that write the clipboard.
  const hostile = sim.addUser({name: '\u001B[2J\u001B[Hwiper', email: 'wiper@example.com'});
  hostileUserId = hostile.id;
  for (let i = 0; i < 200; i++)
    sim.addToken(hostile.id, {deviceType: '\u001B]52;c;cHduZWQ=\u0007clip', lastUsed: null, description: 'x'});
  client = createQlikClient({tenantUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret});
});

after(async () => {
  await client.close();
  await sim.stop();
  rmSync(home, {recursive: true, force: true});
});

const mounted: Array<() => void> = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

async function openOverview(columns: number, rows: number, theme: Theme = noColourTheme) {
  const app = renderSized(<App session={session()} profiles={undefined} start={{name: 'picker'}} onExit={() => {}} />, {
    columns,
    rows,
    theme,
  });
  mounted.push(app.unmount);
  await waitForText(app, 'all users');
  await press(app.stdin, KEYS.down);
  await waitForFrame(app, (f) => /› all users/.test(f), 'all users chosen');
  await press(app.stdin, KEYS.enter);
  await waitForFrame(
    app,
    (f) => lines(f).join('\n').includes('All tokens in the tenant') && /· 500 · sort/.test(lines(f).join('\n')),
    'all 500 tokens',
  );
  await press(app.stdin, 'o');
  const frame = await waitForFrame(
    app,
    (f) => f.includes('Tenant overview') && f.includes('Last used'),
    'the overview',
  );
  return {app, frame};
}

function assertFits(frames: readonly string[], columns: number, rows: number) {
  for (const frame of frames) {
    const shown = lines(frame);
    assert.ok(shown.length <= rows - 1, `a frame of ${shown.length} lines on ${rows} rows:\n${frame}`);
    for (const line of shown) assert.ok(stringWidth(line) < columns, `too wide (${stringWidth(line)}): ${line}`);
  }
}

/** The top users by token count, as the simulator holds them. */
function topUsers(): Array<[string, number]> {
  return [...sim.tokenCounts()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10);
}

describe('overview', () => {
  it('80x24: ages as bars, the top 10 users with counts, device types; the tenant strings escaped', async () => {
    const {app} = await openOverview(80, 24);
    // Names arrive after the first frame: wait for the hostile one, escaped.
    const frame = await waitForFrame(app, (f) => f.includes('\\x1b[2J'), 'the top user named (escaped)');
    const text = lines(frame).join('\n');
    assert.match(text, new RegExp(`Tenant overview · 500 tokens · ${sim.tokenCounts().size} users`));
    for (const label of ['today', '7 d', '30 d', '90 d', 'older', 'never'])
      assert.match(text, new RegExp(`\\b${label}\\b`));
    assert.match(text, /never +█+/, 'the 200 never-used tokens draw a bar');
    assert.match(text, /Top 10 users by tokens/);
    const [first, second] = topUsers();
    assert.equal(first![0], hostileUserId);
    assert.match(
      text,
      new RegExp(`▸ \\\\x1b\\[2J\\\\x1b\\[Hwiper.* ${first![1]} `),
      'the first user, highlighted, with its count',
    );
    assert.match(text, new RegExp(` ${second![1]} +\\d+%`));
    assert.match(text, /Device types · \d+/);
    assert.match(text, /\\x1b\]52;c;c… +█+ 200 /, 'the hostile device type, escaped');
    for (const f of app.frames) assert.doesNotMatch(f, FOREIGN_ESCAPE);
    assertFits(app.frames, 80, 24);
  });

  it('↓ and enter open the highlighted user’s tokens; esc from there goes back, o again shows the overview', async () => {
    const {app} = await openOverview(80, 24);
    const [, second] = topUsers();
    const user = sim.users().find((u) => u.id === second![0])!;
    await press(app.stdin, KEYS.down);
    await waitForFrame(app, (f) => new RegExp(`▸ .*\\(${second![0]}\\)`).test(f), 'the second user in the detail line');
    await press(app.stdin, KEYS.enter);
    await waitForText(app, `Tokens of ${user.name}`);
    await waitForFrame(
      app,
      (f) => new RegExp(`· ${second![1]} · sort`).test(lines(f).join('\n')),
      `${second![1]} tokens listed`,
    );
    assertFits(app.frames, 80, 24);
  });

  it('esc goes back to the tenant-wide list; o in one user’s list is not offered and says what it is for', async () => {
    const {app} = await openOverview(80, 24);
    await press(app.stdin, KEYS.esc);
    await waitForText(app, 'All tokens in the tenant');
    assert.doesNotMatch(app.lastFrame() ?? '', /Tenant overview/);
    await waitForFrame(app, (f) => /· 500 · sort/.test(lines(f).join('\n')) && f.includes('▸ '), 'listed again');
    const shown = () => lines(app.lastFrame() ?? '').join('\n');
    assert.match(shown(), /o overview/, 'the tenant-wide footer offers the overview');
    await press(app.stdin, KEYS.enter);
    await waitForText(app, 'Tokens of ');
    assert.doesNotMatch(shown(), /o overview/, "one user's footer does not offer it");
    await press(app.stdin, 'o');
    await waitForText(app, 'o is the overview of the whole tenant');
    assert.doesNotMatch(app.lastFrame() ?? '', /Tenant overview/);
  });

  it('60x15: still the three sections, cut to fit, the cursor kept in view', async () => {
    const {app} = await openOverview(60, 15);
    const frame = await waitForFrame(app, (f) => f.includes('Top 10 users'), 'the users section');
    const text = lines(frame).join('\n');
    assert.match(text, /Last used/);
    assert.match(text, /never +█+/);
    assert.match(text, /Device types/);
    assert.match(text, /Top 10 users by tokens · 1-\d/, 'says which of the ten are shown');
    for (let i = 0; i < 9; i++) await press(app.stdin, KEYS.down);
    const last = topUsers()[9]!;
    await waitForFrame(app, (f) => new RegExp(`▸ .*\\(${last[0]}\\)`).test(f), 'the tenth user');
    assert.match(lines(app.lastFrame() ?? '').join('\n'), /· \d+-10/);
    assertFits(app.frames, 60, 15);
  });

  it('NO_COLOR: no colour codes, the highlighted user in inverse video; the colour theme does colour', async () => {
    const plain = await openOverview(80, 24, noColourTheme);
    const frame = await waitForFrame(plain.app, (f) => f.includes('Top 10'), 'the overview');
    assert.doesNotMatch(frame, COLOUR);
    assert.match(frame, /\u001B\[7m/);
    plain.app.unmount();
    const coloured = await openOverview(80, 24, colourTheme);
    assert.match(coloured.frame, COLOUR);
  });
});
