using Dapper;
using Npgsql;

namespace FitService.Api.Sessions;

/// <summary>Every stored version of one session, oldest first.</summary>
public static class SessionRevisions
{
    sealed record RevisionRow(long Id, int Revision, DateOnly HeldOn, decimal OutcomeTotal, decimal? AllianceTotal,
        string RecordedBy, DateTime RecordedAt, string RatedBy, string? AllianceRatedBy, string? AllianceMissingReason);

    public static async Task<IReadOnlyList<SessionRevision>> ListAsync(NpgsqlConnection connection, Guid episodeId, int number)
    {
        const string sql = """
            select r.id, r.revision, r.held_on, r.outcome_total, r.alliance_total, r.recorded_by, r.recorded_at,
                   r.rated_by, r.alliance_rated_by, r.alliance_missing_reason
            from sessions s join session_revisions r on r.session_id = s.id
            where s.episode_id = @episodeId and s.number = @number order by r.revision;
            select v.revision_id, v.scale, v.item_key, v.value
            from sessions s join session_revisions r on r.session_id = s.id join session_item_values v on v.revision_id = r.id
            where s.episode_id = @episodeId and s.number = @number;
            """;
        using var grid = await connection.QueryMultipleAsync(sql, new { episodeId, number });
        var revisions = (await grid.ReadAsync<RevisionRow>()).ToList();
        var values = (await grid.ReadAsync<(long RevisionId, string Scale, string ItemKey, decimal Value)>()).ToLookup(v => (v.RevisionId, v.Scale));
        return revisions.Select(r => new SessionRevision(r.Revision, r.HeldOn, r.OutcomeTotal, r.AllianceTotal,
            values[(r.Id, "outcome")].ToDictionary(v => v.ItemKey, v => v.Value),
            r.AllianceTotal is null ? null : values[(r.Id, "alliance")].ToDictionary(v => v.ItemKey, v => v.Value),
            r.RecordedBy, new DateTimeOffset(r.RecordedAt),
            r.RatedBy, r.AllianceTotal is null ? null : r.AllianceRatedBy ?? r.RatedBy, r.AllianceMissingReason)).ToList();
    }
}
