-- The organisation's licensed item wording. ORS, SRS and their child and group versions are copyrighted: FitService
-- ships neutral dimension labels only (the web UI's item.* texts), and an admin enters the wording the organisation
-- holds a licence for, per instrument, item and language. An item without a row here shows its neutral label.
--
-- The session write's instrument cache (InstrumentCatalogue, migration 0080) does not read these tables: the wording is
-- only shown, never scored, so a change to it need not bump instrument_catalogue.version.
create table instrument_item_wording (
    instrument_code  text not null,
    item_key         text not null,
    language         text not null check (language in ('nb', 'en')),
    label            text not null check (length(label) between 1 and 200),
    low_anchor       text check (length(low_anchor) between 1 and 100),   -- shown at the line's left end
    high_anchor      text check (length(high_anchor) between 1 and 100),  -- shown at the line's right end
    changed_by       text not null,
    changed_at       timestamptz not null default now(),
    primary key (instrument_code, language, item_key),
    foreign key (instrument_code, item_key) references instrument_items (instrument_code, key)
);

-- Who changed an instrument's wording in a language, when, and to what (the whole set after the change; {} when it
-- was cleared back to the neutral labels). Append-only for the service.
create table instrument_wording_changes (
    id               bigint generated always as identity primary key,
    instrument_code  text not null references instruments (code),
    language         text not null check (language in ('nb', 'en')),
    items            jsonb not null,
    changed_by       text not null,
    changed_at       timestamptz not null default now()
);
create index instrument_wording_changes_instrument on instrument_wording_changes (instrument_code, changed_at);

revoke all on instrument_item_wording, instrument_wording_changes from public;
grant select, insert, update, delete on instrument_item_wording to fitservice_runtime;
revoke all on instrument_wording_changes from fitservice_runtime;
grant select, insert on instrument_wording_changes to fitservice_runtime;
grant usage, select on sequence instrument_wording_changes_id_seq to fitservice_runtime;
