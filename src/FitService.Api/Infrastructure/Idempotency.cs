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

    /// <summary>
    /// Puts the request's claim on its Idempotency-Key first into the handler's first batch, when the endpoint lets its
    /// handler carry it (<see cref="Idempotency.ClaimsKeyInItsFirstQuery"/>): the claim and the handler's first reads
    /// then cost one round trip. Returns whether it did; the caller then reads the claim with <see cref="ReadClaimAsync"/>
    /// before its own results.
    /// </summary>
    public bool AddClaimTo(NpgsqlBatch batch)
    {
        if (pendingClaim is not { } claim) return false;
        const string sql = """
            insert into idempotency_keys (actor, key, request_hash) values ($1, $2, $3)
            on conflict do nothing
            returning true
            """;
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = claim.Subject });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = claim.Key });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = claim.Hash });
        batch.BatchCommands.Insert(0, command);
        pendingClaim = null;
        Claim = ClaimState.Sent;
        return true;
    }

    /// <summary>
    /// Reads the claim <see cref="AddClaimTo"/> put first and moves to the next result. False: the key is taken (by an
    /// earlier or a concurrent request); the handler should stop, and the idempotency filter answers as for a retry,
    /// whatever the handler returns.
    /// </summary>
    public async Task<bool> ReadClaimAsync(NpgsqlDataReader reader)
    {
        var claimed = await reader.ReadAsync();
        await reader.NextResultAsync();
        Claim = claimed ? ClaimState.Claimed : ClaimState.Taken;
        return claimed;
    }

    internal enum ClaimState { None, Pending, Sent, Claimed, Taken }
    sealed record PendingClaim(string Subject, string Key, string Hash);
    PendingClaim? pendingClaim;
    internal ClaimState Claim { get; private set; }

    internal void Open(HttpContext http, Actor actor, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        (this.http, this.actor, this.connection, this.transaction) = (http, actor, connection, transaction);
        (Shows, pendingClaim, Claim) = (null, null, ClaimState.None);
    }

    /// <summary>Leaves the claim on the key to the handler's first batch (<see cref="AddClaimTo"/>).</summary>
    internal void DeferClaim(string subject, string key, string hash) =>
        (pendingClaim, Claim) = (new PendingClaim(subject, key, hash), ClaimState.Pending);

    static InvalidOperationException NotOpened() => new(
        "The write's transaction is opened by the idempotency filter: map the endpoint in a group with WithIdempotency().");
}

/// <summary>What a write's response shows: the access-log action, and the client's department, client and episode.</summary>
public sealed record Shown(string Action, string DepartmentCode, Guid ClientId, Guid? EpisodeId);

/// <summary>Marks an endpoint that runs through the idempotency filter, so it accepts an Idempotency-Key.</summary>
public sealed class IdempotencyKeyAccepted;

/// <summary>Marks an endpoint whose requests must carry an Idempotency-Key (recording a session).</summary>
public sealed class IdempotencyKeyRequired;

/// <summary>Marks an endpoint whose handler sends the key's claim with its first query (<see cref="IdempotentWrite.AddClaimTo"/>).</summary>
public sealed class IdempotencyKeyClaimedByHandler;
