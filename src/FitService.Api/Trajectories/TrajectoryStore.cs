using Dapper;
using FitService.Api.Infrastructure;
using FitService.Api.Instruments;
using FitService.Statistics;
using Npgsql;

namespace FitService.Api.Trajectories;

/// <summary>A stored calibration: the newest for its instrument and age band is the one in use.</summary>
public sealed record StoredCalibration(long Id, string InstrumentCode, int MinAge, int MaxAge, DateTime CalibratedAt, TrajectoryCalibration Model);

/// <summary>An episode's trajectory status at its latest session, as stored for the queue and the episode view.</summary>
public sealed record EpisodeTrajectory(Guid EpisodeId, long? CalibrationId, TrajectoryPosition Position, int SessionNumber);

/// <summary>Reads and writes calibrations and the episodes' statuses against them.</summary>
public static class TrajectoryStore
{
    public const string QuantileRegression = "quantileRegression";
    public const string SessionRules = "sessionRules";

    /// <summary>The age bands calibrated apart: the instrument's cutoff bands, or all ages when it has none.</summary>
    public static IReadOnlyList<(int MinAge, int MaxAge)> AgeBandsOf(Instrument outcome) =>
        outcome.Cutoffs.Count == 0 ? [(0, 130)] : outcome.Cutoffs.Select(c => (c.MinAge, Math.Min(c.MaxAge, 130))).ToList();

    /// <summary>The calibration row as the session write reads it (the newest for the episode's instrument and age band).</summary>
    public sealed record CalibrationRow(long Id, string InstrumentCode, int MinAge, int MaxAge, string Method, DateTime CalibratedAt,
        int EpisodesUsed, int ObservationsUsed, int? HeldOutObservations, double? ShareWorseThanExpected, double? ShareWorseThanBound,
        double? MeanAbsoluteError);
    public sealed record PointRow(long CalibrationId, int SessionNumber, int Observations, double MedianIntercept, double MedianSlope,
        double BoundIntercept, double BoundSlope, double PseudoR1);

    /// <summary>The calibration in use, or null when there is none or it fell back to the rules.</summary>
    public static StoredCalibration? InUse(CalibrationRow? row, IReadOnlyList<PointRow> points, Instrument outcome) =>
        row is null || row.Method != QuantileRegression ? null : ToStored(row, points, outcome);

