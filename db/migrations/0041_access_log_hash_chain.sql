-- Tamper evidence for the access log: each entry carries a SHA-256 hash over its own fields and the hash of
-- the entry before it in the same client's chain. Changing, removing or inserting an entry in the middle of a
-- chain breaks the links after it, which GET /api/v1/access-log/verify finds. One chain per client, so two
-- requests about different clients never wait for each other; the advisory lock only orders writers of one client.
alter table access_log
    add column client_seq    bigint,
    add column previous_hash bytea,
    add column hash          bytea;

-- One field of the hashed text: '-' for null, else its length in UTF-8 bytes, ':' and the value, so no two
-- different rows give the same text. FitService.Api.AccessLogChain.EntryHash builds the same text in C#.
create function access_log_field(value text) returns text language sql immutable parallel safe as $$
    select case when value is null then '-' else octet_length(convert_to(value, 'UTF8')) || ':' || value end
$$;

create function access_log_entry_hash(id bigint, client_seq bigint, at timestamptz, actor text, role text, action text,
                                      client_id uuid, episode_id uuid, request_id text, previous_hash bytea)
returns bytea language sql stable parallel safe as $$
    select sha256(convert_to('fitservice-access-log-v1'
        || access_log_field(id::text)
        || access_log_field(client_seq::text)
        || access_log_field(((extract(epoch from at) * 1000000)::bigint)::text) -- microseconds since 1970, any time zone
        || access_log_field(actor)
        || access_log_field(role)
        || access_log_field(action)
        || access_log_field(client_id::text)
        || access_log_field(episode_id::text)
        || access_log_field(request_id)
        || access_log_field(encode(previous_hash, 'hex')), 'UTF8'))
$$;

-- Entries written before this script: chained per client in the order they were written (id).
alter table access_log disable trigger access_log_no_update_delete;
do $$
declare
    entry record;
    chain_client uuid;
    chain_seq bigint := 0;
    chain_hash bytea;
begin
    for entry in select * from access_log order by client_id, id loop
        if chain_client is distinct from entry.client_id then
            chain_client := entry.client_id;
            chain_seq := 0;
            chain_hash := null;
        end if;
        chain_seq := chain_seq + 1;
        update access_log
        set client_seq = chain_seq, previous_hash = chain_hash,
            hash = access_log_entry_hash(entry.id, chain_seq, entry.at, entry.actor, entry.role, entry.action,
                                         entry.client_id, entry.episode_id, entry.request_id, chain_hash)
        where id = entry.id
        returning hash into chain_hash;
    end loop;
end $$;
alter table access_log enable trigger access_log_no_update_delete;

alter table access_log
    alter column client_seq set not null,
    alter column hash set not null,
    add constraint access_log_client_chain unique (client_id, client_seq);

-- New entries: the database sets the time, the position in the client's chain and the hashes, whatever the
-- INSERT says. The transaction-scoped lock on the client (key space "ALOG") makes concurrent writers for the
-- same client take turns, each reading the chain's head after the one before it committed.
create function access_log_chain() returns trigger language plpgsql as $$
declare
    head record;
begin
    perform pg_advisory_xact_lock(1095520071, hashtext(new.client_id::text));
    select client_seq, hash into head from access_log where client_id = new.client_id order by client_seq desc limit 1;
    new.at := now();
    new.client_seq := coalesce(head.client_seq, 0) + 1;
    new.previous_hash := head.hash;
    new.hash := access_log_entry_hash(new.id, new.client_seq, new.at, new.actor, new.role, new.action,
                                      new.client_id, new.episode_id, new.request_id, new.previous_hash);
    return new;
end;
$$;
create trigger access_log_chain before insert on access_log for each row execute function access_log_chain();
