using System.Net;
using System.Net.Http.Json;
using Dapper;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests;

public class ClientsTests(FitServiceFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task AClinicianCreatesAndReadsAClientInTheirDepartment()
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        var pseudonym = Pseudonym();
        var created = await http.PostAsJsonAsync("/api/v1/clients", new { pseudonym, birthYear = 1988, departmentCode = department });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json(created))["id"]!.GetValue<Guid>();
        Assert.Equal($"/api/v1/clients/{id}", created.Headers.Location?.OriginalString);

        var read = await Json(await http.GetAsync($"/api/v1/clients/{id}"));
        Assert.Equal(pseudonym, (string?)read["pseudonym"]);
        Assert.Equal(1988, (int)read["birthYear"]!);
        Assert.Equal(department, (string?)read["departmentCode"]);
    }

    [Fact]
    public async Task AnotherDepartmentCannotSeeOrCreateTheClient()
    {
        var department = await Clinic.DepartmentAsync();
        var other = await Clinic.DepartmentAsync();
        var client = await Clinic.ClientAsync(Factory.As("clinician", department), department);
        foreach (var role in new[] { "clinician", "supervisor" })
        {
            var outsider = Factory.As(role, other);
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/clients/{client}")).StatusCode);
            var create = await outsider.PostAsJsonAsync("/api/v1/clients", new { pseudonym = Pseudonym(), birthYear = 1990, departmentCode = department });
            await AssertProblemAsync(create, HttpStatusCode.Forbidden, "departmentCode");
        }
    }

    [Theory]
    // Synthetic identity numbers (month + 80, Skatteetaten's test persons) with valid check digits.
    [InlineData("01819012365")]
    [InlineData("Klient 158570 45693")]
    [InlineData("Test 018190_12365")]
    [InlineData("Test-０１８１９０-１２３６５")]          // full-width digits
    [InlineData("٠١٨١٩٠١٢٣٦٥")]                        // Arabic-Indic digits
    public async Task APseudonymThatIsANationalIdentityNumberIsRefused(string pseudonym)
    {
        var department = await Clinic.DepartmentAsync();
        var response = await Factory.As("clinician", department).PostAsJsonAsync("/api/v1/clients",
            new { pseudonym, birthYear = 1990, departmentCode = department });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "pseudonym");
        await using var db = await Factory.OpenAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from clients where department_code = @department", new { department }));
    }

    [Theory]
    [InlineData("{\"pseudonym\":\"x\",\"birthYear\":1990}", "pseudonym")]
    [InlineData("{\"pseudonym\":\"Test-Hare-1\",\"birthYear\":1899}", "birthYear")]
    [InlineData("{\"pseudonym\":\"Test-Hare-1\",\"birthYear\":2999}", "birthYear")]
    [InlineData("{\"pseudonym\":\"Test-Hare-1\"}", "birthYear")]
    [InlineData("{\"pseudonym\":\"Test-Hare-1\",\"birthYear\":\"1990\"}", "birthYear")]
    [InlineData("{\"pseudonym\":\"<script>\",\"birthYear\":1990}", "pseudonym")]
    public async Task BadClientsAreRefusedByField(string json, string field)
    {
        var department = await Clinic.DepartmentAsync();
        var body = json.Insert(json.Length - 1, $",\"departmentCode\":\"{department}\"");
        var response = await Factory.As("clinician", department).PostAsync("/api/v1/clients",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task AnUnknownDepartmentIsRefused()
    {
        var response = await Factory.As("clinician", "NO-SUCH").PostAsJsonAsync("/api/v1/clients",
            new { pseudonym = Pseudonym(), birthYear = 1990, departmentCode = "NO-SUCH" });
        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "departmentCode");
    }

    [Fact]
    public async Task APseudonymIsUsedOnce()
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        var pseudonym = Pseudonym();
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/v1/clients", new { pseudonym, birthYear = 1990, departmentCode = department })).StatusCode);
        var again = await http.PostAsJsonAsync("/api/v1/clients", new { pseudonym = pseudonym.ToUpperInvariant(), birthYear = 1991, departmentCode = department });
        await AssertProblemAsync(again, HttpStatusCode.Conflict, "pseudonym");
    }

    [Fact]
    public async Task APseudonymTakenInAnotherDepartmentRevealsNothingAndIsAnotherClient()
    {
        var department = await Clinic.DepartmentAsync();
        var other = await Clinic.DepartmentAsync();
        var pseudonym = Pseudonym();
        var first = await Factory.As("clinician", department).PostAsJsonAsync("/api/v1/clients", new { pseudonym, birthYear = 1990, departmentCode = department });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var outsider = Factory.As("clinician", other);
        var second = await outsider.PostAsJsonAsync("/api/v1/clients", new { pseudonym = pseudonym.ToUpperInvariant(), birthYear = 1970, departmentCode = other });

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var secondId = (await Json(second))["id"]!.GetValue<Guid>();
        Assert.NotEqual((await Json(first))["id"]!.GetValue<Guid>(), secondId);
        var read = await Json(await outsider.GetAsync($"/api/v1/clients/{secondId}"));
        Assert.Equal((1970, other), ((int)read["birthYear"]!, (string)read["departmentCode"]!));
    }

    [Fact]
    public async Task ARetriedCreateWithTheSameKeyMakesOneClient()
    {
        var department = await Clinic.DepartmentAsync();
        var http = Factory.As("clinician", department);
        var body = new { pseudonym = Pseudonym(), birthYear = 1990, departmentCode = department };
        Task<HttpResponseMessage> Send() => http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/clients")
        {
            Content = JsonContent.Create(body),
            Headers = { { "Idempotency-Key", "client-once" } },
        });
        var first = await Send();
        var second = await Send();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var id = (await Json(first))["id"]!.GetValue<Guid>();
        Assert.Equal(id, (await Json(second))["id"]!.GetValue<Guid>());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());

        // The replay showed the client's data again, so it is in the access log too.
        var log = await JsonArray(await Clinic.Admin.GetAsync($"/api/v1/clients/{id}/access-log"));
        Assert.Equal(["client.create", "client.create.replay", "access-log.read"], log.Select(e => (string)e!["action"]!));
    }

    [Fact]
    public async Task TheAccessLogShowsWhoReadOrChangedTheClient()
    {
        var department = await Clinic.DepartmentAsync();
        var clinician = Factory.As("clinician", department);
        var supervisor = Factory.As("supervisor", department);
        var client = await Clinic.ClientAsync(clinician, department);
        var episode = await Clinic.EpisodeAsync(clinician, client, department);
        await SessionAsync(clinician, episode, "2025-01-06", OrsTotal(20m));
        await supervisor.GetAsync($"/api/v1/episodes/{episode}");
        await supervisor.GetAsync($"/api/v1/clients/{client}");

        var log = await JsonArray(await Clinic.Admin.GetAsync($"/api/v1/clients/{client}/access-log"));
        var entries = log.Select(e => ((string)e!["actor"]!, (string)e["action"]!)).ToList();
        Assert.Equal(
        [
            ($"test-clinician-{department}", "client.create"),
            ($"test-clinician-{department}", "episode.create"),
            ($"test-clinician-{department}", "session.record"),
            ($"test-supervisor-{department}", "episode.read"),
            ($"test-supervisor-{department}", "client.read"),
            ("test-admin-", "access-log.read"),
        ], entries);
        Assert.All(log, e => Assert.False(string.IsNullOrEmpty((string?)e!["requestId"])));
    }

    [Fact]
    public async Task TheDatabaseRefusesToChangeOrDeleteTheAccessLog()
    {
        var department = await Clinic.DepartmentAsync();
        var client = await Clinic.ClientAsync(Factory.As("clinician", department), department);
        await using var db = await Factory.OpenAsOwnerAsync(); // the owner meets the triggers; the service's login lacks the privileges
        foreach (var sql in new[]
        {
            "update access_log set actor = 'someone-else' where client_id = @client",
            "delete from access_log where client_id = @client",
            "truncate access_log",
        })
        {
            var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.ExecuteAsync(sql, new { client }));
            Assert.Contains("append-only", error.MessageText);
        }
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("select count(*) from access_log where client_id = @client", new { client }));
    }
}
