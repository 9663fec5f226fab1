-- Department goals («målbare mål»): one or two measurable goals per department and half-year on a report metric
-- (docs/reports.md, "Department goals"). Not client-level data: a target on an aggregate and a short text on how
-- the department will get there. At most two per department and half-year, checked by the API under a lock on
-- the department's row; one goal per metric and half-year is a constraint here.
create table department_goals (
    id              bigint generated always as identity primary key,
    department_code text not null references departments (code),
    half_year       text not null check (half_year ~ '^[0-9]{4}H[12]$'),
    metric          text not null check (metric ~ '^[a-zA-Z]{1,40}$'),
    target          numeric not null check (target between 0 and 1),
    direction       text not null check (direction in ('atLeast', 'atMost')),
    description     text not null check (length(description) between 1 and 500),
    created_by      text not null,
    created_at      timestamptz not null default now(),
    unique (department_code, half_year, metric)
);

-- As 0040: the runtime role reads and writes the data, nothing else.
revoke all on department_goals from public;
grant select, insert, update, delete on department_goals to fitservice_runtime;
grant usage, select on sequence department_goals_id_seq to fitservice_runtime;
