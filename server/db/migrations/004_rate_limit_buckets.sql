-- Rate limits shared by every service instance: one token bucket per limiter and key. Unlogged: a
-- crash of Postgres forgets the buckets (everyone gets a full burst again), which is the right trade
-- for rows written on every limited request. full_at: when the bucket is full again, so a row past it
-- says nothing a fresh bucket would not and can be deleted.
CREATE UNLOGGED TABLE rate_limit_buckets (
  key text PRIMARY KEY,
  tokens double precision NOT NULL,
  at timestamptz NOT NULL,
  allowed boolean NOT NULL,
  full_at timestamptz NOT NULL
);
CREATE INDEX rate_limit_buckets_full_at ON rate_limit_buckets (full_at);
