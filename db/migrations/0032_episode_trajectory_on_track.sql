-- Reports count episodes on their expected trajectory from the episode row itself, so the report stays one scan
-- of the episode summary (a join to episode_trajectories cost 0.5 s per million episodes, 1.8x -> 3.0x the bare
-- sessions scan). Kept in step by TrajectoryStore.SaveStatusesAsync in the transaction that writes the status.
-- null: not judged against a calibrated trajectory (session 3 / 6 rules, or no status); true: green.
alter table episodes add column trajectory_on_track boolean;

update episodes e set trajectory_on_track = (t.status = 'green')
from episode_trajectories t
where t.episode_id = e.id and t.method = 'quantileRegression';
