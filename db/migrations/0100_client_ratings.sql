-- Who rated a session, why a session has no alliance scale, and the one-time links a client rates through
-- (docs/api.md, "Client ratings"). Sessions recorded before this script were typed in by a clinician.
alter table sessions
    add column rated_by text not null default 'clinician' check (rated_by in ('client', 'clinician', 'collateral')),
    add column alliance_rated_by text check (alliance_rated_by in ('client', 'clinician', 'collateral')),
    add column alliance_missing_reason text check (alliance_missing_reason in ('clientDeclined', 'notDone', 'byLink'));
alter table session_revisions
    add column rated_by text not null default 'clinician' check (rated_by in ('client', 'clinician', 'collateral')),
    add column alliance_rated_by text check (alliance_rated_by in ('client', 'clinician', 'collateral')),
    add column alliance_missing_reason text check (alliance_missing_reason in ('clientDeclined', 'notDone', 'byLink'));

-- A rater of the alliance scale only where there is one, and a reason for its absence only where it is absent. An
-- alliance scale without its own rater (every one recorded before this script, or a bulk load that does not say) was
-- rated by whoever rated the session: the service reads it so, which spares rewriting every existing row here.
alter table sessions
    add constraint sessions_alliance_rater check (alliance_rated_by is null or alliance_total is not null),
    add constraint sessions_alliance_missing_reason check (alliance_missing_reason is null or alliance_total is null);
alter table session_revisions
    add constraint session_revisions_alliance_rater check (alliance_rated_by is null or alliance_total is not null),
    add constraint session_revisions_alliance_missing_reason check (alliance_missing_reason is null or alliance_total is null);

-- A one-time link: only the SHA-256 of its code is kept, so whoever reads this table cannot rate with it. Used once
-- (used_at set in the transaction that records the rating) and only until expires_at. A retry of the request that
-- made it (same clinician, same Idempotency-Key) gives the same link a new code, so no two links come of one request.
create table client_links (
    id               uuid primary key,
    code_hash        bytea not null unique check (length(code_hash) = 32),
    episode_id       uuid not null references episodes (id),
    scale            text not null check (scale in ('outcome', 'alliance')),
    session_number   int check (session_number >= 1),
    created_by       text not null,
    idempotency_key  text check (length(idempotency_key) between 1 and 200),
    created_at       timestamptz not null default now(),
    expires_at       timestamptz not null,
    used_at          timestamptz,
    unique (created_by, idempotency_key)
);
create index client_links_episode on client_links (episode_id);

-- As 0040: the runtime role reads and writes the data, nothing else.
revoke all on client_links from public;
grant select, insert, update, delete on client_links to fitservice_runtime;
