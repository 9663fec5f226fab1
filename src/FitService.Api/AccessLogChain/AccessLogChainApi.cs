using Dapper;
using FitService.Api.Infrastructure;
using Npgsql;

namespace FitService.Api.AccessLogChain;

/// <summary>The result of checking every client's chain; heads are what an operator records outside the database.</summary>
public sealed record AccessLogVerification(bool Intact, long Entries, int Chains, BrokenEntry? FirstBroken,
    IReadOnlyList<BrokenEntry> Broken, DateTimeOffset VerifiedAt, IReadOnlyList<ChainHead> Heads);

public static class AccessLogChainApi
{
    public static RouteGroupBuilder MapAccessLogChain(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/access-log").WithTags("Access log").RequireAuthorization(Policies.Admin);
        group.MapGet("/verify", Verify)
            .WithSummary("Check the hash chain of every client's access log (admin): intact, or the first broken entry")
            .WithDescription("Each entry's SHA-256 hash covers its fields and the previous entry's hash in the same client's chain. "
                + "`firstBroken` names the earliest written entry whose chain breaks (id, client, position, reason: changed, "
                + "entryMissingBefore, linkBroken). `heads` are each chain's last entry: record them outside the database, "
                + "so a chain recomputed by the schema owner can be caught later.");
        return group;
    }

    static async Task<Microsoft.AspNetCore.Http.HttpResults.Ok<AccessLogVerification>> Verify(NpgsqlDataSource db, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        const string sql = """
            select id, client_id, client_seq, (extract(epoch from at) * 1000000)::bigint as at_micros, actor, role, action,
                   episode_id, request_id, previous_hash, hash
            from access_log order by client_id, client_seq
            """;
        var verifier = new ChainVerifier();
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await foreach (var entry in connection.QueryUnbufferedAsync<ChainEntry>(sql).WithCancellation(cancellationToken))
            verifier.Add(entry);
        var broken = verifier.Broken;
        return TypedResults.Ok(new AccessLogVerification(broken.Count == 0, verifier.Entries, verifier.Heads.Count,
            broken.FirstOrDefault(), broken, clock.GetUtcNow(), verifier.Heads));
    }
}
