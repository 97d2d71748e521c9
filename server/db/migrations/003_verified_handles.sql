-- Handles are claims until proven. A claim reserves nothing: several accounts may claim the same handle,
-- and only a verified one (proof checked by the service, see server/identity/) is used for Live chips.
-- verified_at: when the proof last passed (NULL: claimed only). subject: what the proof is tied to (a
-- Bluesky DID, a fediverse actor URI): a handle moved to another subject no longer passes.
-- checked_at: the last check, passed or not (re-verification picks the oldest first).
ALTER TABLE claimed_handles DROP CONSTRAINT claimed_handles_pkey;
ALTER TABLE claimed_handles ADD PRIMARY KEY (account_id, site, handle);
ALTER TABLE claimed_handles ADD COLUMN verified_at timestamptz;
ALTER TABLE claimed_handles ADD COLUMN method text CHECK (method IN ('rel_me', 'atproto_profile', 'atproto_oauth'));
ALTER TABLE claimed_handles ADD COLUMN subject text;
ALTER TABLE claimed_handles ADD COLUMN checked_at timestamptz;
CREATE INDEX claimed_handles_site_handle ON claimed_handles (site, handle);
-- One verified owner per handle at a time.
CREATE UNIQUE INDEX claimed_handles_verified ON claimed_handles (site, handle) WHERE verified_at IS NOT NULL;
CREATE INDEX claimed_handles_check_due ON claimed_handles (checked_at) WHERE verified_at IS NOT NULL;
CREATE INDEX claimed_handles_subject ON claimed_handles (site, subject) WHERE verified_at IS NOT NULL;
-- Follows imported from a linked Bluesky or Mastodon account, used only to match hosts (through verified
-- handles' subjects) for the account itself; never exposed. target: the followed account's DID (bsky) or
-- ActivityPub actor id (mastodon). Removing an import deletes its rows at once.
CREATE TABLE imported_follows (
  account_id text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  site text NOT NULL CHECK (site IN ('bsky', 'mastodon')),
  target text NOT NULL,
  PRIMARY KEY (account_id, site, target)
);
CREATE INDEX imported_follows_target ON imported_follows (site, target);
-- One row per account and site: where the import came from (the verified handle's subject) and when.
CREATE TABLE follow_imports (
  account_id text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  site text NOT NULL CHECK (site IN ('bsky', 'mastodon')),
  source text NOT NULL,
  follow_count int NOT NULL,
  truncated boolean NOT NULL DEFAULT false,
  synced_at timestamptz NOT NULL,
  PRIMARY KEY (account_id, site)
);
CREATE INDEX follow_imports_synced ON follow_imports (synced_at);
-- "Sign in with Bluesky" (AT Protocol OAuth): a link request binds the state sent through the authorization
-- server to the Earshot account that asked (one use, 10 minutes); oauth_client_states is the OAuth client's
-- own per-request state (PKCE verifier, DPoP key), kept in the database so any instance can take the callback.
CREATE TABLE oauth_link_requests (
  state text PRIMARY KEY,
  account_id text NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE oauth_client_states (
  key text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
