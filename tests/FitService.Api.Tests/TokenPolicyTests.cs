using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Dapper;
using FitService.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace FitService.Api.Tests;

/// <summary>
/// Every token needs a subject and exactly one known role; clock skew is 30 s; development tokens live at most
/// Auth:DevTokenMaxLifetime (12 h). A refused token gets 401 problem+json and reaches no handler.
/// </summary>
public class TokenPolicyTests(FitServiceFactory factory) : ApiTest(factory)
{
    const string Path = "/api/v1/departments";

    static Dictionary<string, object> Claims(string? sub = "Test-Person-1", object? role = null, string[]? departments = null)
    {
        var claims = new Dictionary<string, object> { ["role"] = role ?? "admin" };
        if (sub is not null) claims["sub"] = sub;
        if (departments is not null) claims["department"] = departments;
        return claims;
    }

    Task<HttpResponseMessage> GetWith(Dictionary<string, object> claims, TimeSpan? issuedAgo = null, TimeSpan? expiresIn = null, bool withIat = true)
    {
        var now = DateTime.UtcNow;
        var issued = now - (issuedAgo ?? TimeSpan.FromMinutes(1));
        var token = Factory.Token(claims, withIat ? issued : null, issued, now + (expiresIn ?? TimeSpan.FromMinutes(30)));
        return Factory.WithToken(token).GetAsync(Path);
    }

    static void AssertRefused(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AWellFormedTokenIsAccepted() =>
        Assert.Equal(HttpStatusCode.OK, (await GetWith(Claims())).StatusCode);

    [Fact]
    public async Task ATokenWithoutSubIsRefused() => AssertRefused(await GetWith(Claims(sub: null)));

    [Fact]
    public async Task ATokenWithAnEmptySubIsRefused() => AssertRefused(await GetWith(Claims(sub: "")));

    [Fact]
    public async Task ATokenWithoutSubCannotWrite()
    {
        var department = await Clinic.DepartmentAsync();
        var token = Factory.Token(Claims(sub: null, role: "clinician", departments: [department]),
            DateTime.UtcNow.AddMinutes(-1), null, DateTime.UtcNow.AddMinutes(30));
        var response = await Factory.WithToken(token).PostAsJsonAsync("/api/v1/clients",
            new { pseudonym = Clinic.Pseudonym(), birthYear = 1990, departmentCode = department });
        AssertRefused(response);
        await using var db = await Factory.OpenAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from clients where department_code = @department", new { department }));
    }

    [Fact]
    public async Task ATokenExpiredAMinuteAgoIsRefused() =>
        AssertRefused(await GetWith(Claims(), issuedAgo: TimeSpan.FromHours(1), expiresIn: TimeSpan.FromSeconds(-60)));

    [Fact]
    public async Task ATokenExpiredTenSecondsAgoIsAcceptedWithinTheThirtySecondSkew() =>
        Assert.Equal(HttpStatusCode.OK, (await GetWith(Claims(), issuedAgo: TimeSpan.FromHours(1), expiresIn: TimeSpan.FromSeconds(-10))).StatusCode);

    [Fact]
    public async Task ATokenWithTwoRolesIsRefused() => AssertRefused(await GetWith(Claims(role: new[] { "clinician", "admin" })));

    [Fact]
    public async Task ATokenWithTheSameRoleTwiceIsRefused() => AssertRefused(await GetWith(Claims(role: new[] { "admin", "admin" })));

    [Fact]
    public async Task ATokenWithAnUnknownRoleIsRefused() => AssertRefused(await GetWith(Claims(role: "superuser")));

    [Fact]
    public async Task ATokenWithoutRoleIsRefused() => AssertRefused(await GetWith(Claims(role: Array.Empty<string>())));

    [Fact]
    public async Task ATwoRoleTokenLeavesNoTraceInTheAccessLog()
    {
        var (http, department, episode) = await Clinic.AdultEpisodeAsync();
        var token = Factory.Token(Claims(sub: "Test-Two-Roles", role: new[] { "clinician", "supervisor" }, departments: [department]),
            DateTime.UtcNow.AddMinutes(-1), null, DateTime.UtcNow.AddMinutes(30));
        AssertRefused(await Factory.WithToken(token).GetAsync($"/api/v1/episodes/{episode}"));
        await using var db = await Factory.OpenAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("select count(*) from access_log where actor = 'Test-Two-Roles'"));
    }

