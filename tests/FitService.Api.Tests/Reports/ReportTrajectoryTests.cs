using System.Globalization;
using System.Text;
using FitService.Api.Tests.Infrastructure;
using FitService.Statistics;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests.Reports;

/// <summary>
/// The share on the expected trajectory from sessions recorded through the API (own database: the adult ORS calibration
/// of <see cref="TrajectoryBoundaryTests"/> is the only one, median at session 2 = intake + 5, bound = intake).
/// </summary>
public class ReportTrajectoryTests(FitServiceFactory factory) : ApiTest(factory)
{
    ReportData Data => new(Clinic);

    [Fact]
    public async Task TheShareIsGreenOverCalibratedChangeSampleEpisodesAndStatesItsDenominator()
    {
        await TrajectoryBoundaryTests.CalibratedDepartmentAsync(Factory, Clinic);
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        await Data.EpisodesAsync(http, department, 6, "2025-03-03", intake: 15m, last: 24m);     // green: at least intake + 5
        await Data.EpisodesAsync(http, department, 4, "2025-03-03", intake: 15m, last: 16m);     // orange: below expected, not below intake
        await Data.EpisodesAsync(http, department, 2, "2025-03-03", intake: 15m, last: 10m);     // red
        await Data.EpisodesAsync(http, department, 5, "2025-03-03", birthYear: 2010);            // adolescents: session rules, left out
        await Data.EpisodesAsync(http, department, 5, "2025-03-03", sessions: 1);                // grey, one score: left out

        var report = await Json(await Factory.As("evaluator").GetAsync(
            $"/api/v1/reports/outcomes?from=2025-03&to=2025-03&groupBy=department,month&departments={department}"));
        var row = ReportData.Row(report, "cell", department, "2025M03");

        Assert.Equal("2026-12.3", (string?)report["definitionsVersion"]);
        // 17 in the change sample, 12 of them evaluated (the adolescents' session rules left out), 6 green: each count
        // published within ±2, the share and its Wilson interval over the published counts.
        Assert.InRange((long)row["changeSample"]!, 15, 19);
        var evaluated = (long)row["trajectoryEvaluated"]!;
        Assert.InRange(evaluated, 10, 14);
        var share = row["onExpectedTrajectory"]!;
        var green = (int)Math.Round((double)share["value"]! * evaluated);
        Assert.InRange(green, 4, 8);
        var expected = Aggregates.Wilson(green, (int)evaluated);
        Assert.Equal(expected.Value, (double)share["value"]!, 1e-12);
        Assert.Equal(expected.CiLow, (double)share["ciLow"]!, 1e-12);
        Assert.Equal(expected.CiHigh, (double)share["ciHigh"]!, 1e-12);

        // The CSV carries it with a decimal comma, next to its denominator.
        var request = new HttpRequestMessage(HttpMethod.Get,
            $"/api/v1/reports/outcomes?from=2025-03&to=2025-03&groupBy=department,month&departments={department}&format=csv&lang=key");
        var lines = Encoding.UTF8.GetString((await (await Factory.As("evaluator").SendAsync(request)).Content.ReadAsByteArrayAsync())[3..])
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(';');
        var cells = lines.Single(l => l.Contains(";cell;" + department + ";", StringComparison.Ordinal)).Split(';');
        Assert.Equal(evaluated.ToString(CultureInfo.InvariantCulture), cells[Array.IndexOf(header, "trajectoryEvaluated")]);
        Assert.Equal((double)share["value"]!, double.Parse(cells[Array.IndexOf(header, "onExpectedTrajectory")].Replace(',', '.'), CultureInfo.InvariantCulture), 1e-9);
        Assert.StartsWith("0,", cells[Array.IndexOf(header, "onExpectedTrajectoryCiLow")], StringComparison.Ordinal);
    }
}
