-- Tables, types, indexes, then one include line per sql/ file this change touches.

-- >>> ci-truth
-- plpgsql_check findings: schedule_set qualifies its parameters (a name shared with a column
-- is the column under #variable_conflict use_column); job_enqueue_many drops an unused variable.
--!include functions/schedule/schedule_set.sql
--!include functions/job/job_enqueue_many.sql
-- <<< ci-truth
