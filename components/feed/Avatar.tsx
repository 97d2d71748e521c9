/** A round avatar with a person's initials on a colour picked from their name (no images from the network). */
import { hueOf, initials } from '@/utils/ui/avatar';

// The room card imports these from here; they live in utils/ui/avatar.ts, shared with the popup.
export { hueOf, initials };

export function Avatar({
  name,
  size = 'md',
  speaking,
}: {
  name: string;
  size?: 'sm' | 'md';
  speaking?: boolean;
}) {
  return (
    <span
      class={`es-avatar es-avatar-${size}`}
      data-speaking={speaking ? 'true' : undefined}
      style={{ '--es-hue': String(hueOf(name)) }}
      aria-hidden="true"
    >
      {initials(name)}
    </span>
  );
}
