/** Well-known folders of this repository, resolved from this file so scripts work from any cwd. */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Folder for downloaded or built tools (the LiveKit server binary): the git-ignored .tools/bin, or
 * EARSHOT_TOOLS_DIR when set (a shared tools folder, or an empty one to try a fresh install).
 */
export const toolsBinDir = process.env.EARSHOT_TOOLS_DIR
  ? resolve(process.env.EARSHOT_TOOLS_DIR)
  : fileURLToPath(new URL('../../.tools/bin/', import.meta.url));

/** Git-ignored scratch folder for generated configs and logs. */
export const scratchDir = fileURLToPath(new URL('../../.tmp/', import.meta.url));
