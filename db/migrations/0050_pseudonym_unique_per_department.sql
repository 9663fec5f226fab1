-- A pseudonym is unique within its department, not across the service: a clinician who was told that a pseudonym
-- is taken would learn that another department has such a client. The same pseudonym in another department is
-- simply another client; within one department it is still refused (case-insensitive, as before).
drop index clients_pseudonym_key;
create unique index clients_pseudonym_per_department_key on clients (department_code, lower(pseudonym));
