using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FitService.Api.Infrastructure;

/// <summary>What the service and each tag are for, and server URLs without a trailing slash.</summary>
internal sealed class DocumentInfoTransformer : IOpenApiDocumentTransformer
{
    static readonly Dictionary<string, string> Tags = new(StringComparer.Ordinal)
    {
        ["Health"] = "Probes for a load balancer: live (the process) and ready (the database reachable and migrated).",
        ["Account"] = "Who is signed in, and the antiforgery token the web UI sends with its writes.",
        ["Departments"] = "The organisation's departments (admins create them).",
        ["Instruments"] = "Outcome and alliance instruments: items, reliable-change threshold and clinical cutoffs.",
        ["Clients"] = "Pseudonymous clients (a pseudonym and a birth year, never a national identity number).",
        ["Access log"] = "The client access log's hash chain, checked by an admin.",
        ["Episodes"] = "Courses of treatment: sessions, trajectory, change category and open alerts.",
        ["Sessions"] = "Recording and correcting a session's ORS and SRS; every revision is kept.",
        ["Alerts"] = "The supervisors' queue of flagged cases: acknowledge and resolve with a note.",
        ["Trajectories"] = "Expected trajectories calibrated from the service's own closed episodes.",
        ["Reports"] = "Anonymised, aggregated outcomes per department and period for evaluators (JSON or CSV).",
        ["Goals"] = "Departments' measurable goals per half-year.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Description = "Feedback-Informed Treatment: ORS and SRS per session, reliable change, alliance alerts, " +
            "the supervisors' queue and anonymised reports. Errors are RFC 9457 application/problem+json.";
        foreach (var server in document.Servers ?? [])
            server.Url = server.Url?.TrimEnd('/');
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            if (tag.Name is { } name && Tags.TryGetValue(name, out var text)) tag.Description = text;
        return Task.CompletedTask;
    }
}
