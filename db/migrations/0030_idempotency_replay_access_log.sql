-- A replayed response shows client data again, so the replay is logged too: the key row remembers which
-- client and episode its first response was about, and under which access-log action.
alter table idempotency_keys
    add column log_action     text,
    add column log_client_id  uuid,
    add column log_episode_id uuid;
