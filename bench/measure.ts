// Shared by the benchmarks: rows, medians, and a simulator in its own process so that the
// server's work does not share the event loop (or the core) with the code being measured.
import {spawn, type ChildProcess} from 'node:child_process';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';

export type BenchRow = {group?: string; name: string; value: number; unit: string; note?: string};

export const CLI = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export type SimulatorProcess = {url: string; clientId: string; clientSecret: string; stop(): Promise<void>};

/** Starts `qlik-tokens simulate` as a child process and waits for its URL (first stdout line). */
export async function spawnSimulator(args: string[]): Promise<SimulatorProcess> {
  const clientId = 'bench-client';
  const clientSecret = 'bench-secret';
  const child: ChildProcess = spawn(
    process.execPath,
    [CLI, 'simulate', '--port', '0', '--client-id', clientId, '--client-secret', clientSecret, ...args],
    {stdio: ['ignore', 'pipe', 'ignore']},
  );
  const lines = createInterface({input: child.stdout!});
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code} before printing its URL`)));
  });
  return {
    url,
    clientId,
    clientSecret,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
