using System.Buffers;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace FitService.Api.Infrastructure;

public static class Idempotency
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>
    /// Every endpoint of the group whose handler takes an <see cref="IdempotentWrite"/> runs through
    /// <see cref="IdempotencyFilter"/>: after authorization, around the handler.
    /// </summary>
    public static TBuilder WithIdempotency<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault() is not { } handler || !IdempotencyFilter.Applies(handler)) return;
            endpoint.FilterFactories.Add(IdempotencyFilter.Create);
            endpoint.Metadata.Add(new IdempotencyKeyAccepted());
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status422UnprocessableEntity,
                typeof(HttpValidationProblemDetails), ["application/problem+json"]));
        });
        return builder;
    }

    /// <summary>
    /// The handler sends the key's claim with its first query (<see cref="IdempotentWrite.AddClaimTo"/>), saving a round
    /// trip; a taken key is then answered by the filter exactly as when the claim goes first.
    /// </summary>
    public static TBuilder ClaimsKeyInItsFirstQuery<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotencyKeyClaimedByHandler());

    /// <summary>Refuses requests to this endpoint that carry no Idempotency-Key (400).</summary>
    public static TBuilder RequireIdempotencyKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotencyKeyRequired());
}

/// <summary>
/// Runs a write in one transaction and, with an Idempotency-Key, claims the key in that same transaction, so a
/// retry (even a concurrent one, which waits on the key's row) gets the first response and writes nothing.
/// Keys belong to the token's subject; the stored response is bound to the method, the route and the request.
/// A stored response is replayed only to a caller who may still see the department it shows: anyone else gets
/// exactly what a new request would get from the handler (run, then rolled back), never the stored body.
/// </summary>
public sealed class IdempotencyFilter(NpgsqlDataSource db, IOptions<JsonOptions> json)
{
    sealed record StoredResponse(string RequestHash, int StatusCode, string ResponseBody, string? Location,
        string? DepartmentCode, string? LogAction, Guid? LogClientId, Guid? LogEpisodeId);

