-- Of a source's rejects, how many were listings read fine but not priced per task or hour (no pay stated, a salary,
-- an unpaid qualification): health judges a site change by the others only. Runs landed before count none apart.
ALTER TABLE source_runs ADD COLUMN out_of_scope INTEGER DEFAULT 0;
UPDATE source_runs SET out_of_scope = 0;
