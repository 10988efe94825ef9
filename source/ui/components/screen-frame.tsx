// Every screen's frame: header, then the body or the dialog over it, the flash line and the key
// hints. The sizes are worked out here once: Ink 6 redraws the whole terminal when a frame is as
// tall as it, so nothing may ever be drawn taller than rows - 1.
import {Box} from 'ink';
import type {ReactNode} from 'react';
import type {Keymap} from '../keymap.js';
import {footerLines, frameHeight, frameWidth} from '../layout.js';
import type {OverlaySlot} from '../overlay.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {FlashLine, type Flash} from './flash-line.js';
import {FooterHints} from './footer-hints.js';
import {Header, type HeaderInfo} from './header.js';
import type {Segment} from './line.js';

export type BodySize = {width: number; height: number};

/** The body's size on a terminal of `columns` x `rows`: what a screen's reducer needs to know. */
export function bodySize(columns: number, rows: number): BodySize {
  return {width: frameWidth(columns), height: frameHeight(rows) - 2 - footerLines(rows)};
}

/** A dialog's size: the body and the footer but one line (its keys fit one hint line). */
export function overlaySize(columns: number, rows: number): BodySize {
  return {width: frameWidth(columns), height: frameHeight(rows) - 3};
}

export function useBodySize(): BodySize {
  const {columns, rows} = useTerminalSize();
  return bodySize(columns, rows);
}

/** What the app hands every screen: the dialog over it (if any), the flash, and whether it has the keyboard. */
export type ScreenCommon = {overlay: OverlaySlot | undefined; active: boolean; flash: Flash | undefined};

type Props = {
  header: HeaderInfo;
  headerExtra?: readonly Segment[];
  overlay: OverlaySlot | undefined;
  flash: Flash | undefined;
  keymap: Keymap;
  readonly: boolean;
  children: (size: BodySize) => ReactNode;
};

export function ScreenFrame({header, headerExtra, overlay, flash, keymap, readonly, children}: Props) {
  const {columns, rows} = useTerminalSize();
  const width = frameWidth(columns);
  const footer = footerLines(rows);
  const body = frameHeight(rows) - 2 - footer;
  const overlayHeight = overlaySize(columns, rows).height;
  return (
    <Box flexDirection="column">
      <Header info={header} extra={headerExtra} width={width} />
      {overlay ? (
        <Box height={overlayHeight} flexDirection="column">
          {overlay.render({width, height: overlayHeight})}
        </Box>
      ) : (
        <Box height={body} flexDirection="column">
          {children({width, height: body})}
        </Box>
      )}
      <FlashLine flash={flash} width={width} />
      <FooterHints
        keymap={overlay ? overlay.keymap : keymap}
        mode={{readonly}}
        width={width}
        lines={overlay ? 1 : footer}
      />
    </Box>
  );
}
