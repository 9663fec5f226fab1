using Dapper;
using Npgsql;

namespace FitService.Api.ClientRatings;

/// <summary>The one-time links' table (migration 0100): made, given a new code on a retry, looked up and used once.</summary>
public static class ClientLinks
{
    public sealed record LinkRow(Guid Id, Guid EpisodeId, string Scale, int? SessionNumber, DateTime ExpiresAt, DateTime? UsedAt);

    /// <summary>A link as the anonymous endpoints see it, with the little they need of its episode.</summary>
    public sealed record OpenLink(Guid Id, Guid EpisodeId, Guid ClientId, string Scale, int? SessionNumber, DateTime ExpiresAt,
        int AgeAtStart, string OutcomeInstrument, string? AllianceInstrument, DateOnly? EndedOn);

    /// <summary>Stores a new link; false when this caller's Idempotency-Key already made one (a retry).</summary>
    public static async Task<bool> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, byte[] codeHash,
        Guid episodeId, string scale, int? sessionNumber, string createdBy, string? idempotencyKey, DateTimeOffset expiresAt)
    {
        const string sql = """
            insert into client_links (id, code_hash, episode_id, scale, session_number, created_by, idempotency_key, expires_at)
            values (@id, @codeHash, @episodeId, @scale, @sessionNumber, @createdBy, @idempotencyKey, @expiresAt)
            on conflict (created_by, idempotency_key) do nothing
            """;
        return await connection.ExecuteAsync(sql,
            new { id, codeHash, episodeId, scale, sessionNumber, createdBy, idempotencyKey, expiresAt = expiresAt.UtcDateTime }, transaction) == 1;
    }

    /// <summary>The link an earlier request with this key made, locked, so that concurrent retries take turns.</summary>
    public static Task<LinkRow> MadeWithKeyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string createdBy, string key)
    {
        const string sql = """
            select id, episode_id, scale, session_number, expires_at, used_at from client_links
            where created_by = @createdBy and idempotency_key = @key for update
            """;
        return connection.QuerySingleAsync<LinkRow>(sql, new { createdBy, key }, transaction);
    }

    /// <summary>A retry gets a fresh code for the same link: the one shown before stops working, and only a hash is kept.</summary>
    public static Task NewCodeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, byte[] codeHash) =>
        connection.ExecuteAsync("update client_links set code_hash = @codeHash where id = @id", new { id, codeHash }, transaction);

    const string OpenLinkColumns = """
        l.id, l.episode_id, e.client_id, l.scale, l.session_number, l.expires_at,
        e.age_at_start, e.outcome_instrument, e.alliance_instrument, e.ended_on
        """;

    /// <summary>The link with this code while it can still be used; null when used, expired or unknown (one lookup for all three).</summary>
    public static Task<OpenLink?> FindOpenAsync(NpgsqlConnection connection, byte[] codeHash, DateTimeOffset now)
    {
        const string sql = $"""
            select {OpenLinkColumns}
            from client_links l join episodes e on e.id = l.episode_id
            where l.code_hash = @codeHash and l.used_at is null and l.expires_at > @now
            """;
        return connection.QuerySingleOrDefaultAsync<OpenLink>(sql, new { codeHash, now = now.UtcDateTime });
    }

    /// <summary>
    /// Uses the link up, in the rating's transaction: of two concurrent requests with one code, the second waits on the
    /// row and then finds it used (null), so exactly one rating is recorded. A rolled-back rating leaves the link unused.
    /// </summary>
    public static Task<OpenLink?> UseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, byte[] codeHash, DateTimeOffset now)
    {
        const string sql = $"""
            with used as (
                update client_links set used_at = @now
                where code_hash = @codeHash and used_at is null and expires_at > @now
                returning *)
            select {OpenLinkColumns}
            from used l join episodes e on e.id = l.episode_id
            """;
        return connection.QuerySingleOrDefaultAsync<OpenLink>(sql, new { codeHash, now = now.UtcDateTime }, transaction);
    }
}
