-- The database floor for recording one session: the same rows the service writes (idempotency key,
-- session, revision, eight item values, access log) under the same episode row lock, without the
-- service's validation, re-evaluation and HTTP.
\set e random(1, :episodes)
begin;
select 1 from episodes e join bench_episodes b on b.id = e.id where b.n = :e for update of e;
insert into idempotency_keys (actor, key, request_hash) values ('bench', gen_random_uuid()::text, 'x');
with s as (
    insert into sessions (episode_id, number, held_on, outcome_total, alliance_total)
    select b.id, coalesce((select max(number) from sessions where episode_id = b.id), 0) + 1, '2026-01-05', 20.0, 36.0
    from bench_episodes b where b.n = :e
    returning id),
r as (insert into session_revisions (session_id, revision, held_on, outcome_total, alliance_total, recorded_by)
      select id, 1, '2026-01-05', 20.0, 36.0, 'bench' from s returning id)
insert into session_item_values (revision_id, scale, item_key, value)
select r.id, v.scale, v.key, 5.0 from r,
    (values ('outcome','a'),('outcome','b'),('outcome','c'),('outcome','d'),
            ('alliance','a'),('alliance','b'),('alliance','c'),('alliance','d')) v(scale, key);
insert into access_log (actor, role, action, client_id) values ('bench', 'clinician', 'session.record', gen_random_uuid());
commit;
