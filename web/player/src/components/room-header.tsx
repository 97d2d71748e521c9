/** Title, host, description and the state line ("Live now", "Scheduled for …" with its countdown, ended). */
import type { RoomSummary } from '../../../../wire/room-summary.ts';
import { formatLeft, formatWhen, type Lang, type Strings } from '../i18n.ts';

export function StateLine({
  room,
  now,
  t,
  lang,
}: {
  room: RoomSummary;
  now: number;
  t: Strings;
  lang: Lang;
}) {
  if (room.state === 'live') return <p class="state live">{t.live}</p>;
  if (room.state === 'ended') return <p class="state ended">{t.ended}</p>;
  if (!room.scheduledFor) return <p class="state">{t.startingSoon}</p>;
  const left = Date.parse(room.scheduledFor) - now;
  return (
    <p class="state scheduled">
      <span>{t.scheduledFor(formatWhen(room.scheduledFor, lang))}</span>{' '}
      <span class="countdown" data-left-ms={Math.max(0, left)}>
        {left > 0 ? t.startsIn(formatLeft(left, lang)) : t.startingSoon}
      </span>
    </p>
  );
}

export function RoomHeader({ room, t }: { room: RoomSummary; t: Strings }) {
  return (
    <header>
      <h1 class="title">{room.title}</h1>
      <p class="host">{t.hostedBy(room.hostName, room.hostUsername)}</p>
      {room.description ? <p class="description">{room.description}</p> : null}
    </header>
  );
}
