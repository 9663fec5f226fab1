using FitService.Api.Infrastructure;
using FitService.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FitService.Api.Tests;

/// <summary>
/// The service's connections prepare the statements they repeat (Max Auto Prepare 32 unless the connection string names
/// it), so PostgreSQL parses and plans each once per connection instead of on every request.
/// </summary>
public class PreparedStatementsTests(FitServiceFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task AStatementRepeatedOnAServiceConnectionIsPreparedInPostgreSql()
    {
        var db = Factory.Services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await db.OpenConnectionAsync();
        for (var i = 0; i < 6; i++)
        {
            await using var repeated = new NpgsqlCommand("select count(*) from departments where code = $1", connection)
            {
                Parameters = { new NpgsqlParameter { Value = "Test-none" } },
            };
            await repeated.ExecuteScalarAsync();
        }
        await using var prepared = new NpgsqlCommand(
            "select count(*) from pg_prepared_statements where statement like 'select count(*) from departments where code = $1%'", connection);

        Assert.Equal(1L, await prepared.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("Host=db;Database=fit", 32)]
    [InlineData("Host=db;Database=fit;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=fit;maxautoprepare=8", 8)]
    public void AConnectionStringThatNamesMaxAutoPrepareKeepsIt(string connectionString, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(Database.WithPreparedStatements(connectionString)).MaxAutoPrepare);
}
