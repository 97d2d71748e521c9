/** Shapes of request bodies. Unknown fields are ignored; strings are trimmed before length checks. */
import * as v from 'valibot';

const trimmedText = (field: string, max: number) =>
  v.pipe(
    v.string(`${field} must be a string`),
    v.trim(),
    v.minLength(1, `${field} must not be empty`),
    v.maxLength(max, `${field} must be at most ${max} characters`),
  );

export const CreateRoomBody = v.object({
  title: trimmedText('title', 100),
  hostName: v.optional(trimmedText('hostName', 50)),
});

export const ListenBody = v.object({
  name: v.optional(trimmedText('name', 50)),
});
