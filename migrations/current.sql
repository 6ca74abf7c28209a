-- Tables, types, indexes, then one include line per sql/ file this change touches.

-- ==== session / rate_limit review fixes ====
-- GCRA: the burst is max_hits whole emission intervals (no extra hit from rounding), and
-- rates above one hit per microsecond are refused (PF303) instead of becoming unlimited.
--!include functions/_internal/rate_limit_check_args.sql
--!include functions/rate_limit/rate_limit_hit.sql
--!include functions/rate_limit/rate_limit_peek.sql
-- session_rotate leaves a tombstone for the old token; session_put follows an explicit idle timeout.
--!include functions/session/session_rotate.sql
--!include functions/session/session_put.sql
--!include functions/session/session_count.sql

