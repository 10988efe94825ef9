// Chalk decides its colour level once, when it is first imported, and the test runner sets
// FORCE_COLOR=0: force colours on before anything imports Ink, so that "no colour codes" is a
// property of our no-colour theme and not of the test environment.
process.env.FORCE_COLOR = '3';

const {describe, it} = await import('node:test');
const assert: typeof import('node:assert/strict') = (await import('node:assert/strict')).default;
const {TokenTable} = await import('../../source/ui/screens/token-list/token-table.js');
const {Header} = await import('../../source/ui/components/header.js');
const {FooterHints} = await import('../../source/ui/components/footer-hints.js');
const {initialTokenListState, tokenListReducer} = await import('../../source/ui/screens/token-list/state.js');
const {colourTheme, noColourTheme, pickTheme} = await import('../../source/ui/theme.js');
const {tokenListKeymap} = await import('../../source/ui/screens/token-list/keys.js');
const {renderSized, tick} = await import('./render-helpers.js');
const {Box} = await import('ink');

const COLOUR = /\u001B\[(3[0-8]|9[0-7]|4[0-8]|10[0-7])(;|m)/;

function screen() {
  let state = initialTokenListState(5);
  const items = Array.from({length: 4}, (_, i) => ({id: `tok${i}`, userId: 'u', tenantId: 't', lastUsed: null}));
  state = tokenListReducer(state, {type: 'loaded', items: items.slice(0, 3), now: 0});
  state = tokenListReducer(state, {type: 'loaded', items, now: 1}); // tok3 is new
  state = tokenListReducer(state, {type: 'toggle-mark'});
  return (
    <Box flexDirection="column">
      <Header
        info={{profile: 'prod', tenantUrl: 'https://t.eu.qlikcloud.com', readonly: true, demo: true}}
        width={79}
      />
      <TokenTable state={state} showUser={false} width={79} now={0} />
      <FooterHints keymap={tokenListKeymap} mode={{readonly: false}} width={79} lines={2} />
    </Box>
  );
}

describe('colour', () => {
  it('the colour theme does colour (so the next test can fail)', async () => {
    const {lastFrame, unmount} = renderSized(screen(), {theme: colourTheme});
    await tick();
    assert.match(lastFrame() ?? '', COLOUR);
    unmount();
  });

  it('the no-colour theme emits no colour codes, and shows the cursor in inverse video', async () => {
    const {lastFrame, unmount} = renderSized(screen(), {theme: noColourTheme});
    await tick();
    const frame = lastFrame() ?? '';
    assert.doesNotMatch(frame, COLOUR);
    assert.match(frame, /\u001B\[7m/);
    unmount();
  });

  it('is picked for NO_COLOR, TERM=dumb and terminals without colours', () => {
    assert.equal(pickTheme({NO_COLOR: '1'}).name, 'no-colour');
    assert.equal(pickTheme({NO_COLOR: '1', FORCE_COLOR: '1'}).name, 'no-colour');
    assert.equal(pickTheme({NO_COLOR: ''}).name, 'colour');
    assert.equal(pickTheme({TERM: 'dumb'}).name, 'no-colour');
    assert.equal(pickTheme({}, {isTTY: true, hasColors: () => false}).name, 'no-colour');
    assert.equal(pickTheme({}, {isTTY: true, hasColors: () => true}).name, 'colour');
  });
});
