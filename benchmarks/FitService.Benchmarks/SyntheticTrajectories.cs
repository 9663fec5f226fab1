using Dapper;
using FitService.Statistics;
using Npgsql;
using NpgsqlTypes;

namespace FitService.Benchmarks;

/// <summary>One episode's stored status against its expected trajectory (a row of episode_trajectories).</summary>
public sealed record SyntheticTrajectory(TrajectoryMethod Method, TrajectoryStatus Status, int SessionNumber, decimal? Expected, decimal? Bound);

/// <summary>
/// Statuses for synthetic episodes, derived from the episode alone (no random draws, so episodes stay as they were):
/// adults seen after <see cref="CalibratedFrom"/> against a fixed expected curve — median
/// x + (30 − x)·0.45·(1 − e^(−0.35(n − 1))), bound 4 points below — the rest (adolescents, and adults whose latest
/// session came before there was a calibration) by the session 3 / 6 rules. One session: grey. No session: no row.
/// The curve is a shape, not a fit: the adult calibration row it points to has no curve points.
/// </summary>
public static class SyntheticTrajectories
{
    public static readonly DateOnly CalibratedFrom = new(2021, 1, 1);

    public static SyntheticTrajectory? Of(SyntheticEpisode e)
    {
        if (e.Last is not { } last) return null;
        var calibrated = e.AgeAtStart >= 18 && last.HeldOn >= CalibratedFrom;
        var method = calibrated ? TrajectoryMethod.QuantileRegression : TrajectoryMethod.SessionRules;
        if (e.Sessions.Count < 2) return new(method, TrajectoryStatus.Grey, last.Number, null, null);
        if (!calibrated)
        {
            var improved = last.Reliable == ReliableChange.Improved;
            var status = last.Reliable == ReliableChange.Deteriorated || (last.Number >= 6 && !improved) ? TrajectoryStatus.Red
                : last.Number >= 3 && !improved ? TrajectoryStatus.Orange : TrajectoryStatus.Green;
            return new(method, status, last.Number, null, null);
        }
        var x = (double)e.Intake!.Outcome;
        var expected = Math.Round((decimal)Math.Clamp(x + (30 - x) * 0.45 * (1 - Math.Exp(-0.35 * (last.Number - 1))), 0, 40), 1);
        var bound = Math.Max(0, expected - 4);
        var position = last.Outcome >= expected ? TrajectoryStatus.Green : last.Outcome >= bound ? TrajectoryStatus.Orange : TrajectoryStatus.Red;
        return new(method, position, last.Number, expected, bound);
    }

    /// <summary>Stores an adult ORS calibration (and the adolescents' session-rules one) and every episode's status, by COPY.</summary>
    public static async Task LoadAsync(NpgsqlConnection connection, int episodes, int seed, int clients, IReadOnlyList<string> departments)
    {
        const string calibrate = """
            insert into trajectory_calibrations (instrument_code, min_age, max_age, method, calibrated_by, episodes_used,
                observations_used, minimum_episodes, bound_quantile)
            values ('ORS', @minAge, @maxAge, @method, 'synthetic', @episodesUsed, @episodesUsed * 8, 100, 0.25)
            returning id
            """;
        await connection.ExecuteAsync(calibrate, new { minAge = 13, maxAge = 17, method = "sessionRules", episodesUsed = 40 });
        var calibrationId = await connection.ExecuteScalarAsync<long>(calibrate,
            new { minAge = 18, maxAge = 130, method = "quantileRegression", episodesUsed = 5000 });
        await using var copy = await connection.BeginBinaryImportAsync("""
            copy episode_trajectories (episode_id, calibration_id, method, status, session_number, expected, bound) from stdin (format binary)
            """);
        for (var i = 0; i < episodes; i++)
        {
            var e = SyntheticEpisodes.Generate(seed, i, clients, departments);
            if (Of(e) is not { } t) continue;
            await copy.StartRowAsync();
            await copy.WriteAsync(e.Id, NpgsqlDbType.Uuid);
            if (t.Method == TrajectoryMethod.QuantileRegression) await copy.WriteAsync(calibrationId, NpgsqlDbType.Bigint);
            else await copy.WriteNullAsync();
            await copy.WriteAsync(t.Method == TrajectoryMethod.QuantileRegression ? "quantileRegression" : "sessionRules", NpgsqlDbType.Text);
            await copy.WriteAsync(t.Status.ToString().ToLowerInvariant(), NpgsqlDbType.Text);
            await copy.WriteAsync(t.SessionNumber, NpgsqlDbType.Integer);
            if (t.Expected is { } expected) await copy.WriteAsync(expected, NpgsqlDbType.Numeric); else await copy.WriteNullAsync();
            if (t.Bound is { } bound) await copy.WriteAsync(bound, NpgsqlDbType.Numeric); else await copy.WriteNullAsync();
        }
        await copy.CompleteAsync();
    }
}
