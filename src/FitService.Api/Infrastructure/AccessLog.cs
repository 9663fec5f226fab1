using Dapper;
using Npgsql;

namespace FitService.Api.Infrastructure;

/// <summary>Appends to the client access log (Normen): who read or changed a client's data, when.</summary>
public static class AccessLog
{
    public static Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, HttpContext http,
        Actor actor, string action, Guid clientId, Guid? episodeId = null) =>
        WriteAsync(connection, transaction, http.TraceIdentifier, actor, action, clientId, episodeId);

    public static Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string requestId,
        Actor actor, string action, Guid clientId, Guid? episodeId = null)
    {
        const string sql = """
            insert into access_log (actor, role, action, client_id, episode_id, request_id)
            values (@Subject, @Role, @action, @clientId, @episodeId, @requestId)
            """;
        return connection.ExecuteAsync(sql, new { actor.Subject, actor.Role, action, clientId, episodeId, requestId },
            transaction);
    }

    /// <summary>One entry per (client, episode) in a single insert: a list of many clients is one round trip.</summary>
    public static Task WriteManyAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, HttpContext http,
        Actor actor, string action, IReadOnlyCollection<(Guid ClientId, Guid? EpisodeId)> entries)
    {
        if (entries.Count == 0) return Task.CompletedTask;
        const string sql = """
            insert into access_log (actor, role, action, client_id, episode_id, request_id)
            select @Subject, @Role, @action, e.client_id, e.episode_id, @requestId
            from unnest(@clientIds, @episodeIds) as e(client_id, episode_id)
            """;
        return connection.ExecuteAsync(sql, new
        {
            actor.Subject, actor.Role, action, requestId = http.TraceIdentifier,
            clientIds = entries.Select(e => e.ClientId).ToArray(),
            episodeIds = entries.Select(e => e.EpisodeId).ToArray(),
        }, transaction);
    }
}
