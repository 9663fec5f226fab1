using Dapper;
using FitService.Api.Infrastructure;
using FitService.Api.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using System.Text.Json.Nodes;
using Npgsql;

namespace FitService.Api.Tests;

public class MigrationTests
{
    [Fact]
    public async Task MigrationsBuildTheSchemaFromAnEmptyDatabaseOnceAndAreJournaled()
    {
        var name = "fit_migr_" + Guid.NewGuid().ToString("N")[..10];
        await using var admin = new NpgsqlConnection(FitServiceFactory.AdminConnectionString);
        await admin.OpenAsync();
        await admin.ExecuteAsync($"create database {name}");
        try
        {
            var connectionString = new NpgsqlConnectionStringBuilder(FitServiceFactory.AdminConnectionString) { Database = name }.ConnectionString;
            Database.Migrate(connectionString, NullLogger.Instance);
            Database.Migrate(connectionString, NullLogger.Instance); // a second run applies nothing and fails nothing

            await using var db = new NpgsqlConnection(connectionString);
            await db.OpenAsync();
            var scripts = (await db.QueryAsync<string>("select scriptname from schemaversions order by scriptname")).ToList();
            var files = Directory.GetFiles(Path.Combine(RepoRoot(), "db", "migrations"), "*.sql").Select(Path.GetFileName).Order().ToList();
            Assert.Equal(files.Select(f => $"FitService.Api.Migrations.{f}"), scripts);

            var tables = (await db.QueryAsync<string>("select table_name from information_schema.tables where table_schema = 'public'")).ToHashSet();
            Assert.Superset(new HashSet<string> { "departments", "instruments", "instrument_items", "instrument_cutoffs", "clients", "episodes",
                "sessions", "session_revisions", "session_item_values", "alerts", "idempotency_keys", "access_log" }, tables);
            Assert.Equal(6, await db.ExecuteScalarAsync<int>("select count(*) from instruments where built_in"));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await admin.ExecuteAsync($"drop database if exists {name} with (force)");
        }
    }

    [Fact]
    public async Task AnUpgradedDatabaseChainsItsExistingEntriesAndGrantsLikeAFreshOne()
    {
        await using var fresh = new FitServiceFactory();
        await fresh.InitializeAsync();
        await using var upgraded = new FitServiceFactory();
        await upgraded.CreateDatabaseAsync();
        // The schema as it was before the roles and the chain, with entries of two clients written then.
        Database.Migrate(upgraded.OwnerConnectionString, NullLogger.Instance, name => string.CompareOrdinal(name, "FitService.Api.Migrations.0040") < 0);
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        await using (var old = await upgraded.OpenAsOwnerAsync())
        {
            await old.ExecuteAsync("""
                insert into access_log (at, actor, role, action, client_id) values
                    ('2026-03-02 09:00+01', 'test-clinician', 'clinician', 'client.create', @a),
                    ('2026-03-02 09:01+01', 'test-clinician', 'clinician', 'client.create', @b),
                    ('2026-03-02 09:02+01', 'test-clinician', 'clinician', 'client.read', @a),
                    ('2026-03-02 09:03+01', 'test-admin', 'admin', 'access-log.read', @a)
                """, new { a, b });
        }
        upgraded.StartServer(); // migrates the rest in the background
        await upgraded.WhenReadyAsync();

        var result = JsonNode.Parse(await new Clinic(upgraded).Admin.GetStringAsync("/api/v1/access-log/verify"))!;
        Assert.True((bool)result["intact"]!);
        Assert.Equal((4L, 2), ((long)result["entries"]!, (int)result["chains"]!));
        await using var db = await upgraded.OpenAsync();
        Assert.Equal([1L, 2L, 3L], await db.QueryAsync<long>("select client_seq from access_log where client_id = @a order by id", new { a }));
        Assert.Equal(await GrantsAsync(fresh), await GrantsAsync(upgraded));
    }

    /// <summary>The runtime group's privileges on every table and sequence, and the schema's default privileges.</summary>
    static async Task<List<string>> GrantsAsync(FitServiceFactory factory)
    {
        await using var db = await factory.OpenAsOwnerAsync();
        return (await db.QueryAsync<string>("""
            select c.relname || ':' || p.privilege_type
            from pg_class c join pg_namespace n on n.oid = c.relnamespace, aclexplode(c.relacl) p
            where n.nspname = 'public' and p.grantee = 'fitservice_runtime'::regrole
            union all
            select 'default:' || d.defaclobjtype::text || ':' || p.privilege_type from pg_default_acl d, aclexplode(d.defaclacl) p
            where p.grantee = 'fitservice_runtime'::regrole
            order by 1
            """)).ToList();
    }

    [Fact]
    public async Task TheDatabaseRefusesItemValuesOutsideTheScale()
    {
        await using var factory = new FitServiceFactory();
        await factory.InitializeAsync();
        await using var db = await factory.OpenAsync();
        var error = await Assert.ThrowsAsync<PostgresException>(() =>
            db.ExecuteAsync("insert into session_item_values (revision_id, scale, item_key, value) values (1, 'outcome', 'x', 100.1)"));
        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        var negative = await Assert.ThrowsAsync<PostgresException>(() =>
            db.ExecuteAsync("insert into session_item_values (revision_id, scale, item_key, value) values (1, 'outcome', 'x', -0.1)"));
        Assert.Equal(PostgresErrorCodes.CheckViolation, negative.SqlState);
    }

    static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FitService.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("FitService.sln not found above the test binaries.");
    }
}
