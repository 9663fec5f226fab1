using Dapper;
using FitService.Api.Infrastructure;
using FitService.Api.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
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
