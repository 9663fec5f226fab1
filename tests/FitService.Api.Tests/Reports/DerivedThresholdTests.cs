using System.Net;
using System.Net.Http.Json;
using Dapper;
using FitService.Api.Tests.Infrastructure;
using FitService.Statistics;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests.Reports;

/// <summary>
/// Thresholds derived from norms classify as their exact values do (the report's categories rest on them): the
/// reliable-change threshold is stored rounded up, the cutoff towards the functional side (JacobsonTruax.ForStorage).
/// </summary>
public class DerivedThresholdTests(FitServiceFactory factory) : ApiTest(factory)
{
    // s1 = 5.488, r = .80: threshold 1.96·√2·5.488·√.2 = 6.80299…; cutoff (6·15 + 5.488·28)/11.488 = 21.2103….
    static object Norms => new { clinicalMean = 15, clinicalSd = 5.488, functionalMean = 28, functionalSd = 6, reliability = 0.80 };

    static object Items(decimal total) => new { items = new { a = total / 2, b = total / 2 } };

    [Fact]
    public async Task AChangeJustBelowTheDerivedThresholdIsNotReliable()
    {
        var code = "DRV-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var created = await Clinic.Admin.PostAsJsonAsync("/api/v1/instruments", new
        {
            code, name = "Derived test instrument", kind = "outcome", higherIsBetter = true,
            items = new[] { new { key = "a", min = 0, max = 10 }, new { key = "b", min = 0, max = 10 } },
            norms = Norms,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var read = await Json(await Clinic.Admin.GetAsync($"/api/v1/instruments/{code}"));
        Assert.Equal(6.81m, (decimal)read["reliableChangeThreshold"]!);   // half-to-even gave 6.80
        Assert.Equal(21.22m, (decimal)read["clinicalCutoff"]!);

        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        var client = await Clinic.ClientAsync(http, department);
        var response = await http.PostAsJsonAsync("/api/v1/episodes",
            new { clientId = client, departmentCode = department, startedOn = "2025-01-06", outcomeInstrument = code });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var episode = (await Json(response))["id"]!.GetValue<Guid>();
        await SessionAsync(http, episode, "2025-01-06", Items(10m));

        var below = await SessionAsync(http, episode, "2025-01-13", Items(16.8m));    // +6.8 < 6.80299…
        Assert.Equal("unchanged", (string?)below["reliableChange"]);
        var above = await SessionAsync(http, episode, "2025-01-20", Items(17.0m));    // +7.0
        Assert.Equal("improved", (string?)above["reliableChange"]);
    }

    // Migration 0060 re-stores thresholds that earlier versions had rounded half-to-even. Its SQL must give what
    // the service computes: an instrument row as an earlier version stored it is corrected to ForStorage's values.
    [Fact]
    public async Task TheMigrationReStoresOldRoundedThresholdsAsTheServiceComputesThem()
    {
        var code = "OLD-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        await using var connection = await Factory.OpenAsync();
        await connection.ExecuteAsync("""
            insert into instruments (code, name, kind, higher_is_better, reliable_change_threshold,
                clinical_mean, clinical_sd, functional_mean, functional_sd, reliability)
            values (@code, 'Stored by an earlier version', 'outcome', false, 6.80, 15, 5.488, 28, 6, 0.80);
            insert into instrument_cutoffs (instrument_code, min_age, max_age, cutoff) values (@code, 0, 130, 21.21);
            """, new { code });

        var sql = await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "db", "migrations", "0060_derived_thresholds_rounded_conservatively.sql"));
        await connection.ExecuteAsync(sql);

        var expected = JacobsonTruax.ForStorage(JacobsonTruax.Derive(new Norms(15, 5.488, 28, 6, 0.80)), higherIsBetter: false);
        Assert.Equal(expected.ReliableChangeThreshold,
            await connection.ExecuteScalarAsync<decimal>("select reliable_change_threshold from instruments where code = @code", new { code }));
        Assert.Equal(expected.ClinicalCutoff,
            await connection.ExecuteScalarAsync<decimal>("select cutoff from instrument_cutoffs where instrument_code = @code", new { code }));
        Assert.Equal(6.81m, expected.ReliableChangeThreshold);
        Assert.Equal(21.21m, expected.ClinicalCutoff);
    }

    static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FitService.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("FitService.sln not found above the test binaries.");
    }
}
