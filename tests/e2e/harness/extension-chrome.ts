/**
 * The slice of the `chrome` global that test code runs inside the browser (page.evaluate / worker.evaluate).
 * Test files declare `chrome` with this type; the functions they pass are serialised and run in the browser.
 */
export interface ExtensionChrome {
  storage: {
    local: { set(items: object): Promise<void>; get(keys?: string[]): Promise<Record<string, unknown>> };
  };
  runtime: {
    sendMessage(message: unknown): Promise<unknown>;
    getContexts(filter: { contextTypes: string[] }): Promise<unknown[]>;
  };
  developerPrivate: {
    getExtensionsInfo(
      options: object,
    ): Promise<
      Array<{ id: string; installWarnings: unknown[]; manifestErrors: unknown[]; runtimeErrors: unknown[] }>
    >;
  };
}
