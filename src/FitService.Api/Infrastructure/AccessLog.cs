using Dapper;
using Npgsql;

namespace FitService.Api.Infrastructure;

/// <summary>Appends to the client access log (Normen): who read or changed a client's data, when.</summary>
public static class AccessLog
{
    public static Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, HttpContext http,
        Actor actor, string action, Guid clientId, Guid? episodeId = null) =>
        WriteManyAsync(connection, transaction, http, actor, action, [(clientId, episodeId)]);

    /// <summary>One entry as a command for a caller's own batch, so a write and its log entry travel in one round trip.</summary>
    public static NpgsqlBatchCommand Entry(HttpContext http, Actor actor, string action, Guid clientId, Guid? episodeId)
    {
        const string sql = """
            insert into access_log (actor, role, action, client_id, episode_id, request_id) values ($1, $2, $3, $4, $5, $6)
            """;
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.Subject });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.Role });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = action });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = clientId });
        command.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = episodeId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = http.TraceIdentifier });
        return command;
    }

    /// <summary>
    /// One entry per (client, episode) shown, in one statement: a list view logs every client it shows. Each entry
    /// joins its client's hash chain under a lock on that client (migration 0041); taking the locks in one fixed
    /// order (the lock key's) keeps two lists that show the same clients in different orders from deadlocking.
    /// </summary>
    public static Task WriteManyAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, HttpContext http,
        Actor actor, string action, IReadOnlyList<(Guid ClientId, Guid? EpisodeId)> shown)
    {
        if (shown.Count == 0) return Task.CompletedTask;
        const string sql = """
            insert into access_log (actor, role, action, client_id, episode_id, request_id)
            select @Subject, @Role, @action, c, e, @requestId from unnest(@clients::uuid[], @episodes::uuid[]) as t(c, e)
            order by hashtext(c::text), c
            """;
        return connection.ExecuteAsync(sql, new
        {
            actor.Subject, actor.Role, action, requestId = http.TraceIdentifier,
            clients = shown.Select(s => s.ClientId).ToArray(),
            episodes = shown.Select(s => s.EpisodeId).ToArray(),
        }, transaction);
    }
}
