using System.Net;
using System.Net.Http.Json;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests.Goals;

/// <summary>Department goals: who sets and reads them, what a goal may say, and at most two per half-year.</summary>
public class GoalsTests(FitServiceFactory factory) : ApiTest(factory)
{
    static object Goal(string metric = "reliablyImproved", decimal target = 0.5m, string direction = "atLeast", string halfYear = "2026H1",
        string description = "Vi spør om klientens mål i hver time. / We ask about the client's goals every session.") =>
        new { halfYear, metric, target, direction, description };

    [Fact]
    public async Task AnAdminSetsAGoalAndEveryoneSignedInReadsIt()
    {
        var department = await Clinic.DepartmentAsync();
        var created = await Clinic.Admin.PostAsJsonAsync($"/api/v1/departments/{department}/goals", Goal(target: 0.55m));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var goal = await Json(created);
        Assert.Equal(department, (string?)goal["department"]);
        Assert.Equal("2026H1", (string?)goal["halfYear"]);
        Assert.Equal(0.55m, (decimal)goal["target"]!);
        Assert.Equal($"/api/v1/departments/{department}/goals/{(long)goal["id"]!}", created.Headers.Location?.OriginalString);

        foreach (var reader in new[] { Factory.As("clinician", department), Factory.As("evaluator"), Factory.As("supervisor", "OTHER") })
        {
            var list = await JsonArray(await reader.GetAsync($"/api/v1/departments/{department}/goals?halfYear=2026H1"));
            var only = Assert.Single(list);
            Assert.Equal("reliablyImproved", (string?)only!["metric"]);
            Assert.Equal("atLeast", (string?)only["direction"]);
        }
        Assert.Empty(await JsonArray(await Factory.As("evaluator").GetAsync($"/api/v1/departments/{department}/goals?halfYear=2026H2")));
    }