    /// <summary>Stores one calibration (its curve points too) and returns its id.</summary>
    public static async Task<long> SaveCalibrationAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string instrumentCode,
        int minAge, int maxAge, TrajectoryCalibration model, TrajectoryOptions options, string calibratedBy)
    {
        const string insert = """
            insert into trajectory_calibrations (instrument_code, min_age, max_age, method, calibrated_by, episodes_used, observations_used,
                minimum_episodes, bound_quantile, held_out_observations, share_worse_than_expected, share_worse_than_bound, mean_absolute_error)
            values (@instrumentCode, @minAge, @maxAge, @method, @calibratedBy, @EpisodesUsed, @ObservationsUsed,
                @MinimumEpisodes, @BoundQuantile, @heldOut, @worseExpected, @worseBound, @mae)
            returning id
            """;
        var id = await connection.ExecuteScalarAsync<long>(insert, new
        {
            instrumentCode, minAge, maxAge, method = model.IsCalibrated ? QuantileRegression : SessionRules, calibratedBy,
            model.EpisodesUsed, model.ObservationsUsed, options.MinimumEpisodes, options.BoundQuantile,
            heldOut = model.Fit?.HeldOutObservations, worseExpected = model.Fit?.ShareWorseThanExpected,
            worseBound = model.Fit?.ShareWorseThanBound, mae = model.Fit?.MeanAbsoluteError,
        }, transaction);
        const string points = """
            insert into trajectory_curve_points (calibration_id, session_number, observations, median_intercept, median_slope,
                bound_intercept, bound_slope, pseudo_r1)
            select @id, * from unnest(@sessions::int[], @observations::int[], @mi::float8[], @ms::float8[], @bi::float8[], @bs::float8[], @r1::float8[])
            """;
        var p = model.Points;
        await connection.ExecuteAsync(points, new
        {
            id,
            sessions = p.Select(x => x.Session).ToArray(),
            observations = p.Select(x => x.Observations).ToArray(),
            mi = p.Select(x => x.Median.Intercept).ToArray(),
            ms = p.Select(x => x.Median.Slope).ToArray(),
            bi = p.Select(x => x.Bound.Intercept).ToArray(),
            bs = p.Select(x => x.Bound.Slope).ToArray(),
            r1 = p.Select(x => x.PseudoR1).ToArray(),
        }, transaction);
        return id;
    }

    /// <summary>
    /// Writes the episodes' statuses (one command for any number of episodes), and the copy reports read on the
    /// episode row: on track (green) or not when judged against a calibrated trajectory, null otherwise.
    /// </summary>
    public static Task SaveStatusesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<EpisodeTrajectory> statuses)
    {
        const string sql = """
            insert into episode_trajectories (episode_id, calibration_id, method, status, session_number, expected, bound)
            select * from unnest(@episodes::uuid[], @calibrations::bigint[], @methods::text[], @statuses::text[], @sessions::int[],
                                 @expected::numeric[], @bounds::numeric[])
            on conflict (episode_id) do update set calibration_id = excluded.calibration_id, method = excluded.method,
                status = excluded.status, session_number = excluded.session_number, expected = excluded.expected,
                bound = excluded.bound, evaluated_at = now();
            update episodes e set trajectory_on_track = s.on_track
            from (select episode, case when calibration is null then null else status = 'green' end as on_track
                  from unnest(@episodes::uuid[], @calibrations::bigint[], @statuses::text[]) as u(episode, calibration, status)) s
            where e.id = s.episode and e.trajectory_on_track is distinct from s.on_track;
            """;
        return connection.ExecuteAsync(sql, new
        {
            episodes = statuses.Select(s => s.EpisodeId).ToArray(),
            calibrations = statuses.Select(s => s.CalibrationId).ToArray(),
            methods = statuses.Select(s => s.CalibrationId is null ? SessionRules : QuantileRegression).ToArray(),
            statuses = statuses.Select(s => Wire.Name<TrajectoryStatus>(s.Position.Status)).ToArray(),
            sessions = statuses.Select(s => s.SessionNumber).ToArray(),
            expected = statuses.Select(s => s.Position.Expected).ToArray(),
            bounds = statuses.Select(s => s.Position.Bound).ToArray(),
        }, transaction);
    }

    /// <summary>
    /// One episode's status, for the session write's batch; the write keeps the episode row's on-track copy in step in
    /// its own update of the episode summary (<see cref="OnTrack"/>).
    /// </summary>
    public static NpgsqlBatchCommand StatusCommand(EpisodeTrajectory status)
    {
        const string sql = """
            insert into episode_trajectories (episode_id, calibration_id, method, status, session_number, expected, bound)
            values ($1, $2, $3, $4, $5, $6, $7)
            on conflict (episode_id) do update set calibration_id = excluded.calibration_id, method = excluded.method,
                status = excluded.status, session_number = excluded.session_number, expected = excluded.expected,
                bound = excluded.bound, evaluated_at = now()
            """;
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = status.EpisodeId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)status.CalibrationId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = status.CalibrationId is null ? SessionRules : QuantileRegression });
        command.Parameters.Add(new NpgsqlParameter { Value = Wire.Name<TrajectoryStatus>(status.Position.Status)! });
        command.Parameters.Add(new NpgsqlParameter { Value = status.SessionNumber });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)status.Position.Expected ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Numeric });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)status.Position.Bound ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Numeric });
        return command;
    }

    /// <summary>The copy reports read on the episode row: on track (green) or not against a calibrated trajectory, null otherwise.</summary>
    public static bool? OnTrack(EpisodeTrajectory status) =>
        status.CalibrationId is null ? null : status.Position.Status == TrajectoryStatus.Green;

    /// <summary>The newest calibration per instrument and age band, with its curve points, for display.</summary>
    public static async Task<IReadOnlyList<CalibrationView>> ListCurrentAsync(NpgsqlConnection connection)
    {
        const string sql = """
            select distinct on (instrument_code, min_age) id, instrument_code, min_age, max_age, method, calibrated_at, episodes_used,
                   observations_used, held_out_observations, share_worse_than_expected, share_worse_than_bound, mean_absolute_error,
                   minimum_episodes, bound_quantile, calibrated_by
            from trajectory_calibrations order by instrument_code, min_age, id desc;
            select p.* from trajectory_curve_points p
            where p.calibration_id in (select distinct on (instrument_code, min_age) id from trajectory_calibrations
                                       order by instrument_code, min_age, id desc)
            order by p.calibration_id, p.session_number;
            """;
        using var grid = await connection.QueryMultipleAsync(sql);
        var rows = (await grid.ReadAsync<(long Id, string InstrumentCode, int MinAge, int MaxAge, string Method, DateTime CalibratedAt,
            int EpisodesUsed, int ObservationsUsed, int? HeldOutObservations, double? ShareWorseThanExpected, double? ShareWorseThanBound,
            double? MeanAbsoluteError, int MinimumEpisodes, double BoundQuantile, string CalibratedBy)>()).ToList();
        var points = (await grid.ReadAsync<PointRow>()).ToLookup(p => p.CalibrationId);
        return rows.Select(r => new CalibrationView(r.Id, r.InstrumentCode, r.MinAge, r.MaxAge, r.Method,
            new DateTimeOffset(r.CalibratedAt), r.CalibratedBy, r.EpisodesUsed, r.ObservationsUsed, r.MinimumEpisodes, r.BoundQuantile,
            r.Method == SessionRules ? CalibrationMessages.Fallback(r.EpisodesUsed, r.MinimumEpisodes) : null,
            r.HeldOutObservations is null ? null
                : new FitView(r.HeldOutObservations.Value, r.ShareWorseThanExpected!.Value, r.ShareWorseThanBound!.Value, r.MeanAbsoluteError!.Value),
            points[r.Id].Select(p => new CurvePointView(p.SessionNumber, p.Observations, p.MedianIntercept, p.MedianSlope,
                p.BoundIntercept, p.BoundSlope, p.PseudoR1)).ToList())).ToList();
    }

    static StoredCalibration ToStored(CalibrationRow row, IReadOnlyList<PointRow> points, Instrument outcome)
    {
        var model = Curves(points, outcome, row.EpisodesUsed, row.ObservationsUsed) with
        {
            Fit = row.HeldOutObservations is null ? null
                : new TrajectoryFit(row.HeldOutObservations.Value, row.ShareWorseThanExpected!.Value, row.ShareWorseThanBound!.Value, row.MeanAbsoluteError!.Value),
        };
        return new StoredCalibration(row.Id, row.InstrumentCode, row.MinAge, row.MaxAge, row.CalibratedAt, model);
    }

    /// <summary>A calibrated model from its stored curve points (no fit figures), enough to judge and draw scores against.</summary>
    public static TrajectoryCalibration Curves(IReadOnlyList<PointRow> points, Instrument outcome, int episodesUsed, int observationsUsed) =>
        new(true, episodesUsed, observationsUsed,
            points.Select(p => new TrajectoryCurvePoint(p.SessionNumber, p.Observations, new QuantileLine(p.MedianIntercept, p.MedianSlope),
                new QuantileLine(p.BoundIntercept, p.BoundSlope), p.PseudoR1)).ToList(),
            null, outcome.HigherIsBetter, (double)outcome.Items.Sum(i => i.Min), (double)outcome.Items.Sum(i => i.Max));
}
