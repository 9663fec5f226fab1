-- Built-in instruments of the PCOMS family (sources in docs/statistics.md). Items are 10 cm lines read
-- to the millimetre: 0.0-10.0. For alliance instruments the cutoff is the alert cutoff (36).
insert into instruments (code, name, kind, higher_is_better, reliable_change_threshold, built_in) values
    ('ORS',   'Outcome Rating Scale',                 'outcome',  true, 5, true),
    ('CORS',  'Child Outcome Rating Scale',           'outcome',  true, 5, true),
    ('YCORS', 'Young Child Outcome Rating Scale',     'outcome',  true, null, true),
    ('SRS',   'Session Rating Scale',                 'alliance', true, null, true),
    ('CSRS',  'Child Session Rating Scale',           'alliance', true, null, true),
    ('GSRS',  'Group Session Rating Scale',           'alliance', true, null, true);

insert into instrument_items (instrument_code, position, key, min_value, max_value) values
    ('ORS', 1, 'individually', 0, 10), ('ORS', 2, 'interpersonally', 0, 10),
    ('ORS', 3, 'socially', 0, 10),     ('ORS', 4, 'overall', 0, 10),
    ('CORS', 1, 'me', 0, 10),          ('CORS', 2, 'family', 0, 10),
    ('CORS', 3, 'school', 0, 10),      ('CORS', 4, 'everything', 0, 10),
    ('YCORS', 1, 'howAmIDoing', 0, 10),
    ('SRS', 1, 'relationship', 0, 10), ('SRS', 2, 'goalsAndTopics', 0, 10),
    ('SRS', 3, 'approachOrMethod', 0, 10), ('SRS', 4, 'overall', 0, 10),
    ('GSRS', 1, 'relationship', 0, 10), ('GSRS', 2, 'goalsAndTopics', 0, 10),
    ('GSRS', 3, 'approachOrMethod', 0, 10), ('GSRS', 4, 'overall', 0, 10),
    ('CSRS', 1, 'listening', 0, 10),   ('CSRS', 2, 'howImportant', 0, 10),
    ('CSRS', 3, 'whatWeDid', 0, 10),   ('CSRS', 4, 'overall', 0, 10);

insert into instrument_cutoffs (instrument_code, min_age, max_age, cutoff) values
    ('ORS', 18, 130, 25), ('ORS', 13, 17, 28),
    ('CORS', 6, 12, 32),
    ('SRS', 0, 130, 36), ('CSRS', 0, 130, 36), ('GSRS', 0, 130, 36);
