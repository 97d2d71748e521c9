-- Earshot rooms service: accounts, sessions, claimed handles, follows, rooms and their moderation.
-- Statements end with ";" at the end of a line (see migrate.ts).

CREATE TABLE accounts (
  id text PRIMARY KEY,
  username text NOT NULL,
  display_name text NOT NULL,
  avatar_url text,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Unique regardless of case; text_pattern_ops also serves prefix search (LIKE 'abc%').
CREATE UNIQUE INDEX accounts_username_key ON accounts (lower(username) text_pattern_ops);

-- Only the SHA-256 of a session token is stored.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);

CREATE INDEX sessions_account ON sessions (account_id);

CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Handles an account says are its own on other sites. Claimed, never verified.
CREATE TABLE claimed_handles (
  site text NOT NULL CHECK (site IN ('x', 'bsky', 'mastodon')),
  handle text NOT NULL CHECK (handle = lower(handle) AND handle NOT LIKE '@%'),
  account_id text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  claimed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site, handle)
);

CREATE INDEX claimed_handles_account ON claimed_handles (account_id);

CREATE TABLE follows (
  follower_id text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  followee_id text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (follower_id, followee_id),
  CHECK (follower_id <> followee_id)
);

-- "Whom do I follow", newest first (pagination), and "who follows me" in both orders.
CREATE INDEX follows_by_follower ON follows (follower_id, created_at DESC, followee_id);

CREATE INDEX follows_by_followee ON follows (followee_id, created_at DESC, follower_id);

CREATE TABLE rooms (
  id text PRIMARY KEY,
  host_id text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  language text,
  state text NOT NULL CHECK (state IN ('scheduled', 'live', 'ended')),
  scheduled_for timestamptz,
  started_at timestamptz,
  ended_at timestamptz,
  listener_count int NOT NULL DEFAULT 0,
  speaker_count int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (state = 'scheduled' OR started_at IS NOT NULL)
);

-- The directory: rooms of followed hosts that are live or upcoming.
CREATE INDEX rooms_open_by_host ON rooms (host_id) WHERE state <> 'ended';

CREATE INDEX rooms_live_by_listeners ON rooms (listener_count DESC, started_at DESC) WHERE state = 'live';

-- Who besides the host may speak: up to 2 cohosts, and speakers invited to the stage.
CREATE TABLE room_roles (
  room_id text NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  account_id text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('cohost', 'speaker')),
  granted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (room_id, account_id)
);

CREATE TABLE hand_raises (
  room_id text NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  account_id text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  raised_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (room_id, account_id)
);

CREATE TABLE room_bans (
  room_id text NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  account_id text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  banned_by text REFERENCES accounts (id) ON DELETE SET NULL,
  banned_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (room_id, account_id)
);

-- Who is in each LiveKit room, as its webhooks tell: the source of the rooms' counts.
CREATE TABLE room_participants (
  room_id text NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
  identity text NOT NULL,
  is_speaker boolean NOT NULL,
  joined_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (room_id, identity)
);
