-- Tables, types, indexes, then one include line per sql/ file this change touches.

-- ==== dropdown trigger overhead ====
-- markers carry the end of their freshness window, so the trigger's usual path is one probe
-- of one index (no registry read); rows written before this column existed stay null and
-- simply do not qualify for the fast path
alter table pgfirst_private.dropdown_change add column if not exists fresh_until timestamptz;
--!include triggers/dropdown_source__mark_changed.sql
