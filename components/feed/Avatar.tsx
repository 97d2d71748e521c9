/** A round avatar with a person's initials on a colour picked from their name (no images from the network). */

export function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((word) => [...word][0]?.toUpperCase() ?? '')
      .join('') || '?'
  );
}

/** A stable hue per name. */
export function hueOf(name: string): number {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) | 0;
  return Math.abs(hash) % 360;
}

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
