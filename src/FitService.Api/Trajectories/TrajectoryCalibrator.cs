using System.Diagnostics;
using Dapper;
using FitService.Api.Alerts;
using FitService.Api.Instruments;
using FitService.Statistics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FitService.Api.Trajectories;

/// <summary>Configuration section "Trajectories".</summary>
public sealed class TrajectorySettings
{
    public int MinimumEpisodes { get; set; } = 100;
    public int MinimumPerSession { get; set; } = 30;
    public int MaxSession { get; set; } = 20;
    public double BoundQuantile { get; set; } = 0.25;
    /// <summary>How often the background service recalibrates; zero turns it off.</summary>
    public TimeSpan RecalibrateEvery { get; set; } = TimeSpan.FromDays(1);

    public TrajectoryOptions ToOptions() => new(MinimumEpisodes, MinimumPerSession, MaxSession, BoundQuantile);
}

/// <summary>
/// Recalibrates every outcome instrument and age band from the closed episodes, then re-evaluates the open episodes'
/// statuses and progress alerts against the new curves. One run at a time across all service processes: the run
/// holds a PostgreSQL advisory lock for its transaction, and a second process finds it taken and skips.
/// </summary>
public sealed class TrajectoryCalibrator(NpgsqlDataSource db, IOptions<TrajectorySettings> settings, ILogger<TrajectoryCalibrator> logger)
{
    /// <summary>Advisory lock key, shared by every process on the database ("FITTRJ" in ASCII).</summary>
    const long LockKey = 0x464954_54524A;

    public const string Scheduled = "schedule";

    sealed record OpenEpisode(Guid Id, string DepartmentCode, int SessionCount, decimal IntakeOutcome, decimal LastOutcome,
        string? ReliableChange, Guid LatestSessionId);
    sealed record LiveAlert(Guid EpisodeId, string Kind, string Severity, decimal? Value, decimal? Threshold, Guid SessionId);

    /// <param name="calibratedBy">The admin's subject, or <see cref="Scheduled"/>.</param>
    /// <param name="skipIfNewerThan">Skip when any calibration is younger than this (the schedule, so N processes run once).</param>
    public async Task<RecalibrationResult> RunAsync(string calibratedBy, TimeSpan? skipIfNewerThan, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var options = settings.Value.ToOptions();
        options.Validate();
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await connection.ExecuteScalarAsync<bool>("select pg_try_advisory_xact_lock(@LockKey)", new { LockKey }, transaction))
            return new RecalibrationResult(false, "Another process is recalibrating.", 0, 0, watch.ElapsedMilliseconds, []);
        if (skipIfNewerThan is { } age && await connection.ExecuteScalarAsync<bool>(
                "select exists (select 1 from trajectory_calibrations where calibrated_at > now() - @age)", new { age }, transaction))
            return new RecalibrationResult(false, "A recent calibration exists.", 0, 0, watch.ElapsedMilliseconds, []);

