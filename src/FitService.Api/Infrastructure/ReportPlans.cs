using Dapper;
using Npgsql;

namespace FitService.Api.Infrastructure;

/// <summary>
/// How the reports' aggregate queries run (docs/performance.md, "Reports"): each in its own short transaction that plans
/// it for its values and without JIT. The service prepares the statements it sends often (Database.WithPreparedStatements),
/// and after five runs PostgreSQL may plan a prepared one generically: not knowing the span of months, it guessed 2,500
/// episodes of a million and chose a serial index scan, 2.3 s instead of 0.7 s. Planning for the values costs about 2 ms
/// a query; JIT's compiling of the ~45 aggregates cost more than it saved (222 ms against a 0.6 s query).
/// The outcomes report (OutcomeQuery, which the comparison, the summary page and the goals report read through) and
/// its collateral section (CollateralTable) both run through here, so the settings are in one place. A query grouped by more
/// than department and period (OutcomeQuery groups by the episode's report class too) asks for a hash aggregate: the planner
/// expects ten times the few thousand groups there are and would sort a million rows for them (2.1 s against 1.2 s).
/// </summary>
public static class ReportPlans
{
    const string Settings = "set local plan_cache_mode = force_custom_plan; set local jit = off";
    const string HashAggregate = "; set local enable_sort = off";

    /// <summary>Runs one report query planned for its parameter values, without JIT; the settings end with its transaction.</summary>
    /// <param name="hashAggregate">Plan the grouping as a hash aggregate, never as a sort.</param>
    public static async Task<List<T>> QueryAsync<T>(NpgsqlConnection connection, string sql, object parameters, bool hashAggregate = false)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(hashAggregate ? Settings + HashAggregate : Settings, transaction: transaction);
        var rows = (await connection.QueryAsync<T>(sql, parameters, transaction)).ToList();
        await transaction.CommitAsync();
        return rows;
    }
}
