/**
 * Small helpers for the feed's per-post views (room cards, live chips), which are built with DOM calls from a
 * template cloned per post instead of rendered by Preact: a page mounts them by the dozen, each in a content
 * script whose code is still cold, and a first Preact render there cost ~0.5 ms each (bench:feed). Text is only
 * ever set as text (`textContent`, attributes), never parsed as HTML.
 */

/** `<tag class="…">` with its children. */
export function element(tag: string, className: string, ...children: Node[]): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  node.append(...children);
  return node;
}

/** Sets an attribute, or removes it for null; does nothing when it already holds that value. */
export function setAttr(node: Element, name: string, value: string | null): void {
  if (value === null) {
    if (node.hasAttribute(name)) node.removeAttribute(name);
  } else if (node.getAttribute(name) !== value) {
    node.setAttribute(name, value);
  }
}

/** Sets a node's text when it changed. */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}
