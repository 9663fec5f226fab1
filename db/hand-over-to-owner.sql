-- Hand an existing FitService database to the migration owner: the database, and every table, sequence,
-- view and function in its public schema. For a database made before the two roles existed (it was owned by
-- the superuser or by the service's own login). Idempotent. Run as a superuser, connected to that database:
--   psql -d fitservice -v owner=fitservice_owner -f db/hand-over-to-owner.sql
-- (scripts/run does this for its own cluster). Then the migrations, run as the owner, grant the runtime role.
select format('alter database %I owner to %I', current_database(), :'owner') \gexec
select format('alter schema public owner to %I', :'owner')
where (select nspowner::regrole::text from pg_namespace where nspname = 'public') not in (:'owner', 'pg_database_owner') \gexec
select format('alter %s %s owner to %I',
              case c.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view' else 'table' end,
              c.oid::regclass, :'owner')
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
  and pg_get_userbyid(c.relowner) <> :'owner'
  -- a sequence that belongs to a column moves with its table
  and not (c.relkind = 'S' and exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i')))
\gexec
select format('alter routine %s owner to %I', p.oid::regprocedure, :'owner')
from pg_proc p join pg_namespace n on n.oid = p.pronamespace
where n.nspname = 'public' and pg_get_userbyid(p.proowner) <> :'owner' \gexec
select format('alter type %s owner to %I', t.oid::regtype, :'owner')
from pg_type t join pg_namespace n on n.oid = t.typnamespace
where n.nspname = 'public' and t.typtype in ('e', 'd', 'c') and pg_get_userbyid(t.typowner) <> :'owner'
  and not exists (select 1 from pg_class c where c.oid = t.typrelid and c.relkind <> 'c') \gexec
