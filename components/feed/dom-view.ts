/**
 * Small helpers for the feed's per-post views (room cards, live chips), which are built with DOM calls from a
 * template cloned per post instead of rendered by Preact: a page mounts them by the dozen, each in a content
 * script whose code is still cold, and a first Preact render there cost ~0.5 ms each (bench:feed). Text is only
 * ever set as text (`textContent`, attributes), never parsed as HTML.
 *
 * A view remembers what it wrote (`changed`) rather than reading the page back before each write: every DOM call
 * from a content script's isolated world costs, and a view's first render writes everything once.
 */

/** The theme a view's root is made with (its template's `data-theme`); the mounter writes any other. */
export const TEMPLATE_THEME = 'light';

/** `div.es-root` (the view's root in its shadow root, themed `TEMPLATE_THEME`) with its children. */
export function viewRoot(...children: Node[]): HTMLElement {
  const root = element('div', 'es-root', ...children);
  root.setAttribute('data-theme', TEMPLATE_THEME);
  return root;
}

/** `<tag class="…">` with its children. */
export function element(tag: string, className: string, ...children: Node[]): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  node.append(...children);
  return node;
}

/** What a view last wrote, by field (a field never written reads as null: nothing there yet). */
export type Written = Record<string, string | boolean | null>;

/** Whether `field` should be written with `value` (it differs from what was written last); notes it as written. */
export function changed(written: Written, field: string, value: string | boolean | null): boolean {
  if ((written[field] ?? null) === value) return false;
  written[field] = value;
  return true;
}

/** Sets an attribute, or removes it for null, unless that is what was written last. */
export function writeAttr(written: Written, node: Element, name: string, value: string | null): void {
  if (!changed(written, name, value)) return;
  if (value === null) node.removeAttribute(name);
  else node.setAttribute(name, value);
}
