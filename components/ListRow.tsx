import type { ComponentChildren } from 'preact';

/** One row of a list of rooms or people: a name, a line of details under it, and an action at the end. */
export function ListRow({
  name,
  meta,
  children,
  ...data
}: {
  name: ComponentChildren;
  meta: ComponentChildren;
  /** The action (a button, or a "listening here" label). */
  children: ComponentChildren;
} & { [attribute: `data-${string}`]: string }) {
  return (
    <li class="room" {...data}>
      <span class="room-text">
        <span class="room-name">{name}</span>
        <span class="room-meta">{meta}</span>
      </span>
      {children}
    </li>
  );
}
