-- Marks runs left 'running' by a process that died (only one run can hold the lock) as killed.
UPDATE runs SET status = 'killed', message = 'the process stopped before the run finished'
WHERE status = 'running'
