using Dapper;
using FitService.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace FitService.Api.ClientRatings;

/// <summary>Whether the client has used a link yet: <c>waiting</c>, <c>used</c> (and when) or <c>expired</c>.</summary>
public sealed record ClientLinkState(Guid Id, string State, DateTimeOffset ExpiresAt, DateTimeOffset? UsedAt);

/// <summary>
/// While the client rates on their phone, the clinician's link panel asks every few seconds whether the link is used.
/// The answer holds no score and no identifier, only the link's state, so the asking is not logged as a read of
/// client data: the panel reads the episode (logged) once, when the state turns <c>used</c>. Before this, each look
/// read the whole episode and wrote an access-log entry, some three hundred for one fifteen-minute link.
/// </summary>
public static class ClientLinkStateApi
{
    public static void MapClientLinkState(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/episodes/{id:guid}/client-links/{linkId:guid}", GetState).WithTags("Client ratings")
            .RequireAuthorization(Policies.Clinical)
            .WithSummary("Whether the client has used a one-time link yet: waiting, used (and when) or expired; no score, no identifier");

    sealed record Row(DateTime ExpiresAt, DateTime? UsedAt, string DepartmentCode);

    static async Task<Results<Ok<ClientLinkState>, NotFoundProblem>> GetState(Guid id, Guid linkId, Actor actor, NpgsqlDataSource db,
        TimeProvider clock)
    {
        const string sql = """
            select l.expires_at, l.used_at, e.department_code
            from client_links l join episodes e on e.id = l.episode_id
            where l.id = @linkId and l.episode_id = @id
            """;
        await using var connection = await db.OpenConnectionAsync();
        var row = await connection.QuerySingleOrDefaultAsync<Row>(sql, new { id, linkId });
        // Another department's link is answered as one that does not exist.
        if (row is null || !actor.CanSeeDepartment(row.DepartmentCode)) return TypedProblems.NotFound("Lenken / The link");
        var expiresAt = new DateTimeOffset(DateTime.SpecifyKind(row.ExpiresAt, DateTimeKind.Utc));
        DateTimeOffset? usedAt = row.UsedAt is { } used ? new DateTimeOffset(DateTime.SpecifyKind(used, DateTimeKind.Utc)) : null;
        var state = usedAt is not null ? "used" : expiresAt <= clock.GetUtcNow() ? "expired" : "waiting";
        return TypedResults.Ok(new ClientLinkState(linkId, state, expiresAt, usedAt));
    }
}
