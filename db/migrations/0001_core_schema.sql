-- FitService core schema. Forward-only: an applied script is never edited; change the schema in a new file.

create table departments (
    code        text primary key check (code ~ '^[A-Z0-9][A-Z0-9-]{0,19}$'),
    name        text not null check (length(name) between 1 and 200),
    created_at  timestamptz not null default now()
);

-- An instrument is either configured with an explicit reliable-change threshold and age-band cutoffs,
-- or with norms from which the service derives them (Jacobson & Truax 1991). Both are stored; the
-- derived values are written by the service when the instrument is created.
create table instruments (
    code                       text primary key check (code ~ '^[A-Z0-9][A-Z0-9-]{0,19}$'),
    name                       text not null check (length(name) between 1 and 200),
    kind                       text not null check (kind in ('outcome', 'alliance')),
    higher_is_better           boolean not null,
    reliable_change_threshold  numeric(6,2) check (reliable_change_threshold > 0),
    clinical_mean              double precision,
    clinical_sd                double precision check (clinical_sd > 0),
    functional_mean            double precision,
    functional_sd              double precision check (functional_sd > 0),
    reliability                double precision check (reliability >= 0 and reliability < 1),
    built_in                   boolean not null default false,
    created_at                 timestamptz not null default now(),
    check ((clinical_mean is null) = (clinical_sd is null)
       and (clinical_mean is null) = (functional_mean is null)
       and (clinical_mean is null) = (functional_sd is null)
       and (clinical_mean is null) = (reliability is null))
);

create table instrument_items (
    instrument_code  text not null references instruments (code),
    position         int  not null check (position >= 1),
    key              text not null check (key ~ '^[a-zA-Z][a-zA-Z0-9]{0,39}$'),
    min_value        numeric(4,1) not null check (min_value >= 0),
    max_value        numeric(4,1) not null check (max_value <= 100),
    primary key (instrument_code, key),
    unique (instrument_code, position),
    check (min_value < max_value)
);

create table instrument_cutoffs (
    instrument_code  text not null references instruments (code),
    min_age          int  not null check (min_age between 0 and 130),
    max_age          int  not null check (max_age between 0 and 130),
    cutoff           numeric(6,2) not null,
    primary key (instrument_code, min_age),
    check (min_age <= max_age)
);

-- A client is a pseudonym chosen by the organisation plus a birth year: no direct identifiers.
create table clients (
    id               uuid primary key default gen_random_uuid(),
    pseudonym        text not null check (length(pseudonym) between 2 and 60),
    birth_year       int  not null check (birth_year between 1900 and 2100),
    department_code  text not null references departments (code),
    created_by       text not null,
    created_at       timestamptz not null default now()
);
create unique index clients_pseudonym_key on clients (lower(pseudonym));

-- An episode of care. The outcome summary columns are kept current in the same transaction that
-- records a session, so reports read one row per episode instead of scanning the sessions.
create table episodes (
    id                        uuid primary key default gen_random_uuid(),
    client_id                 uuid not null references clients (id),
    department_code           text not null references departments (code),
    outcome_instrument        text not null references instruments (code),
    alliance_instrument       text references instruments (code),
    started_on                date not null,
    age_at_start              int  not null check (age_at_start between 0 and 130),
    ended_on                  date check (ended_on >= started_on),
    end_reason                text check (end_reason in ('planned', 'dropout', 'referred', 'other')),
    created_by                text not null,
    created_at                timestamptz not null default now(),
    -- summary
    session_count             int not null default 0,
    intake_outcome            numeric(5,1),
    last_outcome              numeric(5,1),
    last_session_on           date,
    reliable_change           text check (reliable_change in ('improved', 'unchanged', 'deteriorated')),
    category                  text check (category in ('recovered', 'improved', 'unchanged', 'deteriorated', 'harmed')),
    intake_clinical           boolean,
    intake_alliance           numeric(5,1),
    alliance_count            int not null default 0,
    alliance_below_cutoff     int not null default 0,
    check ((ended_on is null) = (end_reason is null))
);
create index episodes_client on episodes (client_id);
create index episodes_department_open on episodes (department_code) where ended_on is null;

