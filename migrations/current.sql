-- Tables, types, indexes, then one include line per sql/ file this change touches.

-- ==== cache review fixes ====
--!include functions/cache/cache_clear.sql
