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
