-- A stored response is replayed only after the same department check as a new request: the key row records
-- the department whose data the response shows (null for writes that show no department's data, e.g. an
-- admin creating a department), and the route it answered, so a key reused on another route is refused.
alter table idempotency_keys
    add column department_code text,
    add column route           text;

-- Keys stored before this migration: their department is the department of the client their response showed.
update idempotency_keys k set department_code = c.department_code
from clients c where c.id = k.log_client_id;
