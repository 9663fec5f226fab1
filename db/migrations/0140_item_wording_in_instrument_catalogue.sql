-- Alert messages name a low alliance item by the organisation's wording when it has set one (migration 0120), so a
-- clinician reads the same words in the alert as on the form. The session write builds its alerts from its in-memory
-- copy of the instruments (InstrumentCatalogue, migration 0080), which now holds the item labels too: a change to the
-- wording bumps the catalogue's version like any change to a definition, and every process reloads at its next write.
create trigger instrument_item_wording_changed after insert or update or delete or truncate on instrument_item_wording
    for each statement execute function instrument_catalogue_changed();
