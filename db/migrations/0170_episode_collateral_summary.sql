-- The outcomes report's collateral section (docs/reports.md, "Collateral ratings") read from a summary instead of the
-- ratings: grouping every collateral rating by episode and joining it back to the episodes and to the ratings again
-- took about two thirds of the million-episode report (docs/performance.md, 2026-12-02). One row per episode with at
-- least one collateral rating, holding what the section aggregates: the mean collateral total at the episode's first
-- and at its last session with a collateral rating (over the relations that rated that session, computed by avg()
-- exactly as the section did, so every sum is the same number), and the episode's own columns the section filters and
-- groups by, copied because an episode never changes them (0021), so the section is one scan of this table, no join.
--
-- Its own table, not columns of the episode row: the distinct-client links below are written across a client's rated
-- episodes, and on episode rows they would take row locks that a session write or a trajectory recalibration (which
-- locks every open episode) holds in another order. Only the collateral record and correction write here, one client
-- at a time (an advisory lock per client, as the access log's chain takes one), so they never wait on each other in
-- a cycle. Rows are never deleted: a collateral rating is corrected, never removed.
create table episode_collateral (
    episode_id          uuid primary key references episodes (id),
    client_id           uuid not null,
    department_code     text not null,
    outcome_instrument  text not null,
    started_on          date not null,
    start_month         int  not null,
    age_band            smallint not null,
    record_key          bigint not null, -- the episode's cell key (0130): the section sums it per cell, never returns it
    ratings             int  not null check (ratings >= 1),
    first_mean          numeric not null,
    last_mean           numeric not null,
    -- As 0021, among the client's rated episodes only: the start month of the same client's previous rated episode with
    -- the same outcome instrument (ordered by started_on, then episode id), in any department and in its own, and both
    -- within its report age band. A client is counted once per group at the first rated episode it has there, so the
    -- section's distinct clients are filtered counts instead of count(distinct client_id).
    previous_start_month            int,
    previous_start_month_here       int,
    previous_start_month_band       int,
    previous_start_month_here_band  int
);
create index episode_collateral_client on episode_collateral (client_id);

-- As 0110: the runtime role reads and writes the data, nothing else.
revoke all on episode_collateral from public;
grant select, insert, update, delete on episode_collateral to fitservice_runtime;

-- Brings the summary of one episode up to date with its collateral ratings, and the links of its client's rated
-- episodes; with null, every episode's (this script's backfill, and a bulk load such as the benchmark's). Called by
-- the collateral record and correction in their transaction (CollateralStore), after the rating is written.
create function refresh_episode_collateral(p_episode uuid) returns void language plpgsql as $$
declare
    v_client uuid;
    -- the same statements for one episode (and its client) or for all: each planned for its own case
    of_episode  text := case when p_episode is null then 'true' else 'episode_id = $1' end;
    of_rating   text := case when p_episode is null then 'true' else 'c.episode_id = $1' end;
    of_client   text := case when p_episode is null then 'true' else 'client_id = $1' end;
begin
    if p_episode is not null then
        select client_id into v_client from episodes where id = p_episode;
        -- One client's writers take turns (key space "COLL"), each reading what the one before it committed.
        perform pg_advisory_xact_lock(1129270348, hashtext(v_client::text));
    end if;

    execute format('
        insert into episode_collateral (episode_id, client_id, department_code, outcome_instrument, started_on, start_month, age_band,
                                        record_key, ratings, first_mean, last_mean)
        select e.id, e.client_id, e.department_code, e.outcome_instrument, e.started_on, e.start_month, e.age_band, e.record_key,
               r.ratings, r.first_mean, r.last_mean
        from (
            select c.episode_id, count(*)::int as ratings,
                   avg(c.total) filter (where c.session_number = m.first) as first_mean,
                   avg(c.total) filter (where c.session_number = m.last) as last_mean
            from collateral_ratings c
            join (select episode_id, min(session_number) as first, max(session_number) as last
                  from collateral_ratings where %1$s group by episode_id) m on m.episode_id = c.episode_id
            where %2$s
            group by c.episode_id
        ) r
        join episodes e on e.id = r.episode_id
        on conflict (episode_id) do update
            set ratings = excluded.ratings, first_mean = excluded.first_mean, last_mean = excluded.last_mean,
                client_id = excluded.client_id, department_code = excluded.department_code, outcome_instrument = excluded.outcome_instrument,
                started_on = excluded.started_on, start_month = excluded.start_month, age_band = excluded.age_band,
                record_key = excluded.record_key
        ', of_episode, of_rating) using p_episode;

    execute format('
        update episode_collateral x
        set previous_start_month = w.any_department,
            previous_start_month_here = w.here,
            previous_start_month_band = w.any_department_band,
            previous_start_month_here_band = w.here_band
        from (
            select episode_id,
                lag(start_month) over (partition by client_id, outcome_instrument order by started_on, episode_id) as any_department,
                lag(start_month) over (partition by client_id, outcome_instrument, department_code order by started_on, episode_id) as here,
                lag(start_month) over (partition by client_id, outcome_instrument, age_band order by started_on, episode_id) as any_department_band,
                lag(start_month) over (partition by client_id, outcome_instrument, department_code, age_band order by started_on, episode_id)
                    as here_band
            from episode_collateral
            where %1$s
        ) w
        where x.episode_id = w.episode_id
          and (x.previous_start_month, x.previous_start_month_here, x.previous_start_month_band, x.previous_start_month_here_band)
              is distinct from (w.any_department, w.here, w.any_department_band, w.here_band)
        ', of_client) using v_client;
end;
$$;

-- The service never changes an episode's copied columns, but an owner may (tests redraw record keys from a seed so that a
-- failure replays exactly): the copy follows, so the section's cell keys stay the episodes' own.
create function episodes_collateral_copy() returns trigger language plpgsql as $$
begin
    if exists (select 1 from episode_collateral where episode_id = new.id) then
        perform refresh_episode_collateral(new.id);
    end if;
    return null;
end;
$$;
create trigger episodes_collateral_copy
    after update of record_key, client_id, department_code, outcome_instrument, started_on, age_at_start on episodes
    for each row
    when ((old.record_key, old.client_id, old.department_code, old.outcome_instrument, old.started_on, old.age_at_start)
          is distinct from (new.record_key, new.client_id, new.department_code, new.outcome_instrument, new.started_on, new.age_at_start))
    execute function episodes_collateral_copy();

select refresh_episode_collateral(null);
