-- The service keeps the instrument definitions in memory. Any change to them (POST /instruments, a migration, an
-- operator's UPDATE) bumps this one-row version in the same transaction, and the session write reads the version
-- with the episode's context: a process whose copy is older reloads it. Several processes stay correct without
-- talking to each other.
create table instrument_catalogue (
    only_row  boolean primary key default true check (only_row),
    version   bigint  not null
);
insert into instrument_catalogue (version) values (1);

create function instrument_catalogue_changed() returns trigger language plpgsql as $$
begin
    update instrument_catalogue set version = version + 1;
    return null;
end $$;

create trigger instruments_changed after insert or update or delete or truncate on instruments
    for each statement execute function instrument_catalogue_changed();
create trigger instrument_items_changed after insert or update or delete or truncate on instrument_items
    for each statement execute function instrument_catalogue_changed();
create trigger instrument_cutoffs_changed after insert or update or delete or truncate on instrument_cutoffs
    for each statement execute function instrument_catalogue_changed();
