-- Least privilege. The migration owner (the role that runs these scripts) owns every object; the service
-- connects as a login role that is a member of the NOLOGIN group role fitservice_runtime and holds only the
-- grants below: data on the ordinary tables, INSERT and SELECT on access_log, SELECT on the journal.
-- The group role is fixed so that no script needs a variable; an operator grants it to the service's login
-- (docs/operations.md, "Database roles"). A role belongs to the cluster, grants to this database.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'fitservice_runtime') then
        begin
            create role fitservice_runtime nologin;
        exception
            when duplicate_object or unique_violation then null; -- created meanwhile by a migration of another database
            when insufficient_privilege then
                raise exception 'role fitservice_runtime does not exist, and % may not create it', current_user
                    using errcode = 'insufficient_privilege',
                          hint = 'Create it first: CREATE ROLE fitservice_runtime NOLOGIN; (docs/operations.md, "Database roles").';
        end;
    end if;
    -- Were the runtime group a member of the owner, it would hold the owner's rights: refuse.
    if pg_has_role('fitservice_runtime', current_user, 'MEMBER') then
        raise exception 'fitservice_runtime is a member of the migration owner %; the service would own the tables', current_user
            using errcode = 'insufficient_privilege';
    end if;
end $$;

grant usage on schema public to fitservice_runtime;
grant select, insert, update, delete on all tables in schema public to fitservice_runtime;
grant usage, select on all sequences in schema public to fitservice_runtime;

-- Tables created later by the owner get the same data privileges (never TRUNCATE, REFERENCES or TRIGGER).
-- A later append-only table must revoke UPDATE and DELETE in its own script, as access_log does here.
alter default privileges in schema public grant select, insert, update, delete on tables to fitservice_runtime;
alter default privileges in schema public grant usage, select on sequences to fitservice_runtime;

-- The access log: append and read only. Its triggers also refuse UPDATE, DELETE and TRUNCATE for the owner.
revoke all on access_log from public, fitservice_runtime;
grant select, insert on access_log to fitservice_runtime;

-- The migration journal: readable, so /health/ready can tell whether every script is applied.
revoke all on schemaversions from public, fitservice_runtime;
grant select on schemaversions to fitservice_runtime;
