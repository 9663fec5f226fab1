using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests.Reports;

/// <summary>Arranges report data through the API: batches of episodes with two sessions, and a three-department set.</summary>
public sealed class ReportData(Clinic clinic)
{
    /// <summary>
    /// Episodes started on the date, each with an intake and a later ORS total, then closed as planned a week after the
    /// last session (the change metrics use closed episodes) unless <paramref name="open"/>; returns the pseudonyms used.
    /// The first <paramref name="collateral"/> episodes also get a parent's rating at the first and the last session (20 and 26).
    /// </summary>
    public async Task<List<string>> EpisodesAsync(HttpClient http, string department, int count, string startedOn, decimal intake = 15m,
        decimal last = 24m, int sessions = 2, int birthYear = 1985, bool open = false, string endReason = "planned", int collateral = 0)
    {
        var pseudonyms = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var pseudonym = Pseudonym();
            var client = await Json(await http.PostAsJsonAsync("/api/v1/clients", new { pseudonym, birthYear, departmentCode = department }));
            var episode = await clinic.EpisodeAsync(http, client["id"]!.GetValue<Guid>(), department, startedOn);
            var date = DateOnly.Parse(startedOn);
            for (var s = 0; s < sessions; s++)
                await SessionAsync(http, episode, date.AddDays(7 * s).ToString("yyyy-MM-dd"), OrsTotal(s == 0 ? Intake(intake, i) : Last(last, i)),
                    Srs(9.5m, 9.5m, 9.0m, 9.2m));
            if (i < collateral)
            {
                await CollateralAsync(http, episode, 1, 20m);
                if (sessions > 1) await CollateralAsync(http, episode, sessions, 26m);
            }
            if (!open)
            {
                var closed = await http.PostAsJsonAsync($"/api/v1/episodes/{episode}/close",
                    new { endedOn = date.AddDays(7 * sessions).ToString("yyyy-MM-dd"), endReason });
                closed.EnsureSuccessStatusCode();
            }
            pseudonyms.Add(pseudonym);
        }
        return pseudonyms;
    }

    /// <summary>A parent's collateral rating of the episode's session with this ORS total.</summary>
    public static async Task CollateralAsync(HttpClient http, Guid episode, int sessionNumber, decimal total)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToNode(OrsTotal(total))!.AsObject(); // {items: {...}} with this total
        body["sessionNumber"] = sessionNumber;
        body["relation"] = "parent";
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/episodes/{episode}/collateral-ratings") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await http.SendAsync(request);
        if (response.StatusCode != System.Net.HttpStatusCode.Created)
            throw new InvalidOperationException($"collateral rating: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    // Episode i of a batch: intake + 0.5 for odd i, last + (i mod 3), so groups have spread.
    public static decimal Intake(decimal intake, int i) => intake + i % 2 * 0.5m;
    public static decimal Last(decimal last, int i) => last + i % 3;

    public async Task<(string A, string B, List<string> Pseudonyms)> TwoDepartmentsAsync(string year)
    {
        var a = await clinic.DepartmentAsync();
        var b = await clinic.DepartmentAsync();
        var httpA = clinic.Factory.As("clinician", a);
        var httpB = clinic.Factory.As("clinician", b);
        var names = new List<string>();
        names.AddRange(await EpisodesAsync(httpA, a, 7, $"{year}-01-13"));
        names.AddRange(await EpisodesAsync(httpA, a, 2, $"{year}-04-14"));          // the small cell
        names.AddRange(await EpisodesAsync(httpB, b, 6, $"{year}-02-10", intake: 18m, last: 20m));
        names.AddRange(await EpisodesAsync(httpB, b, 8, $"{year}-05-12"));
        // A third, larger department, so that not every cell is needed to hide the small one.
        var c = await clinic.DepartmentAsync();
        var httpC = clinic.Factory.As("clinician", c);
        names.AddRange(await EpisodesAsync(httpC, c, 9, $"{year}-03-03"));
        names.AddRange(await EpisodesAsync(httpC, c, 10, $"{year}-06-02"));
        return (a, b, names);
    }

    public static JsonObject Row(JsonObject report, string level, string? department, string? period) =>
        report["rows"]!.AsArray().Select(r => r!.AsObject()).Single(r =>
            (string?)r["level"] == level && (string?)r["department"] == department && (string?)r["period"] == period);

    public static long? Episodes(JsonObject row) => row["episodes"]?.GetValue<long>();
}
