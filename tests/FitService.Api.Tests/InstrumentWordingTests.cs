using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests;

/// <summary>
/// The organisation's licensed item wording (ORS, SRS and their versions are copyrighted; the service ships neutral
/// labels): an admin sets it per instrument and language, staff and the client's link page read it. Each test uses
/// instruments the others leave alone, so the order of the tests does not matter.
/// </summary>
public class InstrumentWordingTests(FitServiceFactory factory) : ApiTest(factory)
{
    static Task<HttpResponseMessage> PutAsync(HttpClient http, string code, object body, string? key = null)
    {
        // A string is sent as it is: JSON that a serializer would not write (an escaped lone surrogate).
        HttpContent content = body is string json ? new StringContent(json, System.Text.Encoding.UTF8, "application/json") : JsonContent.Create(body);
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/instruments/{code}/wording") { Content = content };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return http.SendAsync(request);
    }

    async Task<long> ChangesAsync(string code)
    {
        await using var db = await Factory.OpenAsync();
        return await db.ExecuteScalarAsync<long>("select count(*) from instrument_wording_changes where instrument_code = @code", new { code });
    }

    [Fact]
    public async Task AnAdminSetsTheWordingAndStaffReadItWithTheInstrumentWhileOtherInstrumentsKeepTheirNeutralLabels()
    {
        var response = await PutAsync(Clinic.Admin, "ORS", new
        {
            language = "nb",
            items = new
            {
                individually = new { label = "  Test-ordlyd Individ  ", low = "Test-lav", high = "Test-høy" },
                overall = new { label = "Test-ordlyd Samlet" },
            },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var saved = (await Json(response))["languages"]!["nb"]!;
        Assert.Equal("test-admin-", (string)saved["changedBy"]!);
        Assert.Equal("Test-ordlyd Individ", (string)saved["items"]!["individually"]!["label"]!); // trimmed
        Assert.Null(saved["items"]!["overall"]!["low"]);

        var clinician = Factory.As("clinician", "X");
        var ors = await Json(await clinician.GetAsync("/api/v1/instruments/ORS"));
        var nb = ors["wording"]!["nb"]!.AsObject();
        Assert.Equal(["individually", "overall"], nb.Select(kv => kv.Key)); // the items' order, only those set
        Assert.Equal("Test-lav", (string)nb["individually"]!["low"]!);
        Assert.Equal("Test-høy", (string)nb["individually"]!["high"]!);
        Assert.Null(ors["wording"]!["en"]?["individually"]); // English keeps the neutral label
        Assert.Null(ors["wording"]!["nb"]!["individually"]!["changedBy"]); // who changed it is on the admin's endpoint only

        var list = await JsonArray(await clinician.GetAsync("/api/v1/instruments"));
        foreach (var other in new[] { "SRS", "CSRS", "CORS" })
            Assert.Empty(list.Single(i => (string)i!["code"]! == other)!["wording"]!.AsObject());
        Assert.Equal("Test-ordlyd Samlet", (string)list.Single(i => (string)i!["code"]! == "ORS")!["wording"]!["nb"]!["overall"]!["label"]!);

        var read = await Json(await clinician.GetAsync("/api/v1/instruments/ORS/wording"));
        Assert.Equal("test-admin-", (string)read["languages"]!["nb"]!["changedBy"]!);
        await using var db = await Factory.OpenAsync();
        var change = await db.QuerySingleAsync<(string ChangedBy, string Items)>(
            "select changed_by, items::text from instrument_wording_changes where instrument_code = 'ORS' order by id desc limit 1");
        Assert.Equal("test-admin-", change.ChangedBy);
        Assert.Contains("Test-ordlyd Individ", change.Items);
    }

    [Fact]
    public async Task AClinicianOrSupervisorCannotSetTheWordingAndNothingIsWritten()
    {
        foreach (var role in new[] { "clinician", "supervisor", "evaluator" })
        {
            var response = await PutAsync(Factory.As(role, "X"), "CORS", new { language = "nb", items = new { me = new { label = "Test-Meg" } } });
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Empty((await Json(await Clinic.Admin.GetAsync("/api/v1/instruments/CORS/wording")))["languages"]!.AsObject());
        Assert.Equal(0, await ChangesAsync("CORS"));
    }

    public static TheoryData<string, object> BadWording => new()
    {
        { "language", new { language = "de", items = new { } } },
        { "language", new { items = new { } } },
        { "items", new { language = "nb" } },
        { "items.nope", new { language = "nb", items = new { nope = new { label = "Test" } } } },
        { "items.overall", new { language = "nb", items = new { overall = (object?)null } } },
        { "items.overall.label", new { language = "nb", items = new { overall = new { label = "   " } } } },
        { "items.overall.label", new { language = "nb", items = new { overall = new { low = "Test-lav" } } } },
        { "items.overall.label", new { language = "nb", items = new { overall = new { label = new string('x', 201) } } } },
        { "items.overall.low", new { language = "en", items = new { overall = new { label = "Test", low = new string('x', 101) } } } },
        { "items.overall.label", new { language = "nb", items = new { overall = new { label = "Test\u0000null" } } } },
        { "items.overall.label", new { language = "nb", items = new { overall = new { label = "Test\nto linjer" } } } },
        { "items.overall.high", new { language = "nb", items = new { overall = new { label = "Test", high = "Test\u202Eevil" } } } },
        { "items.overall.high", """{"language": "nb", "items": {"overall": {"label": "Test", "high": "Test\ud800"}}}""" },
    };

    [Theory]
    [MemberData(nameof(BadWording))]
    public async Task BadWordingIsRefusedNamingTheFieldAndNothingIsHalfWritten(string field, object body)
    {
        // A valid wording first; a refused request that also carries a valid item must leave it exactly as it was.
        var valid = new { language = "nb", items = new { relationship = new { label = "Test-Relasjon" } } };
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(Clinic.Admin, "GSRS", valid)).StatusCode);
        var before = await ChangesAsync("GSRS");

        await AssertProblemAsync(await PutAsync(Clinic.Admin, "GSRS", body), HttpStatusCode.BadRequest, field);

        var wording = await Json(await Clinic.Admin.GetAsync("/api/v1/instruments/GSRS/wording"));
        Assert.Equal(["nb"], wording["languages"]!.AsObject().Select(kv => kv.Key));
        Assert.Equal(["relationship"], wording["languages"]!["nb"]!["items"]!.AsObject().Select(kv => kv.Key));
        Assert.Equal("Test-Relasjon", (string)wording["languages"]!["nb"]!["items"]!["relationship"]!["label"]!);
        Assert.Equal(before, await ChangesAsync("GSRS"));
    }

    [Fact]
    public async Task AnUnknownInstrumentIsNotFound()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Clinic.Admin.GetAsync("/api/v1/instruments/NOPE/wording")).StatusCode);
        var put = await PutAsync(Clinic.Admin, "NOPE", new { language = "nb", items = new { } });
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ClearingALanguageGoesBackToTheNeutralLabelsAndEveryChangeIsKept()
    {
        var key = Guid.NewGuid().ToString();
        var body = new { language = "en", items = new { howAmIDoing = new { label = "Test wording", low = "Test low", high = "Test high" } } };
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(Clinic.Admin, "YCORS", body, key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(Clinic.Admin, "YCORS", body, key)).StatusCode); // a retry: written once
        Assert.Equal(1, await ChangesAsync("YCORS"));

        Assert.Equal(HttpStatusCode.OK, (await PutAsync(Clinic.Admin, "YCORS", new { language = "en", items = new { } })).StatusCode);
        Assert.Empty((await Json(await Clinic.Admin.GetAsync("/api/v1/instruments/YCORS")))["wording"]!.AsObject());
        Assert.Equal(2, await ChangesAsync("YCORS"));
        await using var db = await Factory.OpenAsync();
        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.ExecuteAsync("delete from instrument_wording_changes"));
        Assert.Equal("42501", refused.SqlState); // the service's own role may not rewrite the history
    }

    [Fact]
    public async Task ThePhoneLinkPageGetsTheWordingOfItsInstrumentAndNothingElse()
    {
        var set = await PutAsync(Clinic.Admin, "ORS", new { language = "en", items = new { socially = new { label = "Test socially", low = "Test low" } } });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        await SessionAsync(http, episode, "2025-01-06", Ors(4.0m, 5.0m, 4.5m, 4.0m)); // the write path is unaffected

        var outcome = await Json(await http.PostAsJsonAsync($"/api/v1/episodes/{episode}/client-links", new { scale = "outcome" }));
        var anonymous = Factory.CreateClient();
        var page = await anonymous.GetAsync($"/api/v1/client-ratings/{outcome["code"]}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var text = await page.Content.ReadAsStringAsync();
        var wording = JsonNode.Parse(text)!["instrument"]!["wording"]!;
        Assert.Equal("Test socially", (string)wording["en"]!["socially"]!["label"]!);
        Assert.Equal("Test low", (string)wording["en"]!["socially"]!["low"]!);
        Assert.DoesNotContain("changedBy", text);
        Assert.DoesNotContain("test-admin", text);

        var alliance = await Json(await http.PostAsJsonAsync($"/api/v1/episodes/{episode}/client-links", new { scale = "alliance" }));
        var srs = JsonNode.Parse(await (await anonymous.GetAsync($"/api/v1/client-ratings/{alliance["code"]}")).Content.ReadAsStringAsync())!;
        Assert.Equal("SRS", (string)srs["instrument"]!["code"]!);
        Assert.Empty(srs["instrument"]!["wording"]!.AsObject());
    }
}
