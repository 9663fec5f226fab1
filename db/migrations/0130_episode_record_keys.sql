-- Disclosure control across report calls (docs/reports.md, "Disclosure control"): the cell-key method of the
-- Australian Bureau of Statistics (Fraser & Wooton 2005). Every episode holds a fixed random record key, drawn once
-- when the row is written and never changed or published; a report cell's key is the sum of its episodes' keys
-- modulo 2^64, and the noise added to the cell's numbers is a fixed function of that key.
--
-- 64 random bits from two strong random UUIDs (gen_random_uuid draws from the server's cryptographic source; md5 only
-- folds the 244 random bits of the two into 64). A volatile default is evaluated per row when the column is added,
-- so this one statement also back-fills every existing episode with a key of its own.
alter table episodes
    add column record_key bigint not null
        default ('x' || left(md5(gen_random_uuid()::text || gen_random_uuid()::text), 16))::bit(64)::bigint;

-- The runtime role keeps the table grants of 0040 (a new column is covered by them); it never needs to set a key.
comment on column episodes.record_key is
    'Cell-key method (docs/reports.md): fixed random key of the episode; reports sum it per cell; never returned by the API.';
