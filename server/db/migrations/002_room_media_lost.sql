-- media_lost_at: when LiveKit was first seen without a live room (LiveKit restarted or crashed). The
-- room stays live for a grace period so its host can bring it back, and is ended when it runs out.
-- vacated_at: when the last participant left a live room (tells LiveKit closing an empty room on its
-- departure timeout apart from LiveKit going away under a full room).
ALTER TABLE rooms ADD COLUMN media_lost_at timestamptz;
ALTER TABLE rooms ADD COLUMN vacated_at timestamptz;