-- A session is numbered within its episode. Its current values are copied from the latest revision;
-- every revision (the first recording and each correction) is kept.
create table sessions (
    id                  uuid primary key default gen_random_uuid(),
    episode_id          uuid not null references episodes (id),
    number              int  not null check (number >= 1),
    revision            int  not null default 1 check (revision >= 1),
    held_on             date not null,
    outcome_total       numeric(5,1) not null check (outcome_total >= 0),
    alliance_total      numeric(5,1) check (alliance_total >= 0),
    change_from_intake  numeric(5,1),
    reliable_change     text check (reliable_change in ('improved', 'unchanged', 'deteriorated')),
    category            text check (category in ('recovered', 'improved', 'unchanged', 'deteriorated', 'harmed')),
    clinical_range      text check (clinical_range in ('clinical', 'functional')),
    created_at          timestamptz not null default now(),
    unique (episode_id, number)
);

create table session_revisions (
    id               bigint generated always as identity primary key,
    session_id       uuid not null references sessions (id),
    revision         int  not null check (revision >= 1),
    held_on          date not null,
    outcome_total    numeric(5,1) not null check (outcome_total >= 0),
    alliance_total   numeric(5,1) check (alliance_total >= 0),
    recorded_by      text not null,
    recorded_at      timestamptz not null default now(),
    unique (session_id, revision)
);

-- Item values are exact decimals, 0.0 to 10.0 (custom instruments up to 100.0) in steps of 0.1.
create table session_item_values (
    revision_id  bigint not null references session_revisions (id),
    scale        text   not null check (scale in ('outcome', 'alliance')),
    item_key     text   not null,
    value        numeric(4,1) not null check (value >= 0 and value <= 100),
    primary key (revision_id, scale, item_key)
);

create table alerts (
    id               uuid primary key default gen_random_uuid(),
    episode_id       uuid not null references episodes (id),
    session_id       uuid not null references sessions (id),
    department_code  text not null references departments (code),
    kind             text not null,
    item_key         text,
    severity         text not null check (severity in ('low', 'medium', 'high')),
    status           text not null default 'open' check (status in ('open', 'acknowledged', 'resolved', 'cleared')),
    value            numeric(6,2),
    threshold        numeric(6,2),
    raised_at        timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    acknowledged_by  text,
    acknowledged_at  timestamptz,
    acknowledge_note text check (length(acknowledge_note) <= 2000),
    resolved_by      text,
    resolved_at      timestamptz,
    resolve_note     text check (length(resolve_note) <= 2000),
    cleared_at       timestamptz
);
-- At most one live alert per episode, kind and item: a new session updates it instead of piling duplicates.
create unique index alerts_one_live on alerts (episode_id, kind, coalesce(item_key, ''))
    where status in ('open', 'acknowledged');
create index alerts_department_status on alerts (department_code, status);

-- Retrying a POST with the same key returns the first response and writes nothing twice.
create table idempotency_keys (
    actor          text not null,
    key            text not null check (length(key) between 1 and 200),
    request_hash   text not null,
    status_code    int,
    response_body  text,
    location       text,
    created_at     timestamptz not null default now(),
    primary key (actor, key)
);

-- Who read or changed which client's data. Append-only: the database refuses UPDATE, DELETE and TRUNCATE.
create table access_log (
    id          bigint generated always as identity primary key,
    at          timestamptz not null default now(),
    actor       text not null,
    role        text not null,
    action      text not null,
    client_id   uuid not null,
    episode_id  uuid,
    request_id  text
);
create index access_log_client on access_log (client_id, at);

create function access_log_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'access_log is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;
create trigger access_log_no_update_delete before update or delete on access_log
    for each row execute function access_log_is_append_only();
create trigger access_log_no_truncate before truncate on access_log
    for each statement execute function access_log_is_append_only();
