-- Benchmark data: one department, :episodes adult clients with one open episode each (inserted directly, not
-- measured), and bench_episodes numbering them for pgbench. Used by scripts/bench.
insert into departments (code, name) values ('BENCH', 'Benchmark');
insert into clients (pseudonym, birth_year, department_code, created_by)
    select 'Bench-Hare-' || g, 1980, 'BENCH', 'bench' from generate_series(1, :episodes) g;
insert into episodes (client_id, department_code, outcome_instrument, alliance_instrument, started_on, age_at_start, created_by)
    select id, 'BENCH', 'ORS', 'SRS', '2026-01-05', 46, 'bench' from clients;
create table bench_episodes as select row_number() over (order by id) as n, id, client_id from episodes;
