using System.Net;
using System.Net.Http.Json;
using Dapper;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests;

/// <summary>
/// A stored response is replayed only to the subject that stored it, and only while that subject may still see
/// the department it shows; everyone else gets what a new request gets, and nothing is written twice.
/// </summary>
public class IdempotencyTests(FitServiceFactory factory) : ApiTest(factory)
{
    static readonly object Session = new { date = "2025-01-06", outcome = OrsTotal(20m) };

    HttpClient As(string subject, string role, params string[] departments) =>
        Factory.WithToken(Factory.Token(role, subject, departments));

    static string Subject() => "Test-Person-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task AReplayIsNotAnsweredToTheSameSubjectInAnotherDepartment()
    {
        var (a, b, subject) = (await Clinic.DepartmentAsync(), await Clinic.DepartmentAsync(), Subject());
        var inA = As(subject, "clinician", a);
        var episode = await Clinic.EpisodeAsync(inA, await Clinic.ClientAsync(inA, a), a);
        var first = await PostSessionAsync(inA, episode, Session, "cross-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var inB = As(subject, "clinician", b);
        var replay = await PostSessionAsync(inB, episode, Session, "cross-1");
        var fresh = await PostSessionAsync(inB, episode, Session, "cross-2");

        await AssertProblemAsync(replay, HttpStatusCode.NotFound, fresh);
        Assert.False(replay.Headers.Contains("Idempotent-Replayed"));
        Assert.DoesNotContain(episode.ToString(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(1, await SessionsAsync(episode));
        Assert.Equal(0, await ReplaysLoggedAsync(episode));
    }

    [Fact]
    public async Task AUserWhoMovedDepartmentGetsTheOtherDepartmentAnswer()
    {
        var (a, b, subject) = (await Clinic.DepartmentAsync(), await Clinic.DepartmentAsync(), Subject());
        var inBoth = As(subject, "clinician", a, b);
        var episode = await Clinic.EpisodeAsync(inBoth, await Clinic.ClientAsync(inBoth, a), a);
        Assert.Equal(HttpStatusCode.Created, (await PostSessionAsync(inBoth, episode, Session, "moved-1")).StatusCode);

        // Department a is taken out of the user's token: the stored response is about a, so it is not shown.
        var moved = As(subject, "clinician", b);
        var replay = await PostSessionAsync(moved, episode, Session, "moved-1");
        await AssertProblemAsync(replay, HttpStatusCode.NotFound, await PostSessionAsync(moved, episode, Session, "moved-2"));
        Assert.False(replay.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await SessionsAsync(episode));
        Assert.Equal(0, await ReplaysLoggedAsync(episode));
    }

    [Fact]
    public async Task AClientCreatedInOneDepartmentIsNotReplayedToAnother()
    {
        var (a, b, subject) = (await Clinic.DepartmentAsync(), await Clinic.DepartmentAsync(), Subject());
        var body = new { pseudonym = Pseudonym(), birthYear = 1990, departmentCode = a };
        Task<HttpResponseMessage> Create(HttpClient http) => http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/clients")
        {
            Content = JsonContent.Create(body),
            Headers = { { "Idempotency-Key", "client-cross" } },
        });
        Assert.Equal(HttpStatusCode.Created, (await Create(As(subject, "clinician", a))).StatusCode);

        // A new request from department b for department a is refused by name; so is the retry.
        var replay = await Create(As(subject, "clinician", b));
        await Clinic.AssertProblemAsync(replay, HttpStatusCode.Forbidden, "departmentCode");
        Assert.DoesNotContain(body.pseudonym, await replay.Content.ReadAsStringAsync());
        await using var db = await Factory.OpenAsync();
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("select count(*) from clients where pseudonym = @pseudonym", body));
    }

    [Fact]
    public async Task AnAcknowledgedAlertIsNotReplayedToASupervisorWhoMovedDepartment()
    {
        var (a, b, subject) = (await Clinic.DepartmentAsync(), await Clinic.DepartmentAsync(), Subject());
        var clinician = Factory.As("clinician", a);
        var episode = await Clinic.EpisodeAsync(clinician, await Clinic.ClientAsync(clinician, a), a);
        var recorded = await SessionAsync(clinician, episode, "2025-01-06", OrsTotal(20m), Srs(5m, 5m, 5m, 5m));
        var alert = (Guid)recorded["alerts"]![0]!["id"]!;
        Task<HttpResponseMessage> Acknowledge(HttpClient http) => http.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, $"/api/v1/alerts/{alert}/acknowledge")
            {
                Content = JsonContent.Create(new { note = "Drøftet i veiledning." }),
                Headers = { { "Idempotency-Key", "ack-once" } },
            });
        Assert.Equal(HttpStatusCode.OK, (await Acknowledge(As(subject, "supervisor", a, b))).StatusCode);

