using Dapper;
using Npgsql;

namespace FitService.Api.CollateralRatings;

/// <summary>
/// The collateral table's reads and writes for one rating. Collateral ratings have their own tables (migration 0110):
/// no statement here touches a session, the episode summary, the trajectory or an alert. Each write also brings the
/// outcomes report's collateral summary up to date in its transaction (episode_collateral, migration 0170), as a session
/// write keeps the episode summary the client figures read.
/// </summary>
public static class CollateralStore
{
    public sealed record EpisodeRow(Guid Id, Guid ClientId, string DepartmentCode, string OutcomeInstrument);

    /// <summary>What a write needs, in one round trip; the episode row is locked first, as a session write locks it.</summary>
    public sealed record Context(EpisodeRow Episode, DateOnly? SessionDate, (Guid Id, int Revision)? Existing, long InstrumentsVersion);

    public static async Task<Context?> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid episodeId, int sessionNumber,
        string relation)
    {
        const string sql = """
            select id, client_id, department_code, outcome_instrument from episodes where id = @episodeId for update;
            select held_on from sessions where episode_id = @episodeId and number = @sessionNumber;
            select id, revision from collateral_ratings
            where episode_id = @episodeId and session_number = @sessionNumber and relation = @relation;
            select version from instrument_catalogue;
            """;
        using var grid = await connection.QueryMultipleAsync(sql, new { episodeId, sessionNumber, relation }, transaction);
        var episode = await grid.ReadSingleOrDefaultAsync<EpisodeRow>();
        var date = await grid.ReadSingleOrDefaultAsync<DateOnly?>();
        var existing = (await grid.ReadAsync<(Guid Id, int Revision)>()).Cast<(Guid, int)?>().SingleOrDefault();
        var version = await grid.ReadSingleAsync<long>();
        return episode is null ? null : new Context(episode, date, existing, version);
    }

    /// <summary>A new rating with its first revision and item values in one statement, then the report's summary of its episode.</summary>
    public static Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid episodeId, int sessionNumber, string relation,
        string instrument, IReadOnlyDictionary<string, decimal> items, decimal total, string recordedBy)
    {
        const string sql = """
            with c as (
                insert into collateral_ratings (id, episode_id, session_number, relation, instrument_code, total)
                values (@id, @episodeId, @sessionNumber, @relation, @instrument, @total) returning id),
            r as (
                insert into collateral_rating_revisions (rating_id, revision, total, recorded_by)
                select id, 1, @total, @recordedBy from c returning id)
            insert into collateral_item_values (revision_id, item_key, value)
            select r.id, i.item_key, i.value from r, unnest(@keys::text[], @values::numeric[]) as i(item_key, value);
            select refresh_episode_collateral(@episodeId);
            """;
        return connection.ExecuteAsync(sql, new
        {
            id = Guid.CreateVersion7(), episodeId, sessionNumber, relation, instrument, total, recordedBy,
            keys = items.Keys.ToArray(), values = items.Values.ToArray(),
        }, transaction);
    }

    /// <summary>A correction: the rating takes the new values and the next revision; every earlier revision is kept. Then the
    /// report's summary of its episode.</summary>
    public static Task<int> CorrectAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid ratingId,
        IReadOnlyDictionary<string, decimal> items, decimal total, string recordedBy)
    {
        const string sql = """
            with c as (
                update collateral_ratings set revision = revision + 1, total = @total where id = @ratingId returning id, revision),
            r as (
                insert into collateral_rating_revisions (rating_id, revision, total, recorded_by)
                select id, revision, @total, @recordedBy from c returning id, revision),
            v as (
                insert into collateral_item_values (revision_id, item_key, value)
                select r.id, i.item_key, i.value from r, unnest(@keys::text[], @values::numeric[]) as i(item_key, value))
            select revision from r;
            select refresh_episode_collateral((select episode_id from collateral_ratings where id = @ratingId));
            """;
        return connection.ExecuteScalarAsync<int>(sql, new
        {
            ratingId, total, recordedBy, keys = items.Keys.ToArray(), values = items.Values.ToArray(),
        }, transaction);
    }
}