    public static bool Applies(MethodInfo handler) => handler.GetParameters().Any(p => p.ParameterType == typeof(IdempotentWrite));

    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var parameters = context.MethodInfo.GetParameters();
        var writeAt = Array.FindIndex(parameters, p => p.ParameterType == typeof(IdempotentWrite));
        if (writeAt < 0) return next;
        // What the request asks for: its route values and body, not the services and the caller bound beside them.
        var services = context.ApplicationServices.GetRequiredService<IServiceProviderIsService>();
        var requestAt = Enumerable.Range(0, parameters.Length).Where(i => parameters[i].ParameterType is var type
            && type != typeof(HttpContext) && type != typeof(CancellationToken) && type != typeof(Actor) && !services.IsService(type)).ToArray();
        var filter = context.ApplicationServices.GetRequiredService<IdempotencyFilter>();
        return invocation => filter.RunAsync(invocation, next, (IdempotentWrite)invocation.Arguments[writeAt]!,
            requestAt.Select(i => invocation.Arguments[i]).ToArray());
    }

    async ValueTask<object?> RunAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next,
        IdempotentWrite write, object?[] request)
    {
        var http = invocation.HttpContext;
        var actor = Actor.From(http.User);
        var key = http.Request.Headers[Idempotency.Header].ToString();
        if (key.Length == 0 && http.GetEndpoint()?.Metadata.GetMetadata<IdempotencyKeyRequired>() is not null)
            return Problems.Field(Idempotency.Header, "Mangler Idempotency-Key-header.", "The Idempotency-Key header is required.");
        if (key.Length > 200)
            return Problems.Field(Idempotency.Header, "Idempotency-Key er for lang (maks 200 tegn).", "Idempotency-Key is too long (max 200 characters).");

        var route = $"{http.Request.Method} {(http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText}";
        // A JSON string escape with a lone surrogate ("\ud800") binds, but is not text and cannot be hashed (or stored).
        if (TryHash(route, request) is not { } hash)
            return Problems.Field("body", "Forespørselen inneholder tekst som ikke er gyldig Unicode.",
                "The request holds text that is not valid Unicode (a lone surrogate).");
        if (key.Length > 0 && http.GetEndpoint()?.Metadata.GetMetadata<IdempotencyKeyClaimedByHandler>() is not null
            && await RunWithClaimInHandlerAsync(invocation, next, write, actor, key, hash, route) is { Finished: true } outcome)
            return outcome.Result;
        return await RunClaimFirstAsync(invocation, next, write, actor, key, hash, route);
    }

    /// <summary>
    /// The claim travels in the handler's first batch (one round trip fewer). Unfinished when the key turned out to be
    /// taken, or the handler refused before it claimed and the key is taken: the caller then answers exactly as for a
    /// claim made first (a replay, a refusal, or, if the other request rolled back meanwhile, a new write).
    /// </summary>
    async Task<(bool Finished, object? Result)> RunWithClaimInHandlerAsync(EndpointFilterInvocationContext invocation,
        EndpointFilterDelegate next, IdempotentWrite write, Actor actor, string key, string hash, string route)
    {
        var http = invocation.HttpContext;
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        write.Open(http, actor, connection, transaction);
        write.DeferClaim(actor.Subject, key, hash);

        var result = await next(invocation);
        var answer = Answer(result);
        var succeeded = answer is { Status: >= 200 and < 300 };
        switch (write.Claim)
        {
            case IdempotentWrite.ClaimState.Taken:
                return (false, null);
            case IdempotentWrite.ClaimState.Pending when !succeeded:
                // Refused before anything was read: the key decides first, as when it is claimed first.
                if (!await ClaimAsync(connection, transaction, actor, key, hash)) return (false, null);
                await transaction.RollbackAsync();
                return (true, result);
            case IdempotentWrite.ClaimState.Claimed when !succeeded:
                await transaction.RollbackAsync();
                return (true, result);
            case IdempotentWrite.ClaimState.Claimed:
                CheckShows(write, actor, route);
                var body = Serialize(answer!.Value);
                await CompleteAndCommitAsync(connection, transaction, actor, key, route, answer.Value, body, write.Shows);
                return (true, Reply(http, result, answer.Value, body));
            default:
                throw new InvalidOperationException($"{route} answered without sending and reading the Idempotency-Key's claim (IdempotentWrite.AddClaimTo).");
        }
    }

    async ValueTask<object?> RunClaimFirstAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next,
        IdempotentWrite write, Actor actor, string key, string hash, string route)
    {
        var http = invocation.HttpContext;
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        write.Open(http, actor, connection, transaction);

        if (key.Length > 0 && !await ClaimAsync(connection, transaction, actor, key, hash))
        {
            var stored = await StoredAsync(connection, transaction, actor, key);
            if (stored.RequestHash != hash)
                return Problems.Field(Idempotency.Header,
                    "Denne Idempotency-Key er allerede brukt med en annen forespørsel.",
                    "This Idempotency-Key was already used with a different request.",
                    StatusCodes.Status422UnprocessableEntity);
            if (stored.DepartmentCode is null || actor.CanSeeDepartment(stored.DepartmentCode))
                return await ReplayAsync(connection, transaction, http, actor, stored);
            // The caller cannot see what the stored response shows (another department, or moved away from it):
            // the handler's own checks answer, exactly as for a new request, and whatever it did is rolled back.
            var refused = await next(invocation);
            await transaction.RollbackAsync();
            if (Answer(refused) is { Status: >= 200 and < 300 })
                throw new InvalidOperationException($"{route} accepted a request for department {stored.DepartmentCode}, which the caller cannot see.");
            return refused;
        }

        var result = await next(invocation);
        if (Answer(result) is not { Status: >= 200 and < 300 } answer)
        {
            await transaction.RollbackAsync();
            return result;
        }
        CheckShows(write, actor, route);
        if (key.Length == 0)
        {
            await transaction.CommitAsync();
            return result;
        }
        var body = Serialize(answer);
        await CompleteAndCommitAsync(connection, transaction, actor, key, route, answer, body, write.Shows);
        return Reply(http, result, answer, body);
    }

    static void CheckShows(IdempotentWrite write, Actor actor, string route)
    {
        if (write.Shows is null && actor.Role is Roles.Clinician or Roles.Supervisor)
            throw new InvalidOperationException($"{route} wrote department data without saying which (IdempotentWrite.LogAsync).");
    }

    static async Task<bool> ClaimAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Actor actor, string key, string hash)
    {
        const string sql = """
            insert into idempotency_keys (actor, key, request_hash) values (@Subject, @key, @hash)
            on conflict do nothing
            """;
        return await connection.ExecuteAsync(sql, new { actor.Subject, key, hash }, transaction) == 1;
    }

    static Task<StoredResponse> StoredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Actor actor, string key)
    {
        const string sql = """
            select request_hash, status_code, response_body, location, department_code, log_action, log_client_id, log_episode_id
            from idempotency_keys where actor = @Subject and key = @key
            """;
        return connection.QuerySingleAsync<StoredResponse>(sql, new { actor.Subject, key }, transaction);
    }

    /// <summary>
    /// Stores the response under the key and commits, in one round trip: the COMMIT travels in the same batch, after the
    /// update (an error in the update skips it, and the transaction is rolled back when it is disposed).
    /// </summary>
    async Task CompleteAndCommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Actor actor, string key, string route,
        Answered answer, byte[] body, Shown? shows)
    {
        const string sql = """
            update idempotency_keys set status_code = $3, response_body = $4, location = $5, route = $6,
                department_code = $7, log_action = $8, log_client_id = $9, log_episode_id = $10
            where actor = $1 and key = $2
            """;
        var complete = new NpgsqlBatchCommand(sql);
        complete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor.Subject });
        complete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
        complete.Parameters.Add(new NpgsqlParameter<int> { TypedValue = answer.Status });
        // The body's UTF-8 bytes go to the text column as they are (Npgsql writes byte[] to text unchanged): no string between.
        complete.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = body, NpgsqlDbType = NpgsqlDbType.Text });
        complete.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = answer.Location });
        complete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = route });
        complete.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = shows?.DepartmentCode });
        complete.Parameters.Add(new NpgsqlParameter<string?> { TypedValue = shows?.Action });
        complete.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = shows?.ClientId });
        complete.Parameters.Add(new NpgsqlParameter<Guid?> { TypedValue = shows?.EpisodeId });
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(complete);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("commit"));
        await batch.ExecuteNonQueryAsync();
    }

    static async Task<IResult> ReplayAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, HttpContext http, Actor actor,
        StoredResponse stored)
    {
        // A replayed response shows the client's data again, so it is logged again.
        if (stored is { LogAction: { } action, LogClientId: { } clientId })
            await AccessLog.WriteAsync(connection, transaction, http, actor, action + ".replay", clientId, stored.LogEpisodeId);
        await transaction.CommitAsync();
        http.Response.Headers[Idempotency.ReplayedHeader] = "true";
        if (stored.Location is not null) http.Response.Headers.Location = stored.Location;
        return Results.Text(stored.ResponseBody, "application/json", Encoding.UTF8, stored.StatusCode);
    }

    /// <summary>A handler's answer: its status, body (with the type it declared) and location.</summary>
    readonly record struct Answered(int Status, object? Value, Type? Declared, string? Location);

    /// <summary>The status, body and location of a handler's (typed) result.</summary>
    static Answered? Answer(object? result)
    {
        while (result is INestedHttpResult nested) result = nested.Result;
        if (result is not IStatusCodeHttpResult { StatusCode: { } status }) return null;
        // Created<T> and Accepted<T> carry their location in a property of that name; no interface names it.
        var location = result.GetType().GetProperty("Location")?.GetValue(result) as string;
        return new Answered(status, (result as IValueHttpResult)?.Value, ValueType(result.GetType()), location);
    }

    /// <summary>The T of Ok&lt;T&gt;, Created&lt;T&gt; and Accepted&lt;T&gt;: the results that write their value as JSON with the app's options.</summary>
    static Type? ValueType(Type result) =>
        result.IsGenericType && result.GetGenericTypeDefinition() is var definition
        && (definition == typeof(Ok<>) || definition == typeof(Created<>) || definition == typeof(Accepted<>))
            ? result.GetGenericArguments()[0] : null;

    /// <summary>
    /// The answer as the body just stored under the key, so the response is serialised once, not once for the key and
    /// again for the wire: the same status, Location, content type (application/json; charset=utf-8) and bytes that
    /// Ok&lt;T&gt;, Created&lt;T&gt; and Accepted&lt;T&gt; write. Any other result is sent as the handler returned it.
    /// </summary>
    static object? Reply(HttpContext http, object? result, Answered answer, byte[] body)
    {
        if (answer is not { Declared: not null, Value: not null }) return result;
        if (answer.Location is not null) http.Response.Headers.Location = answer.Location;
        return new StoredJson(answer.Status, body);
    }

    /// <summary>
    /// A JSON body already serialised, sent with its length. (Not Results.Text: the built-in results create a logger on
    /// every execution, which Serilog's logger factory does not cache.)
    /// </summary>
    sealed class StoredJson(int status, byte[] body) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
    {
        public int? StatusCode => status;
        public string ContentType => "application/json; charset=utf-8";

        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = ContentType;
            http.Response.ContentLength = body.Length;
            return http.Response.Body.WriteAsync(body).AsTask();
        }
    }

    /// <summary>
    /// The body as the typed results write it: by the declared type when that is polymorphic, by the value's own type
    /// otherwise (ASP.NET's rule), with the app's JSON options.
    /// </summary>
    byte[] Serialize(Answered answer)
    {
        if (answer.Value is null) return "null"u8.ToArray();
        var options = json.Value.SerializerOptions;
        var info = answer.Declared is { } declared ? options.GetTypeInfo(declared) : null;
        if (info is null || (info.Type != answer.Value.GetType() && info.PolymorphismOptions is null))
            info = options.GetTypeInfo(answer.Value.GetType());
        return JsonSerializer.SerializeToUtf8Bytes(answer.Value, info);
    }

    string? TryHash(string route, object?[] request)
    {
        try { return Hash(route, request); }
        catch (JsonException e) when (e.InnerException is InvalidOperationException) { return null; }
    }

    /// <summary>
    /// SHA-256 of the route and the bound request values, one JSON text a line, in UTF-8: the same bytes as
    /// UTF8(route + "\n" + string.Join("\n", values)), written straight into one buffer without the strings between.
    /// </summary>
    string Hash(string route, object?[] request)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        var options = json.Value.SerializerOptions;
        using var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder });
        buffer.Write(Encoding.UTF8.GetBytes(route));
        foreach (var value in request)
        {
            buffer.Write("\n"u8);
            if (value is null) { buffer.Write("null"u8); continue; }
            writer.Reset(buffer);
            JsonSerializer.Serialize(writer, value, options.GetTypeInfo(value.GetType()));
            writer.Flush();
        }
        return Convert.ToHexString(SHA256.HashData(buffer.WrittenSpan));
    }
}