        int evaluated = 0, changed = 0;
        var instruments = (await InstrumentStore.ListAsync(connection, null, transaction)).Where(i => i.Kind == Instrument.Outcome);
        foreach (var outcome in instruments)
        {
            var closed = await ClosedEpisodesAsync(connection, transaction, outcome.Code, options.MaxSession, cancellationToken);
            foreach (var (minAge, maxAge) in TrajectoryStore.AgeBandsOf(outcome))
            {
                var model = ExpectedTrajectory.Calibrate(
                    closed.Where(e => e.Age >= minAge && e.Age <= maxAge).Select(e => (IReadOnlyList<double>)e.Scores).ToList(),
                    outcome.HigherIsBetter, (double)outcome.Items.Sum(i => i.Min), (double)outcome.Items.Sum(i => i.Max), options);
                var id = await TrajectoryStore.SaveCalibrationAsync(connection, transaction, outcome.Code, minAge, maxAge, model, options, calibratedBy);
                var stored = model.IsCalibrated ? new StoredCalibration(id, outcome.Code, minAge, maxAge, DateTime.UtcNow, model) : null;
                var (n, c) = await ReevaluateOpenEpisodesAsync(connection, transaction, outcome, minAge, maxAge, stored, calibratedBy);
                evaluated += n;
                changed += c;
            }
        }
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Recalibrated expected trajectories in {Elapsed} ms: {Evaluated} open episodes, {Changed} alert changes",
            watch.ElapsedMilliseconds, evaluated, changed);
        return new RecalibrationResult(true, null, evaluated, changed, watch.ElapsedMilliseconds, await TrajectoryStore.ListCurrentAsync(connection));
    }

    /// <summary>
    /// Closed episodes' totals by session (index 0 = intake), up to maxSession, in episode id order: the 2-fold
    /// cross-validation splits by position, so the same data always gives the same fit figures.
    /// </summary>
    static async Task<List<(int Age, double[] Scores)>> ClosedEpisodesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        string instrument, int maxSession, CancellationToken cancellationToken)
    {
        const string sql = """
            select e.id, e.age_at_start, least(e.session_count, @maxSession), s.number, s.outcome_total::float8
            from episodes e join sessions s on s.episode_id = e.id
            where e.ended_on is not null and e.outcome_instrument = @instrument and e.session_count >= 2 and s.number <= @maxSession
            order by e.id, s.number
            """;
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("instrument", instrument);
        command.Parameters.AddWithValue("maxSession", maxSession);
        var episodes = new Dictionary<Guid, (int Age, double[] Scores)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(0);
            if (!episodes.TryGetValue(id, out var episode))
                episodes[id] = episode = (reader.GetInt32(1), new double[reader.GetInt32(2)]);
            episode.Scores[reader.GetInt32(3) - 1] = reader.GetDouble(4);
        }
        return episodes.Values.ToList();
    }

    /// <summary>
    /// Rewrites each open episode's status and, where they differ from the live ones, its progress alerts. The episode
    /// rows are locked first, on their own: a recording in progress finishes, and the read after the lock sees its
    /// session (a lock taken in the same statement as a join to sessions would drop that episode); sessions recorded
    /// later wait for this transaction and then see the new calibration.
    /// </summary>
    static async Task<(int Evaluated, int Changed)> ReevaluateOpenEpisodesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        Instrument outcome, int minAge, int maxAge, StoredCalibration? calibration, string calibratedBy)
    {
        const string lockOpen = """
            select id from episodes
            where ended_on is null and outcome_instrument = @Code and age_at_start between @minAge and @maxAge
            for update
            """;
        await connection.ExecuteAsync(lockOpen, new { outcome.Code, minAge, maxAge }, transaction);
        const string sql = """
            select e.id, e.department_code, e.session_count, e.intake_outcome, e.last_outcome, e.reliable_change, s.id as latest_session_id
            from episodes e join sessions s on s.episode_id = e.id and s.number = e.session_count
            where e.ended_on is null and e.outcome_instrument = @Code and e.age_at_start between @minAge and @maxAge
            """;
        var open = (await connection.QueryAsync<OpenEpisode>(sql, new { outcome.Code, minAge, maxAge }, transaction)).ToList();
        const string live = """
            select a.episode_id, a.kind, a.severity, a.value, a.threshold, a.session_id
            from alerts a join episodes e on e.id = a.episode_id
            join sessions s on s.episode_id = e.id and s.number = e.session_count
            where e.ended_on is null and e.outcome_instrument = @Code and e.age_at_start between @minAge and @maxAge
              -- a condition resolved at the latest session counts as had: it is not raised again
              and (a.status in ('open', 'acknowledged') or (a.status = 'resolved' and a.session_id = s.id)) and a.kind = any(@kinds)
            """;
        var liveAlerts = (await connection.QueryAsync<LiveAlert>(live, new { outcome.Code, minAge, maxAge, kinds = AlertKinds.Progress },
            transaction)).ToLookup(a => a.EpisodeId);

        var statuses = new List<EpisodeTrajectory>(open.Count);
        var changed = 0;
        foreach (var e in open)
        {
            var change = e.ReliableChange is null ? (ReliableChange?)null : Enum.Parse<ReliableChange>(e.ReliableChange, ignoreCase: true);
            var (position, conditions) = SessionEvaluation.Progress(outcome.ScaleFor(minAge),
                new ProgressState(e.SessionCount, e.IntakeOutcome, e.LastOutcome, change), calibration?.Model);
            statuses.Add(new EpisodeTrajectory(e.Id, calibration?.Id, position, e.SessionCount));
            var wanted = conditions.Select(c => (Kind: AlertKinds.Of(c.Kind), Severity: c.Severity.ToString().ToLowerInvariant(), (decimal?)c.Value,
                (decimal?)c.Threshold, e.LatestSessionId)).ToHashSet();
            var have = liveAlerts[e.Id].Select(a => (a.Kind, a.Severity, a.Value, a.Threshold, a.SessionId)).ToHashSet();
            if (wanted.SetEquals(have)) continue;
            changed++;
            await AlertStore.SyncAsync(connection, transaction, e.Id, e.DepartmentCode, e.LatestSessionId, conditions, calibratedBy,
                trajectoryCalibrated: calibration is not null, scope: AlertKinds.Progress);
        }
        await TrajectoryStore.SaveStatusesAsync(connection, transaction, statuses);
        return (open.Count, changed);
    }
}
