import {test} from 'node:test';
import assert from 'node:assert/strict';
import {columnWidths, outputWidth, renderTable, type Column} from '../../source/commands/output.js';
import {displayWidth} from '../../source/text/cell-width.js';

type Row = {id: string; name: string; note: string};
const columns: Array<Column<Row>> = [
  {header: 'ID', value: (r) => r.id},
  {header: 'NAME', value: (r) => r.name, minWidth: 6, shrink: 1},
  {header: 'NOTE', value: (r) => r.note, minWidth: 4, shrink: 2},
];
const rows: Row[] = [
  {id: 'a1', name: 'Alice Andersson', note: 'Qlik Sense Mobile on iPhone'},
  {id: 'b22', name: '李 伟', note: 'short'},
];

test('columns are aligned and a piped table is never cut', () => {
  const lines = renderTable(columns, rows).trimEnd().split('\n');
  assert.equal(lines[0], 'ID   NAME             NOTE');
  assert.equal(lines[1], 'a1   Alice Andersson  Qlik Sense Mobile on iPhone');
  assert.equal(lines[2], 'b22  李 伟            short', 'wide characters count two cells');
});

test('a table fits the terminal width, the most shrinkable column giving way first', () => {
  for (const width of [40, 32, 24]) {
    const lines = renderTable(columns, rows, width).trimEnd().split('\n');
    for (const line of lines) assert.ok(displayWidth(line) <= width, `${JSON.stringify(line)} fits ${width}`);
  }
  const at40 = renderTable(columns, rows, 40).split('\n')[1]!;
  assert.equal(at40, 'a1   Alice Andersson  Qlik Sense Mobile…', 'NOTE shrinks before NAME');
  // Then NAME: a cut cell inside the line keeps the columns after it in place.
  assert.deepEqual(renderTable(columns, rows, 24).trimEnd().split('\n'), [
    'ID   NAME           NOTE',
    'a1   Alice Anders…  Qli…',
    'b22  李 伟          sho…',
  ]);
});

test('columnWidths never goes below the minimums', () => {
  assert.deepEqual(columnWidths([10, 20, 30], [10, 6, 4], [0, 1, 2], 10), [10, 6, 4]);
});

test('hostile cells are made inert', () => {
  const out = renderTable(columns, [{id: 'x', name: '\u001b[2J\u001b]52;c;ZXZpbA==\u0007boom', note: 'a\u202eb'}]);
  assert.ok(!out.includes('\u001b'));
  assert.ok(!out.includes('\u202e'));
  assert.match(out, /\\x1b\[2J/);
});

test('the output width is the terminal width on a TTY and unbounded when piped', () => {
  assert.equal(outputWidth({isTTY: true, columns: 100} as never), 100);
  assert.equal(outputWidth({isTTY: true} as never), 80);
  assert.equal(outputWidth({isTTY: false, columns: 100} as never), Number.POSITIVE_INFINITY);
});

test('a table of 200,000 rows renders (no argument spread of every row)', () => {
  const rows = Array.from({length: 200_000}, (_, i) => ({id: `token-${i}`, n: i}));
  const text = renderTable(
    [
      {header: 'ID', value: (r: {id: string}) => r.id},
      {header: 'N', value: (r: {n: number}) => r.n, align: 'right'},
    ],
    rows,
  );
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.length, 200_001);
  assert.equal(lines[1], 'token-0            0');
});
