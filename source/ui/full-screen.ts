// The alternate screen, as k9s, htop and less use it: the UI draws on a screen of its own, and the
// shell's screen (its scrollback, the command that started us) comes back untouched on exit.

const ENTER = '\u001B[?1049h';
const LEAVE = '\u001B[?1049l';
/** Ink hides the cursor while it draws; on the way out it must be visible again. */
const SHOW_CURSOR = '\u001B[?25h';

type Out = {write(data: string): unknown; isTTY?: boolean};

export function enterFullScreen(stdout: Out): {leave: () => void} {
  let active = true;
  const leave = () => {
    if (!active) return;
    active = false;
    process.off('exit', leave);
    try {
      stdout.write(`${LEAVE}${SHOW_CURSOR}`);
    } catch {
      // The terminal is gone (SIGHUP): there is no screen to restore.
    }
  };
  stdout.write(ENTER);
  // Last resort: an exit from anywhere (an uncaught error) still gives the shell its screen back.
  process.on('exit', leave);
  return {leave};
}
