using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using FitService.Api.Health;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace FitService.Api.Tests.Infrastructure;

/// <summary>
/// The service on a fresh PostgreSQL database of its own (created from FITSERVICE_TEST_ADMIN_CONNECTION, which
/// scripts/test sets), with a generated signing key. Without PostgreSQL the tests fail; they never skip.
/// As in production, the database belongs to the schema owner, which migrates it; the service works as the
/// runtime login, a member of fitservice_runtime (docs/operations.md, "Database roles").
/// </summary>
public class FitServiceFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string OwnerRole = "fitservice_owner";
    public const string RuntimeLogin = "fitservice_app";

    readonly byte[] signingKey = RandomNumberGenerator.GetBytes(32);
    public string DatabaseName { get; } = "fit_test_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The service's own login: the runtime role.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>The schema owner's login, which applies the migrations.</summary>
    public string OwnerConnectionString { get; private set; } = "";

    /// <summary>Another cluster's superuser connection (the outage tests start and stop a cluster of their own).</summary>
    public string? ClusterAdminConnection { get; init; }

    string ClusterAdmin => ClusterAdminConnection ?? AdminConnectionString;

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("FITSERVICE_TEST_ADMIN_CONNECTION")
        ?? throw new InvalidOperationException(
            "FITSERVICE_TEST_ADMIN_CONNECTION is not set: run the tests through scripts/test, which starts PostgreSQL.");

    public async ValueTask InitializeAsync()
    {
        await CreateDatabaseAsync();
        StartServer(); // start the host (TestServer, or Kestrel when UseKestrel was called); it migrates in the background
        await WhenReadyAsync();
    }

    /// <summary>The roles (once per cluster, as scripts/test does) and this factory's database, owned by the owner.</summary>
    public async Task CreateDatabaseAsync()
    {
        await using (var admin = new NpgsqlConnection(ClusterAdmin))
        {
            await admin.OpenAsync();
            await EnsureRolesAsync(admin);
            await using var create = new NpgsqlCommand($"create database {DatabaseName} owner {OwnerRole}", admin);
            await create.ExecuteNonQueryAsync();
        }
        ConnectionString = Login(RuntimeLogin);
        OwnerConnectionString = Login(OwnerRole);
    }

    /// <summary>Waits until the schema is migrated, as a load balancer would wait for /health/ready.</summary>
    public Task WhenReadyAsync() => Services.GetRequiredService<Readiness>().WhenMigrated.WaitAsync(TimeSpan.FromSeconds(90));

    string Login(string role) =>
        new NpgsqlConnectionStringBuilder(ClusterAdmin) { Database = DatabaseName, Username = role, Password = null }.ConnectionString;

    static async Task EnsureRolesAsync(NpgsqlConnection admin)
    {
        const string sql = $$"""
            do $$
            begin
                if not exists (select 1 from pg_roles where rolname = '{{OwnerRole}}') then create role {{OwnerRole}} login; end if;
                if not exists (select 1 from pg_roles where rolname = 'fitservice_runtime') then create role fitservice_runtime nologin; end if;
                if not exists (select 1 from pg_roles where rolname = '{{RuntimeLogin}}') then
                    create role {{RuntimeLogin}} login in role fitservice_runtime;
                end if;
            exception when duplicate_object or unique_violation then null; -- another test class created them meanwhile
            end $$;
            """;
        await using var ensure = new NpgsqlCommand(sql, admin);
        await ensure.ExecuteNonQueryAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:FitService", ConnectionString);
        builder.UseSetting("ConnectionStrings:Migrations", OwnerConnectionString);
        builder.UseSetting("Database:RetryMaxDelay", "00:00:01");
        builder.UseSetting("Auth:DevSigningKey", Convert.ToBase64String(signingKey));
        builder.UseSetting("Demo:Seed", "false");
        // Tests recalibrate when they mean to; TrajectoryScheduleTests turns the schedule on.
        builder.UseSetting("Trajectories:RecalibrateEvery", "00:00:00");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(ClusterAdmin);
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

    /// <summary>A connection as the service's runtime login: what the service itself may do.</summary>
    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A connection as the schema owner, for the tests that show what even the owner cannot hide.</summary>
    public async Task<NpgsqlConnection> OpenAsOwnerAsync()
    {
        var connection = new NpgsqlConnection(OwnerConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
