-- Reports (issue 4) aggregate the per-episode outcome summary in SQL. These stored generated columns hold the
-- grouping key (the start month as year*12 + month - 1) and the summary scores as whole tenths, so the report
-- does integer arithmetic per row instead of numeric arithmetic. They are derived from existing columns, so the
-- code that keeps the summary current (SessionRecorder) needs no change.
alter table episodes
    add column start_month             int generated always as ((extract(year from started_on) * 12 + extract(month from started_on) - 1)::int) stored,
    add column intake_tenths           int generated always as ((intake_outcome * 10)::int) stored,
    add column last_tenths             int generated always as ((last_outcome * 10)::int) stored,
    add column intake_alliance_tenths  int generated always as ((intake_alliance * 10)::int) stored,
    add column days                    int generated always as (ended_on - started_on) stored;

-- Reports filter by instrument and a range of start months.
create index episodes_report on episodes (outcome_instrument, start_month);
