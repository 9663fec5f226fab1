-- The database floor for recording one session: the rows the service writes for one session of the benchmark
-- (scripts/bench ingest prints both per session, table by table), under the same episode row lock and in the same
-- three round trips, without the service's validation, evaluation, JSON and HTTP:
--   1. lock the episode and claim the idempotency key;
--   2. the session, its revision and eight item values, the episode summary, the trajectory status, six alert
--      conditions (set-based upsert: raised the first time, refreshed later; the benchmark's random scores raise or
--      keep about six a session), the access-log entry (on the client's hash chain), and the stored response;
--   3. commit.
-- Prepared statements and pipelines (pgbench -M prepared), as the service prepares its statements and batches them.
\set e random(1, :episodes)
\set k random(1, 1000000000000000)
\set s random(1, 281474976710655)
\startpipeline
begin;
select 1 from episodes e join bench_episodes b on b.id = e.id where b.n = :e for update of e;
insert into idempotency_keys (actor, key, request_hash)
values ('bench', 'floor-' || :k::bigint, '7A1C3E5F7A1C3E5F7A1C3E5F7A1C3E5F7A1C3E5F7A1C3E5F7A1C3E5F7A1C3E5F');
\endpipeline
\startpipeline
with s as (
    insert into sessions (id, episode_id, number, held_on, outcome_total, alliance_total,
                          change_from_intake, reliable_change, category, clinical_range)
    select ('00000000-0000-4000-8000-' || lpad(to_hex(:s::bigint), 12, '0'))::uuid, b.id,
           coalesce((select max(number) from sessions where episode_id = b.id), 0) + 1, '2026-01-05', 20.0, 36.0,
           0.0, 'unchanged', 'unchanged', 'clinical'
    from bench_episodes b where b.n = :e
    returning id),
r as (insert into session_revisions (session_id, revision, held_on, outcome_total, alliance_total, recorded_by)
      select id, 1, '2026-01-05', 20.0, 36.0, 'bench' from s returning id)
insert into session_item_values (revision_id, scale, item_key, value)
select r.id, v.scale, v.key, 5.0 from r,
    (values ('outcome','a'),('outcome','b'),('outcome','c'),('outcome','d'),
            ('alliance','a'),('alliance','b'),('alliance','c'),('alliance','d')) v(scale, key);
update episodes e set session_count = e.session_count + 1, intake_outcome = 20.0, last_outcome = 20.0,
    last_session_on = '2026-01-05', reliable_change = 'unchanged', category = 'unchanged', intake_clinical = true,
    intake_alliance = 36.0, alliance_count = e.alliance_count + 1, alliance_below_cutoff = 0, trajectory_on_track = null
from bench_episodes b where b.n = :e and e.id = b.id;
insert into episode_trajectories (episode_id, calibration_id, method, status, session_number, expected, bound)
select b.id, null, 'sessionRules', 'grey', 1, null, null from bench_episodes b where b.n = :e
on conflict (episode_id) do update set calibration_id = excluded.calibration_id, method = excluded.method,
    status = excluded.status, session_number = excluded.session_number, expected = excluded.expected,
    bound = excluded.bound, evaluated_at = now();
insert into alerts (episode_id, session_id, department_code, kind, item_key, severity, value, threshold, raised_by)
select b.id, ('00000000-0000-4000-8000-' || lpad(to_hex(:s::bigint), 12, '0'))::uuid, 'BENCH', c.kind, nullif(c.item_key, ''),
       'medium', 3.0, 6.0, 'bench'
from bench_episodes b,
     (values ('allianceLowItem', 'relationship'), ('allianceLowItem', 'goalsAndTopics'), ('allianceLowItem', 'approachOrMethod'),
             ('allianceLowItem', 'overall'), ('allianceBelowCutoff', ''), ('reliableDeterioration', '')) c(kind, item_key)
where b.n = :e
on conflict (episode_id, kind, coalesce(item_key, '')) where status in ('open', 'acknowledged')
do update set session_id = excluded.session_id, severity = excluded.severity, value = excluded.value,
              threshold = excluded.threshold, updated_at = now();
insert into access_log (actor, role, action, client_id, episode_id, request_id)
select 'bench', 'clinician', 'session.record', b.client_id, b.id, '0HNBENCH:00000001' from bench_episodes b where b.n = :e;
update idempotency_keys set status_code = 201, response_body = repeat('x', :body::int), location = '/api/v1/episodes/x',
    route = 'POST /episodes/{id' || chr(58) || 'guid}/sessions/', department_code = 'BENCH', log_action = 'session.record',
    log_client_id = b.client_id, log_episode_id = b.id
from bench_episodes b where b.n = :e and actor = 'bench' and key = 'floor-' || :k::bigint;
\endpipeline
commit;
