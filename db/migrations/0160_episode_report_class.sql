-- The outcomes report (OutcomeQuery) filtered every one of its ~45 aggregates by an expression of the episode's summary
-- (closed with two scores, intake in the clinical range, the category, ...), evaluated again for each aggregate and
-- each episode: about half of the million-episode report's time (docs/performance.md, 2026-12-03). Instead the episode
-- row holds the one small code those filters distinguish, and the report groups by it too: per group every aggregate is
-- a plain count or sum, and the report adds up the classes each figure needs (OutcomeQuery.ReportClass).
--
-- report_class = sessions + 3 * closed + 6 * intake + 18 * category + 108 * dropout + 216 * trajectory, where
--   sessions    0: no session, 1: one, 2: two or more
--   closed      0: open, 1: ended
--   intake      0: no cutoff for the client's age (intake_clinical null), 1: not in the clinical range, 2: in it
--   category    0: none, 1: recovered, 2: improved, 3: unchanged, 4: deteriorated, 5: harmed
--   dropout     1: ended as a dropout
--   trajectory  0: not judged against a calibrated trajectory (trajectory_on_track null), 1: off track, 2: on track
-- Derived from the summary columns, so every write that keeps them (sessions, close, trajectory statuses) keeps it too.
alter table episodes
    add column report_class smallint generated always as ((
        (case when session_count = 0 then 0 when session_count = 1 then 1 else 2 end)
        + 3 * (case when ended_on is null then 0 else 1 end)
        + 6 * (case when intake_clinical then 2 when not intake_clinical then 1 else 0 end)
        + 18 * (case category when 'recovered' then 1 when 'improved' then 2 when 'unchanged' then 3 when 'deteriorated' then 4
                              when 'harmed' then 5 else 0 end)
        + 108 * (case when end_reason = 'dropout' then 1 else 0 end)
        + 216 * (case when trajectory_on_track then 2 when not trajectory_on_track then 1 else 0 end))::smallint) stored;
