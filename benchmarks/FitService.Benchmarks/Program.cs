using System.Diagnostics;
using Dapper;
using FitService.Api.Infrastructure;
using FitService.Api.Reports;
using FitService.Statistics.Reporting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FitService.Benchmarks;

// Loads a synthetic clinic into its own database and times the all-departments × quarter outcomes report against
// PostgreSQL's bare scan of the same rows. Usage and recorded figures: docs/performance.md.
public static class BenchmarkCommand
{
    public static async Task<int> Main(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("""
                usage: FitService.Benchmarks --admin-connection "Host=127.0.0.1;Port=55701;Username=postgres;Database=postgres"
                       [--database fit_bench] [--episodes 1000000] [--seed 2026] [--repeat 5] [--drop]
                """);
            return 2;
        }

        var admin = new NpgsqlConnectionStringBuilder(options.AdminConnection);
        var target = new NpgsqlConnectionStringBuilder(options.AdminConnection) { Database = options.Database, CommandTimeout = 0 }.ConnectionString;
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            if (!await connection.ExecuteScalarAsync<bool>("select exists (select 1 from pg_database where datname = @Database)", options))
                await connection.ExecuteAsync($"create database \"{options.Database}\"");
        }
        Database.Migrate(target, NullLogger.Instance);

        await using (var connection = new NpgsqlConnection(target))
        {
            await connection.OpenAsync();
            var existing = await connection.ExecuteScalarAsync<long>("select count(*) from episodes");
            if (existing == 0)
            {
                var clock = Stopwatch.StartNew();
                var sessions = await SyntheticClinic.LoadAsync(connection, options.Episodes, options.Seed, m => Console.WriteLine($"  loaded {m}"));
                Console.WriteLine($"Loaded {options.Episodes:N0} episodes and {sessions:N0} sessions with COPY in {clock.Elapsed.TotalSeconds:N0} s");
                clock.Restart();
                await connection.ExecuteAsync("vacuum analyze clients, episodes, sessions, episode_trajectories");
                Console.WriteLine($"vacuum analyze: {clock.Elapsed.TotalSeconds:N0} s");
            }
            else
            {
                Console.WriteLine($"Using the {existing:N0} episodes already in {options.Database}");
            }

            var sizes = await connection.QuerySingleAsync<(long Episodes, long Sessions, string EpisodesSize, string SessionsSize)>("""
                select (select count(*) from episodes), (select count(*) from sessions),
                       pg_size_pretty(pg_total_relation_size('episodes')), pg_size_pretty(pg_total_relation_size('sessions'))
                """);
            Console.WriteLine($"episodes: {sizes.Episodes:N0} rows, {sizes.EpisodesSize}; sessions: {sizes.Sessions:N0} rows, {sizes.SessionsSize}");

            // All departments × quarter over every start month the generator uses (2019Q1–2026Q4).
            var filter = new EpisodeFilter("ORS", ReportPeriods.MonthNumber(2019, 1), ReportPeriods.MonthNumber(2026, 12), null);
            var departments = (await connection.QueryAsync<string>("select code from departments order by code")).ToList();
            var periods = (filter.ToMonth - filter.FromMonth + 1) / 3;
            const string bareScan = """
                select count(*) from episodes
                where outcome_instrument = @Instrument and start_month between @FromMonth and @ToMonth and (@AgeBand::int is null or age_band = @AgeBand)
                """;
            // The same rows the handler builds (SQL, suppression, labels), short of JSON serialisation.
            async Task<int> Report() =>
                (await OutcomeTable.RowsAsync(connection, filter, departments, byDepartment: true, PeriodLength.Quarter, visible: null, normativeSd: null)).Count;

            var timings = new Dictionary<string, List<double>> { ["bare scan of the report's episodes"] = [], ["report (department x quarter)"] = [], ["bare scan of all sessions"] = [] };
            var rows = 0;
            for (var round = 0; round <= options.Repeat; round++) // round 0 warms the cache and is not counted
            {
                var a = await Time(() => connection.ExecuteScalarAsync<long>(bareScan, filter));
                var b = await Time(async () => rows = await Report());
                var c = await Time(() => connection.ExecuteScalarAsync<long>("select count(*) from sessions"));
                if (round == 0) continue;
                timings["bare scan of the report's episodes"].Add(a);
                timings["report (department x quarter)"].Add(b);
                timings["bare scan of all sessions"].Add(c);
            }
            var medians = timings.ToDictionary(t => t.Key, t => Median(t.Value));
            Console.WriteLine($"Median of {options.Repeat} runs (report: {rows} rows incl. margins, {departments.Count} departments x {periods} quarters):");
            foreach (var (name, ms) in medians) Console.WriteLine($"  {name,-38} {ms,9:N1} ms");
            var ratio = medians["report (department x quarter)"] / medians["bare scan of the report's episodes"];
            Console.WriteLine($"Ratio report / bare scan of the same episodes: {ratio:N2}x (target <= 2x)");
            Console.WriteLine($"Ratio report / bare scan of the sessions:      {medians["report (department x quarter)"] / medians["bare scan of all sessions"]:N2}x");
        }

        if (options.Drop)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin.ConnectionString);
            await connection.OpenAsync();
            await connection.ExecuteAsync($"drop database if exists \"{options.Database}\" with (force)");
            Console.WriteLine($"Dropped {options.Database}");
        }
        return 0;

        static async Task<double> Time(Func<Task> action)
        {
            var clock = Stopwatch.StartNew();
            await action();
            return clock.Elapsed.TotalMilliseconds;
        }

        static double Median(List<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
    }
}

sealed record Options(string AdminConnection, string Database, int Episodes, int Seed, int Repeat, bool Drop)
{
    public static Options? Parse(string[] args)
    {
        string? admin = null, database = "fit_bench";
        int episodes = 1_000_000, seed = 2026, repeat = 5;
        var drop = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--admin-connection": admin = Next(); break;
                case "--database": database = Next(); break;
                case "--episodes": episodes = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--repeat": repeat = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--drop": drop = true; break;
                default: return null;
            }
        }
        if (admin is null || !System.Text.RegularExpressions.Regex.IsMatch(database, "^[a-z_][a-z0-9_]{0,62}$") || episodes < 1 || repeat < 1)
            return null;
        return new Options(admin, database, episodes, seed, repeat, drop);
    }
}
