import type { ComponentChildren } from 'preact';
import type { RoomSummary } from '@/wire/room-summary';

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

/** A room's row: its title; its host, then `details` (already starting with " · "); and an action. */
export function RoomRow({
  room,
  details,
  children,
}: {
  room: Pick<RoomSummary, 'id' | 'title' | 'hostName'>;
  details: string;
  children: ComponentChildren;
}) {
  return (
    <ListRow data-room-id={room.id} name={room.title} meta={`${room.hostName}${details}`}>
      {children}
    </ListRow>
  );
}
