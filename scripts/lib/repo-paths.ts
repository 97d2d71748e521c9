/** Well-known folders of this repository, resolved from this file so scripts work from any cwd. */
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Git-ignored folder for downloaded or built tools (the LiveKit server binary). */
export const toolsBinDir = fileURLToPath(new URL('../../.tools/bin/', import.meta.url));

/** Git-ignored scratch folder for generated configs and logs. */
export const scratchDir = fileURLToPath(new URL('../../.tmp/', import.meta.url));
