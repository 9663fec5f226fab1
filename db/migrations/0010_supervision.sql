-- Supervision: alerts say who raised them and why they cleared; expected trajectories calibrated from the
-- service's own closed episodes; each episode's status against them.

alter table alerts add column raised_by text;
alter table alerts add column cleared_reason text
    check (cleared_reason in ('conditionNoLongerHolds', 'replacedByTrajectory', 'replacedBySessionRules'));
alter table alerts add column cleared_session_id uuid references sessions (id);
-- Alerts cleared before this migration carry no reason; every later one must.
alter table alerts add constraint alerts_cleared_has_reason
    check (status <> 'cleared' or (cleared_at is not null and cleared_reason is not null)) not valid;

-- One calibration per run, instrument and age band; the newest per instrument and band is current.
-- method 'sessionRules' records that there was too little data and the session 3 / 6 rules apply.
create table trajectory_calibrations (
    id                         bigint generated always as identity primary key,
    instrument_code            text not null references instruments (code),
    min_age                    int  not null,
    max_age                    int  not null,
    method                     text not null check (method in ('quantileRegression', 'sessionRules')),
    calibrated_at              timestamptz not null default now(),
    calibrated_by              text not null,
    episodes_used              int  not null,
    observations_used          int  not null,
    minimum_episodes           int  not null,
    bound_quantile             double precision not null,
    held_out_observations      int,
    share_worse_than_expected  double precision,
    share_worse_than_bound     double precision,
    mean_absolute_error        double precision
);
create index trajectory_calibrations_current on trajectory_calibrations (instrument_code, min_age, id desc);

-- Expected score (median) and lower bound as straight lines in the intake score, per session number.
create table trajectory_curve_points (
    calibration_id    bigint not null references trajectory_calibrations (id),
    session_number    int    not null check (session_number >= 2),
    observations      int    not null,
    median_intercept  double precision not null,
    median_slope      double precision not null,
    bound_intercept   double precision not null,
    bound_slope       double precision not null,
    pseudo_r1         double precision not null,
    primary key (calibration_id, session_number)
);

-- Each episode's status at its latest session, rewritten with every session and every recalibration.
create table episode_trajectories (
    episode_id      uuid primary key references episodes (id),
    calibration_id  bigint references trajectory_calibrations (id),
    method          text not null check (method in ('quantileRegression', 'sessionRules')),
    status          text not null check (status in ('grey', 'green', 'orange', 'red')),
    session_number  int  not null,
    expected        numeric(5,1),
    bound           numeric(5,1),
    evaluated_at    timestamptz not null default now()
);

-- Closed episodes by instrument, read by every recalibration.
create index episodes_closed_instrument on episodes (outcome_instrument, age_at_start) where ended_on is not null;
create index episodes_open_instrument on episodes (outcome_instrument, age_at_start) where ended_on is null;
