-- The session write refuses to raise again a condition a supervisor resolved at that very session (AlertStore.Hold):
-- without this index PostgreSQL found those through alerts_department_status, reading every resolved alert of every
-- department on each recorded session that holds a condition, a cost that grows with the years of resolved alerts.
create index alerts_resolved_at_session on alerts (episode_id, session_id) where status = 'resolved';
