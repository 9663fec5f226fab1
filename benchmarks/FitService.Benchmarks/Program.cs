using System.Diagnostics;
using Dapper;
using FitService.Api.Infrastructure;
using FitService.Api.Reports;
using FitService.Statistics.Reporting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FitService.Benchmarks;

// Loads a synthetic clinic into its own database and times the all-departments × quarter outcomes report, the comparison
// and the goals report against PostgreSQL's bare scans (ReportTimings). Usage and recorded figures: docs/performance.md.
public static class BenchmarkCommand
{
    public static async Task<int> Main(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("""
                usage: FitService.Benchmarks --admin-connection "Host=127.0.0.1;Port=55701;Username=postgres;Database=postgres"
                       [--database fit_bench] [--episodes 1000000] [--seed 2026] [--repeat 5] [--drop] [--print-reports DIR]
                """);
            return 2;
        }

        var admin = new NpgsqlConnectionStringBuilder(options.AdminConnection);
        // Statements prepared after five uses, as the service's connections do (Database.WithPreparedStatements): the
        // report then runs as PostgreSQL plans a prepared statement (generic plans after five custom ones), not as an ad hoc one.
        var target = new NpgsqlConnectionStringBuilder(options.AdminConnection) { Database = options.Database, CommandTimeout = 0, MaxAutoPrepare = 32 }
            .ConnectionString;
        // Columns map to properties as in the service (Database.AddDatabase).
        DefaultTypeMap.MatchNamesWithUnderscores = true;
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

            await SyntheticExtras.LoadAsync(connection, m => Console.WriteLine($"  loaded {m}"));
            if (options.PrintReports is { } folder)
                await ReportTimings.PrintAsync(connection, folder); // what the reports publish, to compare two versions of the code
            else
                await ReportTimings.RunAsync(connection, options.Repeat);
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
    }
}

sealed record Options(string AdminConnection, string Database, int Episodes, int Seed, int Repeat, bool Drop, string? PrintReports)
{
    public static Options? Parse(string[] args)
    {
        string? admin = null, database = "fit_bench", print = null;
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
                case "--print-reports": print = Next(); break;
                default: return null;
            }
        }
        if (admin is null || !System.Text.RegularExpressions.Regex.IsMatch(database, "^[a-z_][a-z0-9_]{0,62}$") || episodes < 1 || repeat < 1)
            return null;
        return new Options(admin, database, episodes, seed, repeat, drop, print);
    }
}
