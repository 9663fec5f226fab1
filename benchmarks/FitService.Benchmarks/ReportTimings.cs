using System.Diagnostics;
using System.Globalization;
using Dapper;
using FitService.Api.Reports;
using FitService.Statistics.Reporting;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace FitService.Benchmarks;

/// <summary>
/// Times the reports against PostgreSQL's bare scans of the same data. Every round runs every measurement once, in an
/// order rotated from round to round, so on a shared machine the report and the scans it is compared with see the same
/// load; the ratio is taken per round and its median printed with the medians of the times and of the load average.
/// </summary>
public static class ReportTimings
{
    sealed record Measurement(string Name, Func<Task> Run);

    const string Sessions = "bare scan of all sessions", Episodes = "bare scan of the report's episodes",
        Sql = "report SQL alone (OutcomeQuery)", Report = "report (department x quarter)";

    public static async Task RunAsync(NpgsqlConnection connection, int repeat)
    {
        // All departments × quarter over every start month the generator uses (2019Q1–2026Q4).
        var filter = new EpisodeFilter("ORS", ReportPeriods.MonthNumber(2019, 1), ReportPeriods.MonthNumber(2026, 12), null);
        var departments = (await connection.QueryAsync<string>("select code from departments order by code")).ToList();
        // A severity adjustment model and a normative SD, so the handler's SAES and normative effect size are computed.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Reports:SeverityAdjustment:ORS:Intercept"] = "11.5", ["Reports:SeverityAdjustment:ORS:Slope"] = "-0.45",
            ["Reports:SeverityAdjustment:ORS:ReferenceMeanChange"] = "5", ["Reports:SeverityAdjustment:ORS:ReferenceSd"] = "6.5",
            ["Reports:NormativeSd:ORS"] = "7.5",
        }).Build();
        var severity = SeverityAdjustment.Read(configuration, "ORS");
        var request = new OutcomesRequest(filter, ByDepartment: true, PeriodLength.Quarter, Departments: null, AgeBand: null, Csv: false);
        var rows = 0;

        // What GET /reports/outcomes does short of JSON (ReportsApi.OutcomesAsync, as the handler calls it): the instrument and
        // departments, the rows (SQL, suppression, perturbation, labels), the SAES and the collateral section with linked suppression.
        async Task FullReport()
        {
            var (norms, all, problem) = await ReportsApi.ContextAsync(connection, filter.Instrument, null, configuration);
            if (problem is not null) throw new InvalidOperationException("the report refused the benchmark's request");
            rows = (await ReportsApi.OutcomesAsync(connection, request, norms!, all, configuration)).Rows.Count;
        }
        // The client figures' hidden groups, which the collateral section hides too: its part below is timed with them.
        var (_, clientHidden) = await OutcomeTable.TableAsync(connection, filter, departments, byDepartment: true, PeriodLength.Quarter, visible: null,
            normativeSd: 7.5);

        var measurements = new List<Measurement>
        {
            new(Sessions, () => connection.ExecuteScalarAsync<long>("select count(*) from sessions")),
            new(Episodes, () => connection.ExecuteScalarAsync<long>("""
                select count(*) from episodes
                where outcome_instrument = @Instrument and start_month between @FromMonth and @ToMonth and (@AgeBand::int is null or age_band = @AgeBand)
                """, filter)),
            new(Sql, () => OutcomeQuery.RunAsync(connection, filter, (int)PeriodLength.Quarter)),
            new(Report, FullReport),
            // The parts of the report apart: its rows (the SQL above, suppression, perturbation, labels, SAES) and its collateral section.
            new("  its rows + SAES (OutcomeTable)", async () => SeverityAdjustment.Apply((await OutcomeTable.TableAsync(connection, filter, departments,
                byDepartment: true, PeriodLength.Quarter, visible: null, normativeSd: 7.5)).Rows, severity)),
            new("  its collateral section (CollateralTable)", () => CollateralTable.SectionAsync(connection, filter, departments, byDepartment: true,
                PeriodLength.Quarter, visible: null, clientHidden)),
            new("comparison 2025 vs 2026 (all departments)", () => Compare(connection, departments, Year(2025), Year(2026))),
            new("goals report, halfYear=2026H1 (16 goals)", () => GoalsReport.ResultsAsync(connection, departments, "2026H1", null)),
            new($"goals report, department=SYN-1 ({SyntheticExtras.HalfYears.Length} half-years)",
                () => GoalsReport.ResultsAsync(connection, departments, null, "SYN-1")),
        };

        var times = measurements.ToDictionary(m => m.Name, _ => new List<double>());
        var cpu = measurements.ToDictionary(m => m.Name, _ => new List<double>());
        var (ratios, cpuRatios) = (new List<double>(), new List<double>());
        var load = new List<double>();
        var clock = await CpuClock.OpenAsync(connection);
        for (var round = 0; round <= repeat; round++) // round 0 warms the cache and is not counted
        {
            var loadNow = LoadAverage();
            var (timed, used) = (new Dictionary<string, double>(), new Dictionary<string, double>());
            for (var i = 0; i < measurements.Count; i++)
            {
                var m = measurements[(i + round) % measurements.Count];
                var cpuBefore = clock.Read();
                var watch = Stopwatch.StartNew();
                await m.Run();
                timed[m.Name] = watch.Elapsed.TotalMilliseconds;
                used[m.Name] = clock.Read() - cpuBefore;
            }
            if (round == 0) continue;
            foreach (var (name, ms) in timed) times[name].Add(ms);
            foreach (var (name, ms) in used) cpu[name].Add(ms);
            ratios.Add(timed[Report] / timed[Sessions]);
            cpuRatios.Add(used[Report] / used[Sessions]);
            load.Add(loadNow);
        }

        Console.WriteLine($"{repeat} rounds after one warm-up; load average (1 min) at the rounds' start: median {Median(load):N2}, " +
            $"min {load.Min():N2}, max {load.Max():N2} ({Environment.ProcessorCount} cores)");
        Console.WriteLine($"  {"",-44} {"median",9} {"min",9} {"max",9}  {"CPU ms",9}  (ms; report: {rows} rows incl. margins)");
        foreach (var (name, ms) in times)
            Console.WriteLine($"  {name,-44} {Median(ms),9:N1} {ms.Min(),9:N1} {ms.Max(),9:N1}  {Median(cpu[name]),9:N0}");
        Console.WriteLine($"Report / bare scan of the sessions, median of the rounds' ratios: {Median(ratios):N2}x (target <= 2x; " +
            $"rounds {string.Join(" ", ratios.Select(r => r.ToString("N2", CultureInfo.InvariantCulture)))})");
        Console.WriteLine($"The same in CPU time (server and benchmark, which a loaded machine stretches less): {Median(cpuRatios):N2}x " +
            $"(rounds {string.Join(" ", cpuRatios.Select(r => r.ToString("N2", CultureInfo.InvariantCulture)))})");
        Console.WriteLine($"Report / bare scan of the same episodes (medians): {Median(times[Report]) / Median(times[Episodes]):N2}x");
    }

    /// <summary>
    /// CPU time spent on a measurement, in ms: the database's backend for this connection, the parallel workers it started
    /// (children of the postmaster, counted when they exit at the query's end) and this process (the report's C# part).
    /// Linux /proc, the database on this machine, as the benchmark runs it; an autovacuum worker of the same cluster exiting
    /// meanwhile would be counted too.
    /// </summary>
    sealed class CpuClock(int backend, int postmaster)
    {
        [System.Runtime.InteropServices.DllImport("libc")]
        static extern long sysconf(int name);

        static readonly double MsPerTick = 1000.0 / sysconf(2); // _SC_CLK_TCK

        public static async Task<CpuClock> OpenAsync(NpgsqlConnection connection)
        {
            var backend = await connection.ExecuteScalarAsync<int>("select pg_backend_pid()");
            return new CpuClock(backend, (int)Stat(backend)[1]);
        }

        // The fields after the command name: state, ppid, ..., utime (index 11), stime, cutime, cstime.
        static long[] Stat(int pid)
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return [.. text[(text.LastIndexOf(')') + 2)..].Split(' ').Select(f => long.TryParse(f, out var v) ? v : 0)];
        }

        public double Read()
        {
            var (b, p) = (Stat(backend), Stat(postmaster));
            return (b[11] + b[12] + p[13] + p[14]) * MsPerTick + Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
        }
    }

    /// <summary>
    /// Writes what the outcomes report, the comparison's tables and the goals report publish for several requests as JSON
    /// files in <paramref name="folder"/>: two runs of different code over the same database must write the same bytes.
    /// </summary>
    public static async Task PrintAsync(NpgsqlConnection connection, string folder)
    {
        Directory.CreateDirectory(folder);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Reports:SeverityAdjustment:ORS:Intercept"] = "11.5", ["Reports:SeverityAdjustment:ORS:Slope"] = "-0.45",
            ["Reports:SeverityAdjustment:ORS:ReferenceMeanChange"] = "5", ["Reports:SeverityAdjustment:ORS:ReferenceSd"] = "6.5",
            ["Reports:NormativeSd:ORS"] = "7.5",
        }).Build();
        var json = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        var departments = (await connection.QueryAsync<string>("select code from departments order by code")).ToList();
        var (all, year2025) = (new EpisodeFilter("ORS", ReportPeriods.MonthNumber(2019, 1), ReportPeriods.MonthNumber(2026, 12), null), Year(2025));
        var requests = new (string Name, OutcomesRequest Request)[]
        {
            ("department-quarter", new(all, true, PeriodLength.Quarter, null, null, false)),
            ("department-month-2025", new(year2025, true, PeriodLength.Month, null, null, false)),
            ("quarter-adolescents", new(all with { AgeBand = 2 }, false, PeriodLength.Quarter, null, "adolescents", false)),
            ("department-year-adults-SYN-3", new(all with { AgeBand = 3 }, true, PeriodLength.Year, ["SYN-3"], "adults", false)),
            ("total-2025", new(year2025, false, null, null, null, false)),
        };
        foreach (var (name, request) in requests)
        {
            var (norms, known, _) = await ReportsApi.ContextAsync(connection, "ORS", request.Departments, configuration);
            var response = await ReportsApi.OutcomesAsync(connection, request, norms!, known, configuration);
            await File.WriteAllTextAsync(Path.Combine(folder, name + ".json"), System.Text.Json.JsonSerializer.Serialize(response, json));
        }
        await File.WriteAllTextAsync(Path.Combine(folder, "goals-2026H1.json"),
            System.Text.Json.JsonSerializer.Serialize(await GoalsReport.ResultsAsync(connection, departments, "2026H1", null), json));
        await File.WriteAllTextAsync(Path.Combine(folder, "goals-SYN-1.json"),
            System.Text.Json.JsonSerializer.Serialize(await GoalsReport.ResultsAsync(connection, departments, null, "SYN-1"), json));
        Console.WriteLine($"Wrote {requests.Length + 2} reports to {folder}");
    }

    static EpisodeFilter Year(int year) => new("ORS", ReportPeriods.MonthNumber(year, 1), ReportPeriods.MonthNumber(year, 12), null);

    // What GET /reports/outcomes/compare does short of JSON: each period's department-only table, suppressed and
    // perturbed as that report is, and the differences of every department shown in both.
    static async Task Compare(NpgsqlConnection connection, IReadOnlyList<string> departments, EpisodeFilter first, EpisodeFilter second)
    {
        async Task<IReadOnlyList<OutcomeTable.Published>> Table(EpisodeFilter f) =>
            OutcomeTable.Build(await OutcomeQuery.RunAsync(connection, f, f.ToMonth - f.FromMonth + 1), departments, byDepartment: true,
                byPeriod: false, periodCount: 1);
        var (a, b) = (await Table(first), await Table(second));
        _ = (HiddenReason.CanBeSaid(a), HiddenReason.CanBeSaid(b));
        foreach (var (x, y) in a.Zip(b))
        {
            _ = (OutcomeTable.ToRow(x, _ => "", null), OutcomeTable.ToRow(y, _ => "", null));
            if (!x.Hidden && !y.Hidden) Comparison.Differences(x.Totals, y.Totals);
        }
    }

    static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
