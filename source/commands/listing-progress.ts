// "listing tokens… 1,200 so far" on stderr while `tokens list` pages through a tenant: a slow or
// large tenant (40 pages at 600 ms: 25 s) otherwise shows nothing at all until the table. Only on a
// terminal, rewritten in place and erased before the table; a pipe or a log gets no line.
import type {QlikToken} from '../qlik/types.js';

type Stream = {write(text: string): unknown; isTTY?: boolean; columns?: number};

export function listingProgress(stream: Stream): {onPage: (page: QlikToken[]) => void; clear: () => void} {
  if (stream.isTTY !== true) return {onPage: () => {}, clear: () => {}};
  let count = 0;
  let shown = false;
  return {
    onPage(page) {
      count += page.length;
      const width = Math.max(20, (stream.columns ?? 80) - 1);
      stream.write(`\r\u001b[K${`listing tokens… ${count.toLocaleString('en-US')} so far`.slice(0, width)}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\u001b[K');
      shown = false;
    },
  };
}
