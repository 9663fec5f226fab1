using System.Reflection;
using DbUp;
using Npgsql;

namespace FitService.Api.Infrastructure;

public static class Database
{
    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("FitService")
            ?? throw new InvalidOperationException("ConnectionStrings:FitService is not configured.");
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        return services;
    }

    /// <summary>Applies the embedded db/migrations/*.sql scripts in name order, journaled in schemaversions.</summary>
    public static void Migrate(string connectionString, ILogger logger)
    {
        var upgrader = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(Assembly.GetExecutingAssembly(), name => name.Contains(".Migrations.", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();
        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed.", result.Error);
        foreach (var script in result.Scripts)
            logger.LogInformation("Applied migration {Script}", script.Name);
    }

    public static WebApplication MigrateDatabase(this WebApplication app)
    {
        if (app.Configuration.GetValue("Database:Migrate", true))
            Migrate(app.Configuration.GetConnectionString("FitService")!, app.Logger);
        return app;
    }
}
