-- A run whose sources landed no rejects file (folders written by hand, or before every source wrote one).
CREATE OR REPLACE TEMP TABLE landed_rejects (source VARCHAR, reason VARCHAR, page_url VARCHAR, raw VARCHAR);
