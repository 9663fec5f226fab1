using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace FitService.Api.Tests.Infrastructure;

/// <summary>
/// The service on a fresh PostgreSQL database of its own (created from FITSERVICE_TEST_ADMIN_CONNECTION, which
/// scripts/test sets), with a generated signing key. Without PostgreSQL the tests fail; they never skip.
/// </summary>
public class FitServiceFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    readonly byte[] signingKey = RandomNumberGenerator.GetBytes(32);
    public string DatabaseName { get; } = "fit_test_" + Guid.NewGuid().ToString("N")[..12];
    public string ConnectionString { get; private set; } = "";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("FITSERVICE_TEST_ADMIN_CONNECTION")
        ?? throw new InvalidOperationException(
            "FITSERVICE_TEST_ADMIN_CONNECTION is not set: run the tests through scripts/test, which starts PostgreSQL.");

    public async ValueTask InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {DatabaseName}", admin);
            await create.ExecuteNonQueryAsync();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = DatabaseName }.ConnectionString;
        StartServer(); // start the host (TestServer, or Kestrel when UseKestrel was called): applies the migrations
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:FitService", ConnectionString);
        builder.UseSetting("Auth:DevSigningKey", Convert.ToBase64String(signingKey));
        builder.UseSetting("Demo:Seed", "false");
        // Tests recalibrate when they mean to; TrajectoryScheduleTests turns the schedule on.
        builder.UseSetting("Trajectories:RecalibrateEvery", "00:00:00");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {DatabaseName} with (force)", admin);
        await drop.ExecuteNonQueryAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>A token the service accepts, as scripts/dev-token makes it.</summary>
    public string Token(string role, params string[] departments) => Token(role, $"test-{role}-{string.Join('-', departments)}", departments);

    public string Token(string role, string subject, string[] departments)
    {
        var claims = new List<Claim> { new("sub", subject), new("role", role) };
        claims.AddRange(departments.Select(d => new Claim("department", d)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "fitservice-dev",
            Audience = "fitservice",
            Subject = new ClaimsIdentity(claims),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(signingKey), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The development signing key as scripts/dev-token reads it from its key file (base64).</summary>
    public string SigningKeyBase64 => Convert.ToBase64String(signingKey);

    /// <summary>
    /// A token with exactly these claims and times, signed as the development key signs: a null time is left out
    /// of the token (no defaults), for the token-policy tests.
    /// </summary>
    public string Token(IReadOnlyDictionary<string, object> claims, DateTime? issuedAt, DateTime? notBefore, DateTime expires) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "fitservice-dev",
            Audience = "fitservice",
            Claims = claims.ToDictionary(c => c.Key, c => c.Value),
            IssuedAt = issuedAt,
            NotBefore = notBefore,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(signingKey), SecurityAlgorithms.HmacSha256),
        });

    /// <summary>A client that sends this bearer token.</summary>
    public HttpClient WithToken(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient As(string role, params string[] departments)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, departments));
        return client;
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
