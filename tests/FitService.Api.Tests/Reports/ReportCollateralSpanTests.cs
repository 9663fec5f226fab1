using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests.Reports;

/// <summary>
/// The collateral section counts the collateral ratings of the report's episodes only (those that started in its span),
/// as the client figures do: ratings of the same department's episodes from another year are not in it.
/// </summary>
public class ReportCollateralSpanTests(FitServiceFactory factory) : ApiTest(factory)
{
    ReportData Data => new(Clinic);

    static async Task RateAsync(HttpClient http, Guid episode, int sessionNumber, decimal total)
    {
        var body = JsonSerializer.SerializeToNode(OrsTotal(total))!.AsObject();
        body["sessionNumber"] = sessionNumber;
        body["relation"] = "parent";
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/episodes/{episode}/collateral-ratings") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    async Task<HashSet<Guid>> EpisodesAsync(HttpClient http, string department) =>
        [.. (await Json(await http.GetAsync($"/api/v1/episodes?department={department}&status=all")))["items"]!.AsArray().Select(e => (Guid)e!["id"]!)];

    [Fact]
    public async Task CollateralRatingsOfEpisodesStartedOutsideTheSpanAreNotCounted()
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        await Data.EpisodesAsync(http, department, 6, "2006-05-08");
        var inSpan = await EpisodesAsync(http, department);
        foreach (var episode in inSpan)
        {
            await RateAsync(http, episode, 1, 20m);
            await RateAsync(http, episode, 2, 26m);
        }
        // The same department's episodes of an earlier year, rated far apart: counted in, they would make 12 episodes, first 30, last 13.
        await Data.EpisodesAsync(http, department, 6, "2002-05-06");
        var outside = (await EpisodesAsync(http, department)).Except(inSpan).ToList();
        Assert.Equal(6, outside.Count);
        foreach (var episode in outside)
        {
            await RateAsync(http, episode, 1, 40m);
            await RateAsync(http, episode, 2, 0m);
        }

        var response = await Factory.As("evaluator").GetAsync($"/api/v1/reports/outcomes?from=2006-01&to=2006-12&groupBy=department&departments={department}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = (await Json(response))["collateral"]!["rows"]!.AsArray().Select(r => r!.AsObject()).ToList();
        var row = Assert.Single(rows);
        Assert.Equal(department, (string?)row["department"]);
        Assert.False((bool)row["suppressed"]!);
        // Cell-key noise: the count within ±2 of 6 (12 if the other year counted), the means within 30/n = 5 points.
        Assert.InRange((long)row["episodes"]!, 4, 8);
        Assert.InRange((double)row["meanFirst"]!, 20.0 - 30.0 / 6, 20.0 + 30.0 / 6);
        Assert.InRange((double)row["meanLast"]!, 26.0 - 30.0 / 6, 26.0 + 30.0 / 6);

        // And that year's report counts that year's ratings only.
        var earlier = (await Json(await Factory.As("evaluator").GetAsync(
            $"/api/v1/reports/outcomes?from=2002-01&to=2002-12&groupBy=department&departments={department}")))["collateral"]!["rows"]!.AsArray();
        var earlierRow = Assert.Single(earlier)!.AsObject();
        Assert.InRange((long)earlierRow["episodes"]!, 4, 8);
        Assert.InRange((double)earlierRow["meanFirst"]!, 40.0 - 30.0 / 6, 40.0 + 30.0 / 6);
        Assert.InRange((double)earlierRow["meanLast"]!, 0.0 - 30.0 / 6, 0.0 + 30.0 / 6);
    }
}
