// Where the tool keeps its files. QLIK_TOKENS_HOME moves all of them (config, cache, audit log)
// into one directory; otherwise the platform's config directory, as conf would pick it for the
// project "qlik-tokens" without conf's "-nodejs" suffix.
import os from 'node:os';
import path from 'node:path';

export const PROJECT_NAME = 'qlik-tokens';
export const CONFIG_FILE_NAME = 'config.json';

/** The directory holding every file of the tool. */
export function toolHome(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.QLIK_TOKENS_HOME;
  if (override && override.trim() !== '') return path.resolve(override);
  // Mirrors env-paths (what conf uses) so the default does not depend on a transitive package.
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Preferences', PROJECT_NAME);
  if (process.platform === 'win32') {
    const appData = env.APPDATA || path.join(home, 'AppData', 'Roaming');
    return path.join(appData, PROJECT_NAME, 'Config');
  }
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), PROJECT_NAME);
}

/**
 * Where the tool keeps files it can always rebuild (the UI's compiled-code cache): QLIK_TOKENS_HOME's
 * cache/ when set, else the platform's cache directory, as env-paths would name it.
 */
export function cacheHome(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.QLIK_TOKENS_HOME;
  if (override && override.trim() !== '') return path.join(path.resolve(override), 'cache');
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', PROJECT_NAME);
  if (process.platform === 'win32')
    return path.join(env.LOCALAPPDATA || path.join(home, 'AppData', 'Local'), PROJECT_NAME, 'Cache');
  return path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), PROJECT_NAME);
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(toolHome(env), CONFIG_FILE_NAME);
}