    [Theory]
    [InlineData("evaluator")]
    [InlineData("clinician")]
    [InlineData("supervisor")]
    public async Task OnlyAnAdminSetsOrRemovesGoals(string role)
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As(role, department);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsJsonAsync($"/api/v1/departments/{department}/goals", Goal())).StatusCode);
        var goal = await Json(await Clinic.Admin.PostAsJsonAsync($"/api/v1/departments/{department}/goals", Goal()));
        Assert.Equal(HttpStatusCode.Forbidden, (await http.DeleteAsync($"/api/v1/departments/{department}/goals/{(long)goal["id"]!}")).StatusCode);
        Assert.Single(await JsonArray(await http.GetAsync($"/api/v1/departments/{department}/goals")));
    }

    [Theory]
    [InlineData("metric", "meanChange", 0.5, "atLeast", "2026H1")]        // a report field, but not a share a goal can be set on
    [InlineData("metric", "reliablyimproved", 0.5, "atLeast", "2026H1")]
    [InlineData("target", "dropout", 1.5, "atMost", "2026H1")]
    [InlineData("target", "dropout", -0.1, "atMost", "2026H1")]
    [InlineData("direction", "dropout", 0.15, "below", "2026H1")]
    [InlineData("halfYear", "dropout", 0.15, "atMost", "2026H3")]
    [InlineData("halfYear", "dropout", 0.15, "atMost", "2026-H1")]
    public async Task ABadGoalIsRefusedNamingTheFieldAndNothingIsStored(string field, string metric, decimal target, string direction, string halfYear)
    {
        var department = await Clinic.DepartmentAsync();
        var response = await Clinic.Admin.PostAsJsonAsync($"/api/v1/departments/{department}/goals",
            Goal(metric: metric, target: target, direction: direction, halfYear: halfYear));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await Json(response))["errors"]!.AsObject();
        Assert.Equal([field], errors.Select(e => e.Key));
        Assert.Empty(await JsonArray(await Clinic.Admin.GetAsync($"/api/v1/departments/{department}/goals")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Klient 01019012345 sluttet")]                     // a long run of digits: refused, as it could be an identity number
    [InlineData("Tekst med \u0007 kontrolltegn")]
    public async Task TheDescriptionIsPlainShortTextAboutTheWork(string description)
    {
        var department = await Clinic.DepartmentAsync();
        var response = await Clinic.Admin.PostAsJsonAsync($"/api/v1/departments/{department}/goals", Goal(description: description));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response))["errors"]!.AsObject().ContainsKey("description"));

        var tooLong = await Clinic.Admin.PostAsJsonAsync($"/api/v1/departments/{department}/goals", Goal(description: new string('a', 501)));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    [Theory]
    [InlineData("Vi spør om målene \u202Ehver time\u202C.")]   // a right-to-left override: the text would read reordered
    [InlineData("Vi spør om målene\u2066 hver time.")]          // a left-to-right isolate
    public async Task ADescriptionWithABidiControlIsRefusedByItsFieldAndNothingIsStored(string description)
    {
        var department = await Clinic.DepartmentAsync();
        var response = await Clinic.Admin.PostAsJsonAsync($"/api/v1/departments/{department}/goals", Goal(description: description));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["description"], (await Json(response))["errors"]!.AsObject().Select(e => e.Key));
        Assert.Empty(await JsonArray(await Clinic.Admin.GetAsync($"/api/v1/departments/{department}/goals")));
    }

    [Fact]
    public async Task ADescriptionMayHaveLineBreaks()
    {
        var department = await Clinic.DepartmentAsync();
        var response = await Clinic.Admin.PostAsJsonAsync($"/api/v1/departments/{department}/goals",
            Goal(description: "Vi spør om målene i hver time.\r\nVi følger opp i teamet."));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task AThirdGoalInAHalfYearIsAConflictAndNothingIsStored()
    {
        var department = await Clinic.DepartmentAsync();
        var url = $"/api/v1/departments/{department}/goals";
        Assert.Equal(HttpStatusCode.Created, (await Clinic.Admin.PostAsJsonAsync(url, Goal("reliablyImproved"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Clinic.Admin.PostAsJsonAsync(url, Goal("dropout", 0.15m, "atMost"))).StatusCode);

        var third = await Clinic.Admin.PostAsJsonAsync(url, Goal("completeness", 0.9m));
        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Equal("halfYear", (string?)(await Json(third))["field"]);
        var sameMetric = await Clinic.Admin.PostAsJsonAsync(url, Goal("dropout", 0.10m, "atMost", halfYear: "2026H1"));
        Assert.Equal(HttpStatusCode.Conflict, sameMetric.StatusCode);
        Assert.Equal("metric", (string?)(await Json(sameMetric))["field"]);
        Assert.Equal(2, (await JsonArray(await Clinic.Admin.GetAsync(url))).Count);

        // Another half-year has its own two.
        Assert.Equal(HttpStatusCode.Created, (await Clinic.Admin.PostAsJsonAsync(url, Goal("completeness", 0.9m, halfYear: "2026H2"))).StatusCode);
    }

    [Fact]
    public async Task ARemovedGoalMakesRoomAndAnUnknownDepartmentOrGoalIsNotFound()
    {
        var department = await Clinic.DepartmentAsync();
        var url = $"/api/v1/departments/{department}/goals";
        var first = await Json(await Clinic.Admin.PostAsJsonAsync(url, Goal("reliablyImproved")));
        await Clinic.Admin.PostAsJsonAsync(url, Goal("dropout", 0.15m, "atMost"));

        Assert.Equal(HttpStatusCode.NoContent, (await Clinic.Admin.DeleteAsync($"{url}/{(long)first["id"]!}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Clinic.Admin.DeleteAsync($"{url}/{(long)first["id"]!}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Clinic.Admin.PostAsJsonAsync(url, Goal("completeness", 0.9m))).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await Clinic.Admin.PostAsJsonAsync("/api/v1/departments/NO-SUCH/goals", Goal())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Factory.As("evaluator").GetAsync("/api/v1/departments/NO-SUCH/goals")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Factory.As("evaluator").GetAsync($"{url}?halfYear=2026")).StatusCode);
    }
}
