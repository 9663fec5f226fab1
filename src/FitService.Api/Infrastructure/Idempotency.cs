using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace FitService.Api.Infrastructure;

/// <summary>
/// What a write produced: its status, its body, where the new resource lives, and the client-level data it
/// touched, which the writer logs in the access log (again, as "….replay", whenever the response is replayed).
/// </summary>
public sealed record Written(int Status, object Body, string? Location = null, Logged? Log = null);

/// <summary>An access-log entry for a write: the action and the client (and episode) it concerned.</summary>
public sealed record Logged(string Action, Guid ClientId, Guid? EpisodeId = null);

/// <summary>
/// Runs a write in one transaction. With an Idempotency-Key the key is claimed in that same transaction,
/// so a retry (even a concurrent one, which waits on the key's row) gets the first response and writes nothing.
/// </summary>
public sealed class IdempotentWriter(NpgsqlDataSource db, IOptions<JsonOptions> json)
{
    public const string Header = "Idempotency-Key";

    public async Task<IResult> RunAsync(HttpContext http, Actor actor, object request,
        Func<NpgsqlConnection, NpgsqlTransaction, Task<(IResult? Error, Written? Done)>> work, bool keyRequired = false)
    {
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0 && keyRequired)
            return Problems.Field(Header, "Mangler Idempotency-Key-header.", "The Idempotency-Key header is required.");
        if (key.Length > 200)
            return Problems.Field(Header, "Idempotency-Key er for lang (maks 200 tegn).", "Idempotency-Key is too long (max 200 characters).");

        var hash = Hash(http.Request.Method, http.Request.Path, request);
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        if (key.Length > 0)
        {
            const string claim = """
                insert into idempotency_keys (actor, key, request_hash) values (@Subject, @key, @hash)
                on conflict do nothing
                """;
            if (await connection.ExecuteAsync(claim, new { actor.Subject, key, hash }, transaction) == 0)
            {
                await transaction.RollbackAsync();
                return await ReplayAsync(connection, http, actor, key, hash);
            }
        }

        var (error, done) = await work(connection, transaction);
        if (error is not null || done is null)
        {
            await transaction.RollbackAsync();
            return error ?? Results.StatusCode(500);
        }
        var body = JsonSerializer.Serialize(done.Body, done.Body.GetType(), json.Value.SerializerOptions);
        if (done.Log is { } log)
            await AccessLog.WriteAsync(connection, transaction, http, actor, log.Action, log.ClientId, log.EpisodeId);
        if (key.Length > 0)
        {
            const string complete = """
                update idempotency_keys set status_code = @Status, response_body = @body, location = @Location,
                    log_action = @action, log_client_id = @clientId, log_episode_id = @episodeId
                where actor = @Subject and key = @key
                """;
            await connection.ExecuteAsync(complete, new
            {
                done.Status, body, done.Location, actor.Subject, key,
                action = done.Log?.Action, clientId = done.Log?.ClientId, episodeId = done.Log?.EpisodeId,
            }, transaction);
        }
        await transaction.CommitAsync();
        return Respond(http, done.Status, body, done.Location);
    }

    async Task<IResult> ReplayAsync(NpgsqlConnection connection, HttpContext http, Actor actor, string key, string hash)
    {
        const string sql = """
            select request_hash, status_code, response_body, location, log_action, log_client_id, log_episode_id
            from idempotency_keys where actor = @Subject and key = @key
            """;
        var stored = await connection.QuerySingleAsync<(string RequestHash, int StatusCode, string ResponseBody, string? Location,
            string? LogAction, Guid? LogClientId, Guid? LogEpisodeId)>(sql, new { actor.Subject, key });
        if (stored.RequestHash != hash)
            return Problems.Field(Header,
                "Denne Idempotency-Key er allerede brukt med en annen forespørsel.",
                "This Idempotency-Key was already used with a different request.",
                StatusCodes.Status422UnprocessableEntity);
        if (stored is { LogAction: { } action, LogClientId: { } clientId })
            await AccessLog.WriteAsync(connection, null, http, actor, action + ".replay", clientId, stored.LogEpisodeId);
        http.Response.Headers["Idempotent-Replayed"] = "true";
        return Respond(http, stored.StatusCode, stored.ResponseBody, stored.Location);
    }

    static IResult Respond(HttpContext http, int status, string body, string? location)
    {
        if (location is not null) http.Response.Headers.Location = location;
        return Results.Text(body, "application/json", Encoding.UTF8, status);
    }

    string Hash(string method, string path, object request)
    {
        var text = method + " " + path + "\n" + JsonSerializer.Serialize(request, request.GetType(), json.Value.SerializerOptions);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
