-- Idempotency keys of POST /v1/rooms: a client that lost the answer retries with the same key and gets
-- the room the first request made instead of a second one. The key is claimed (with the room id about to
-- be used) before the room is made, so two concurrent requests with one key make one room. room_id has no
-- foreign key: the row exists a moment before its room does. Keys are the host's own namespace.
CREATE TABLE room_creation_keys (
  host_id text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  idempotency_key text NOT NULL,
  room_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (host_id, idempotency_key)
);
CREATE INDEX room_creation_keys_created_at ON room_creation_keys (created_at);
