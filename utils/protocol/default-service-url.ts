/**
 * The rooms service URL the extension uses until the user sets another: the one baked in at build time
 * (`npm start` sets it to the service it starts), else the local default. Free of storage and valibot, so the
 * feed content script can fall back on it too.
 */

declare global {
  interface ImportMetaEnv {
    /** The rooms service URL baked in at build time. */
    readonly WXT_SERVICE_URL?: string;
  }
}

export const DEFAULT_SERVICE_URL: string = import.meta.env.WXT_SERVICE_URL || 'http://127.0.0.1:8787';