        var replay = await Acknowledge(As(subject, "supervisor", b));
        Assert.Equal(HttpStatusCode.NotFound, replay.StatusCode);
        Assert.Equal("application/problem+json", replay.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Drøftet", await replay.Content.ReadAsStringAsync());
        Assert.False(replay.Headers.Contains("Idempotent-Replayed"));
    }

    /// <summary>
    /// The filter sends the body it stored under the key instead of letting the typed result serialise it again: the
    /// bytes must be what Created&lt;SessionRecorded&gt; writes with the app's options (JsonSerializerDefaults.Web, camelCase
    /// enums, strict numbers, ASP.NET's relaxed escaping) and reflection metadata, with its content type and Location.
    /// </summary>
    [Fact]
    public async Task TheFirstResponseIsTheTypedResultsJsonByteForByte()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var first = await PostSessionAsync(http, episode, new { date = "2025-01-06", outcome = OrsTotal(20.4m) }, "bytes-1");
        var second = await PostSessionAsync(http, episode, new { date = "2025-01-13", outcome = OrsTotal(10m) }, "bytes-2");

        // ASP.NET's defaults (Web, with the relaxed escaping that writes "å" as it is) and the app's two settings.
        var options = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase) },
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
        };
        foreach (var response in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
            Assert.Equal($"/api/v1/episodes/{episode}", response.Headers.Location?.ToString());
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(body), response.Content.Headers.ContentLength);
            var recorded = System.Text.Json.JsonSerializer.Deserialize<FitService.Api.Sessions.SessionRecorded>(body, options);
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(recorded, options), body);
        }
        Assert.Contains("\"total\":20.4,", await first.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AReplayToTheSameUserReturnsTheFirstResponseAndIsLogged()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var first = await PostSessionAsync(http, episode, Session, "same-user");
        var second = await PostSessionAsync(http, episode, Session, "same-user");

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await SessionsAsync(episode));
        Assert.Equal(1, await ReplaysLoggedAsync(episode));
    }

    [Fact]
    public async Task TenConcurrentRetriesWriteOnce()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => PostSessionAsync(http, episode, Session, "ten-at-once")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(9, responses.Count(r => r.Headers.Contains("Idempotent-Replayed")));
        Assert.Single((await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()))).Distinct());
        Assert.Equal(1, await SessionsAsync(episode));
    }

    [Fact]
    public async Task AnotherSubjectWithTheSameKeyIsANewRequest()
    {
        var department = await Clinic.DepartmentAsync();
        var (first, second) = (As(Subject(), "clinician", department), As(Subject(), "clinician", department));
        var episode = await Clinic.EpisodeAsync(first, await Clinic.ClientAsync(first, department), department);

        Assert.Equal(HttpStatusCode.Created, (await PostSessionAsync(first, episode, Session, "shared-key")).StatusCode);
        var other = await PostSessionAsync(second, episode, new { date = "2025-01-13", outcome = OrsTotal(22m) }, "shared-key");

        // Keys belong to their subject: the second user's request is recorded as the second session.
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.False(other.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, (int)(await Json(other))["sessionNumber"]!);
        Assert.Equal(2, await SessionsAsync(episode));
    }

    [Fact]
    public async Task AKeyReusedOnAnotherRouteIsRefused()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        Assert.Equal(HttpStatusCode.Created, (await PostSessionAsync(http, episode, Session, "one-route")).StatusCode);
        var close = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/v1/episodes/{episode}/close")
        {
            Content = JsonContent.Create(new { endedOn = "2025-01-20", endReason = "planned" }),
            Headers = { { "Idempotency-Key", "one-route" } },
        });
        await Clinic.AssertProblemAsync(close, HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        await using var db = await Factory.OpenAsync();
        Assert.Null(await db.ExecuteScalarAsync<DateOnly?>("select ended_on from episodes where id = @episode", new { episode }));
    }

    // The session write claims its key together with the episode's reads; a taken key still decides before the body does.
    [Fact]
    public async Task AKeyReusedWithAnotherBodyIsRefusedEvenWhenThatBodyIsInvalid()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        Assert.Equal(HttpStatusCode.Created, (await PostSessionAsync(http, episode, Session, "other-body")).StatusCode);

        var invalid = await PostSessionAsync(http, episode, new { date = "not-a-date" }, "other-body");
        var valid = await PostSessionAsync(http, episode, new { date = "2025-01-13", outcome = OrsTotal(22m) }, "other-body");

        await Clinic.AssertProblemAsync(invalid, HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        await Clinic.AssertProblemAsync(valid, HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        Assert.Equal(1, await SessionsAsync(episode));
    }

    [Fact]
    public async Task ACorrectionWithTheKeyOfARecordedSessionIsRefusedAndChangesNothing()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        Assert.Equal(HttpStatusCode.Created, (await PostSessionAsync(http, episode, Session, "record-then-correct")).StatusCode);
        var correct = await http.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/v1/episodes/{episode}/sessions/1")
        {
            Content = JsonContent.Create(new { date = "2025-01-06", outcome = OrsTotal(30m) }),
            Headers = { { "Idempotency-Key", "record-then-correct" } },
        });

        await Clinic.AssertProblemAsync(correct, HttpStatusCode.UnprocessableEntity, "Idempotency-Key");
        await using var db = await Factory.OpenAsync();
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("select revision from sessions where episode_id = @episode and number = 1", new { episode }));
    }

    [Fact]
    public async Task AFailedWriteLeavesTheKeyFreeForARetry()
    {
        var (http, _, episode) = await Clinic.AdultEpisodeAsync();
        var refused = await PostSessionAsync(http, episode, new { date = "2024-12-31", outcome = OrsTotal(20m) }, "after-fix");
        await Clinic.AssertProblemAsync(refused, HttpStatusCode.BadRequest, "date");
        var fixedUp = await PostSessionAsync(http, episode, new { date = "2025-01-06", outcome = OrsTotal(20m) }, "after-fix");
        Assert.Equal(HttpStatusCode.Created, fixedUp.StatusCode);
        Assert.False(fixedUp.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task TheOpenApiDocumentDeclaresTheKeyWhereItIsAccepted()
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(await Factory.CreateClient().GetStringAsync("/openapi/v1.json"))!["paths"]!;
        System.Text.Json.Nodes.JsonNode? Key(string path, string method) =>
            document[path]![method]!["parameters"]?.AsArray().SingleOrDefault(p => (string?)p!["name"] == "Idempotency-Key");

        Assert.True((bool)Key("/api/v1/episodes/{id}/sessions", "post")!["required"]!);
        Assert.False((bool?)Key("/api/v1/clients", "post")!["required"] ?? false);
        Assert.NotNull(Key("/api/v1/alerts/{id}/acknowledge", "post"));
        Assert.Null(Key("/api/v1/clients/{id}", "get"));
        Assert.NotNull(document["/api/v1/episodes/{id}/sessions"]!["post"]!["responses"]!["422"]);
    }

    /// <summary>The retry got exactly the problem a new request from the same caller gets.</summary>
    static async Task AssertProblemAsync(HttpResponseMessage replay, HttpStatusCode status, HttpResponseMessage fresh)
    {
        Assert.Equal(status, fresh.StatusCode);
        Assert.Equal(status, replay.StatusCode);
        Assert.Equal("application/problem+json", replay.Content.Headers.ContentType?.MediaType);
        var (a, b) = (await Json(replay), await Json(fresh));
        Assert.Equal((string?)b["title"], (string?)a["title"]);
        Assert.Equal((string?)b["detail"], (string?)a["detail"]);
    }

    async Task<int> SessionsAsync(Guid episode)
    {
        await using var db = await Factory.OpenAsync();
        return await db.ExecuteScalarAsync<int>("select count(*) from sessions where episode_id = @episode", new { episode });
    }

    async Task<int> ReplaysLoggedAsync(Guid episode)
    {
        await using var db = await Factory.OpenAsync();
        return await db.ExecuteScalarAsync<int>(
            "select count(*) from access_log where episode_id = @episode and action = 'session.record.replay'", new { episode });
    }
}
