-- Collateral ratings: the episode's outcome instrument (ORS for adults and adolescents) filled in by someone close
-- to the client, named only by the relation from a fixed set (never a name, never free text). They accompany a
-- session but are not the client's scores: nothing here feeds the episode summary, the change category, the
-- trajectory, the alerts or the reports' client figures (docs/api.md, "Collateral ratings"). One rating per
-- relation and session; a correction is a new revision and every earlier one is kept, as for sessions.
create table collateral_ratings (
    id               uuid primary key,
    episode_id       uuid not null references episodes (id),
    session_number   int  not null check (session_number >= 1),
    relation         text not null check (relation in ('parent', 'partner', 'teacher', 'other')),
    instrument_code  text not null references instruments (code),
    revision         int  not null default 1 check (revision >= 1),
    total            numeric(5,1) not null check (total >= 0),
    created_at       timestamptz not null default now(),
    unique (episode_id, session_number, relation)
);

create table collateral_rating_revisions (
    id           bigint generated always as identity primary key,
    rating_id    uuid not null references collateral_ratings (id),
    revision     int  not null check (revision >= 1),
    total        numeric(5,1) not null check (total >= 0),
    recorded_by  text not null,
    recorded_at  timestamptz not null default now(),
    unique (rating_id, revision)
);

create table collateral_item_values (
    revision_id  bigint not null references collateral_rating_revisions (id),
    item_key     text   not null,
    value        numeric(4,1) not null check (value >= 0 and value <= 100),
    primary key (revision_id, item_key)
);

-- As 0040: the runtime role reads and writes the data, nothing else.
revoke all on collateral_ratings, collateral_rating_revisions, collateral_item_values from public;
grant select, insert, update, delete on collateral_ratings, collateral_rating_revisions, collateral_item_values to fitservice_runtime;
grant usage, select on sequence collateral_rating_revisions_id_seq to fitservice_runtime;