    [Fact]
    public async Task ADevTokenOfExactlyTwelveHoursIsAccepted() =>
        Assert.Equal(HttpStatusCode.OK, (await GetWith(Claims(), issuedAgo: TimeSpan.Zero, expiresIn: TimeSpan.FromHours(12))).StatusCode);

    [Fact]
    public async Task ADevTokenLivingLongerThanTwelveHoursIsRefused() =>
        AssertRefused(await GetWith(Claims(), issuedAgo: TimeSpan.Zero, expiresIn: TimeSpan.FromHours(12) + TimeSpan.FromMinutes(1)));

    [Fact]
    public async Task ADevTokenWithoutIatIsRefused() => AssertRefused(await GetWith(Claims(), withIat: false));

    [Fact]
    public async Task ADevTokenIssuedInTheFutureIsRefused()
    {
        // Without nbf, only the iat rule stops a token "issued" later that would otherwise outlive the cap.
        var now = DateTime.UtcNow;
        var token = Factory.Token(Claims(), now.AddHours(2), null, now.AddHours(3));
        AssertRefused(await Factory.WithToken(token).GetAsync(Path));
    }

    [Fact]
    public async Task ADevTokenWhoseNotBeforeMakesItLongerThanTheCapIsRefused()
    {
        var now = DateTime.UtcNow;
        var token = Factory.Token(Claims(), now.AddMinutes(-1), now.AddHours(-13), now.AddMinutes(30));
        AssertRefused(await Factory.WithToken(token).GetAsync(Path));
    }

    [Fact]
    public async Task AClockSkewOverThirtySecondsStopsTheServiceAtStartUp()
    {
        await using var lax = new SettingsFactory(("Auth:ClockSkew", "00:01:00"));
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () => await lax.InitializeAsync());
        Assert.Contains("Auth:ClockSkew", Flatten(failure));
    }

    [Fact]
    public async Task DevTokenScriptRefusesALifetimeOverTheCapAndMakesTokensTheServiceAccepts()
    {
        var keyFile = System.IO.Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(keyFile, Factory.SigningKeyBase64);
            var (tooLong, _, error) = await DevTokenAsync(keyFile, "--role", "admin", "--ttl-minutes", "721");
            Assert.Equal(2, tooLong);
            Assert.Contains("Auth:DevTokenMaxLifetime", error);

            var (ok, token, _) = await DevTokenAsync(keyFile, "--role", "admin", "--ttl-minutes", "720");
            Assert.Equal(0, ok);
            Assert.Equal(HttpStatusCode.OK, (await Factory.WithToken(token.Trim()).GetAsync(Path)).StatusCode);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);

    static async Task<(int Exit, string Output, string Error)> DevTokenAsync(string keyFile, params string[] args)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(System.IO.Path.Combine(root, "scripts", "dev-token")))
            root = Directory.GetParent(root)?.FullName ?? throw new InvalidOperationException("scripts/dev-token not found above the test binaries.");
        var start = new ProcessStartInfo("bash", [System.IO.Path.Combine(root, "scripts", "dev-token"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["FITSERVICE_DEV_KEY_FILE"] = keyFile },
        };
        start.Environment.Remove("Auth__DevTokenMaxLifetime");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}

/// <summary>The service with a stricter token policy: 5 s clock skew and development tokens of at most one hour.</summary>
public sealed class StrictTokenPolicyFactory() : SettingsFactory(("Auth:ClockSkew", "00:00:05"), ("Auth:DevTokenMaxLifetime", "01:00:00"));

public class SettingsFactory(params (string Key, string Value)[] settings) : FitServiceFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }
}

public class TokenPolicySettingsTests(StrictTokenPolicyFactory factory) : IClassFixture<StrictTokenPolicyFactory>
{
    Task<HttpResponseMessage> GetWith(TimeSpan issuedAgo, TimeSpan expiresIn)
    {
        var now = DateTime.UtcNow;
        var token = factory.Token(new Dictionary<string, object> { ["sub"] = "Test-Person-2", ["role"] = "admin" },
            now - issuedAgo, now - issuedAgo, now + expiresIn);
        return factory.WithToken(token).GetAsync("/api/v1/departments");
    }

    [Fact]
    public async Task ASmallerClockSkewIsHonoured() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWith(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(-10))).StatusCode);

    [Fact]
    public async Task ASmallerLifetimeCapIsHonoured()
    {
        Assert.Equal(HttpStatusCode.OK, (await GetWith(TimeSpan.Zero, TimeSpan.FromMinutes(60))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWith(TimeSpan.Zero, TimeSpan.FromMinutes(61))).StatusCode);
    }
}
