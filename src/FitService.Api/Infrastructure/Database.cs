using System.Reflection;
using Dapper;
using DbUp;
using FitService.Api.Health;
using Npgsql;

namespace FitService.Api.Infrastructure;

/// <summary>
/// Two PostgreSQL logins: ConnectionStrings:FitService is the runtime role the service works as (a member of
/// fitservice_runtime: data on ordinary tables, only INSERT and SELECT on the access log);
/// ConnectionStrings:Migrations is the owner of the schema, used only to apply migrations.
/// </summary>
public static class Database
{
    const string MigrationPrefix = ".Migrations.";
    public const string MigrateOnlyArgument = "--migrate-only";

    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue("Database:Migrate", true) && configuration.GetConnectionString("Migrations") is null)
            throw new InvalidOperationException(
                "ConnectionStrings:Migrations (the schema owner) is not configured; set it, or Database:Migrate=false when a job migrates.");
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        // Resolved on first use, so a --migrate-only job needs only the owner's connection string.
        services.AddSingleton(_ => NpgsqlDataSource.Create(WithPreparedStatements(configuration.GetConnectionString("FitService")
            ?? throw new InvalidOperationException("ConnectionStrings:FitService (the runtime role) is not configured."))));
        services.AddSingleton<Readiness>();
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        return services;
    }

    /// <summary>The embedded db/migrations/*.sql scripts, as DbUp names them in the schemaversions journal.</summary>
    public static IReadOnlyList<string> ScriptNames { get; } = Assembly.GetExecutingAssembly().GetManifestResourceNames()
        .Where(n => n.Contains(MigrationPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The session write sends the same dozen statements on every request: unless the connection string says otherwise,
    /// Npgsql prepares the 32 most used per connection, so PostgreSQL parses and plans each once (docs/performance.md).
    /// </summary>
    internal static string WithPreparedStatements(string connectionString)
    {
        // NpgsqlConnectionStringBuilder.ContainsKey answers whether a keyword is known, not whether it is set: the plain
        // builder holds only what the string names.
        var named = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (named.ContainsKey("Max Auto Prepare") || named.ContainsKey("MaxAutoPrepare")) return connectionString;
        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 32 }.ConnectionString;
    }

    /// <summary>Applies the embedded db/migrations/*.sql scripts in name order, journaled in schemaversions.</summary>
    public static void Migrate(string connectionString, ILogger logger) => Migrate(connectionString, logger, _ => true);

    /// <summary>Applies the scripts whose name passes <paramref name="include"/> (tests build an older schema with it).</summary>
    internal static void Migrate(string connectionString, ILogger logger, Func<string, bool> include)
    {
        var upgrader = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.Contains(MigrationPrefix, StringComparison.Ordinal) && include(name))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();
        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name ?? "(connecting)"} failed.", result.Error);
        foreach (var script in result.Scripts)
            logger.LogInformation("Applied migration {Script}", script.Name);
    }

    /// <summary>The deploy job: migrate once as the owner, now; a failure is logged and the exit code is 1.</summary>
    public static void MigrateNow(this WebApplication app)
    {
        try
        {
            Migrate(app.Configuration.GetConnectionString("Migrations")
                ?? throw new InvalidOperationException("ConnectionStrings:Migrations (the schema owner) is not configured."), app.Logger);
        }
        catch (Exception e)
        {
            app.Logger.LogCritical(e, "Migration failed; nothing after the failing script was applied");
            Environment.ExitCode = 1;
        }
    }

    /// <summary>
    /// Migrates in the background once the host has started, retrying with backoff while PostgreSQL cannot be
    /// reached, then runs <paramref name="then"/> (the demo set) and marks the service ready. The service starts,
    /// and answers /health/live, with the database down. With Database:Migrate=false a separate job migrates
    /// (--migrate-only) and this only waits until the journal lists every script.
    /// </summary>
    public static WebApplication MigrateDatabase(this WebApplication app, Func<Task> then)
    {
        var readiness = app.Services.GetRequiredService<Readiness>();
        var stopping = app.Lifetime.ApplicationStopping;
        app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(() => MigrateUntilReadyAsync(app, readiness, then, stopping)));
        return app;
    }

    static async Task MigrateUntilReadyAsync(WebApplication app, Readiness readiness, Func<Task> then, CancellationToken stopping)
    {
        var maxDelay = app.Configuration.GetValue("Database:RetryMaxDelay", TimeSpan.FromSeconds(30));
        var delay = TimeSpan.FromSeconds(Math.Min(1, maxDelay.TotalSeconds));
        var migrate = app.Configuration.GetValue("Database:Migrate", true);
        var db = app.Services.GetRequiredService<NpgsqlDataSource>();
        for (var attempt = 1; !stopping.IsCancellationRequested; attempt++)
        {
            try
            {
                if (migrate) Migrate(app.Configuration.GetConnectionString("Migrations")!, app.Logger);
                else if (await MissingScriptsAsync(db) is { Count: > 0 } missing)
                    throw new SchemaNotReadyException($"{missing.Count} migrations not applied yet, first {missing[0]}");
                await WarnWhenOverPrivilegedAsync(db, app.Logger);
                await then();
                readiness.MarkMigrated();
                app.Logger.LogInformation("Database ready after {Attempts} attempt(s)", attempt);
                return;
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                var unreachable = e is SchemaNotReadyException || DatabaseUnavailable.IsUnreachable(e.InnerException ?? e) || DatabaseUnavailable.IsUnreachable(e);
                readiness.Waiting(unreachable ? "database unreachable or not migrated" : "migration or start-up step failed (see the service log)");
                if (unreachable) app.Logger.LogWarning("Database not ready (attempt {Attempt}), retrying in {Delay}: {Reason}", attempt, delay, e.Message);
                else app.Logger.LogError(e, "Migration or start-up step failed (attempt {Attempt}), retrying in {Delay}", attempt, delay);
            }
            try { await Task.Delay(delay, stopping); }
            catch (OperationCanceledException) { return; }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, maxDelay.Ticks));
        }
    }

    static async Task<List<string>> MissingScriptsAsync(NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        try
        {
            var applied = (await connection.QueryAsync<string>("select scriptname from schemaversions")).ToHashSet(StringComparer.Ordinal);
            return ScriptNames.Where(s => !applied.Contains(s)).ToList();
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InsufficientPrivilege)
        {
            return ScriptNames.ToList(); // no journal yet, or one from before 0040 granted the runtime role to read it
        }
    }

    /// <summary>The service's own login must not be able to rewrite the access log: say so loudly when it could.</summary>
    static async Task WarnWhenOverPrivilegedAsync(NpgsqlDataSource db, ILogger logger)
    {
        const string sql = """
            select current_user as login,
                   (select rolsuper from pg_roles where rolname = current_user) as superuser,
                   exists (select 1 from pg_tables where schemaname = 'public' and pg_has_role(current_user, tableowner, 'USAGE')) as owns_tables
            """;
        await using var connection = await db.OpenConnectionAsync();
        var role = await connection.QuerySingleAsync<(string Login, bool Superuser, bool OwnsTables)>(sql);
        if (role.Superuser || role.OwnsTables)
            logger.LogWarning("ConnectionStrings:FitService logs in as {Login}, a {What}: it could change the access log. "
                + "Use a member of fitservice_runtime (docs/operations.md, \"Database roles\").", role.Login, role.Superuser ? "superuser" : "table owner");
    }

    sealed class SchemaNotReadyException(string message) : Exception(message);
}
