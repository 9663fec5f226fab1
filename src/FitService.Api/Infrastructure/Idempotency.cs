using Npgsql;

namespace FitService.Api.Infrastructure;

/// <summary>
/// The transaction a write runs in. <see cref="IdempotencyFilter"/> opens it before the handler (claiming the
/// request's Idempotency-Key in it) and commits it, with the response, after the handler succeeded; on any
/// other answer it is rolled back. A handler asks for idempotency by taking this as a parameter.
/// </summary>
public sealed class IdempotentWrite
{
    NpgsqlConnection? connection;
    NpgsqlTransaction? transaction;
    HttpContext? http;
    Actor? actor;

    public NpgsqlConnection Connection => connection ?? throw NotOpened();
    public NpgsqlTransaction Transaction => transaction ?? throw NotOpened();

    /// <summary>The client-level data the response shows; a replay is checked against it and logged again.</summary>
    public Shown? Shows { get; private set; }

    /// <summary>
    /// Logs, in the write's transaction, that this write changed and shows a client's data in this department.
    /// Every write by a clinician or supervisor must say so: a replay is refused to whoever can no longer see it.
    /// </summary>
    public Task LogAsync(string action, string departmentCode, Guid clientId, Guid? episodeId = null)
    {
        Shows = new Shown(action, departmentCode, clientId, episodeId);
        return AccessLog.WriteAsync(Connection, Transaction, http!, actor!, action, clientId, episodeId);
    }

    /// <summary>
    /// The same as <see cref="LogAsync"/>, as a command for the handler's own batch, so the write and its log entry
    /// travel in one round trip (the session write).
    /// </summary>
    public NpgsqlBatchCommand Logged(string action, string departmentCode, Guid clientId, Guid? episodeId = null)
    {
        Shows = new Shown(action, departmentCode, clientId, episodeId);
        return AccessLog.Entry(http!, actor!, action, clientId, episodeId);
    }

    internal void Open(HttpContext http, Actor actor, NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        (this.http, this.actor, this.connection, this.transaction) = (http, actor, connection, transaction);

    static InvalidOperationException NotOpened() => new(
        "The write's transaction is opened by the idempotency filter: map the endpoint in a group with WithIdempotency().");
}

/// <summary>What a write's response shows: the access-log action, and the client's department, client and episode.</summary>
public sealed record Shown(string Action, string DepartmentCode, Guid ClientId, Guid? EpisodeId);

/// <summary>Marks an endpoint that runs through the idempotency filter, so it accepts an Idempotency-Key.</summary>
public sealed class IdempotencyKeyAccepted;

/// <summary>Marks an endpoint whose requests must carry an Idempotency-Key (recording a session).</summary>
public sealed class IdempotencyKeyRequired;
