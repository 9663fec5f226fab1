using System.Security.Claims;
using FitService.Api.Infrastructure;

namespace FitService.Api.Account;

/// <summary>
/// Turns the provider's claims into the service's own: the subject, exactly one role and the department codes,
/// read from the configured claims and groups. Nothing else from the provider is kept in the session.
/// </summary>
public static class StaffClaims
{
    static readonly HashSet<string> KnownRoles = [Roles.Clinician, Roles.Supervisor, Roles.Evaluator, Roles.Admin];

    /// <summary>The session's identity, or the reason sign-in is refused.</summary>
    public static (ClaimsIdentity? Identity, string? Refusal) From(ClaimsPrincipal provider, OidcSettings settings)
    {
        var subject = provider.FindFirstValue("sub");
        if (string.IsNullOrWhiteSpace(subject)) return (null, "The provider's ID token has no sub claim.");

        var groups = provider.FindAll(settings.GroupClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var granted = settings.Groups.Where(g => groups.Contains(g.Group)).ToList();
        var roles = provider.FindAll(settings.RoleClaim).Select(c => c.Value)
            .Concat(granted.Select(g => g.Role).OfType<string>())
            .Where(KnownRoles.Contains).Distinct(StringComparer.Ordinal).ToList();
        if (roles.Count != 1)
            return (null, roles.Count == 0
                ? $"No FitService role for '{subject}' (claim '{settings.RoleClaim}' or a mapped group)."
                : $"More than one FitService role for '{subject}': {string.Join(", ", roles)}.");

        var departments = provider.FindAll(settings.DepartmentClaim).Select(c => c.Value)
            .Concat(granted.Select(g => g.Department).OfType<string>())
            .Where(Codes.IsValid).Distinct(StringComparer.Ordinal);

        var claims = new List<Claim> { new("sub", subject), new("role", roles[0]) };
        claims.AddRange(departments.Select(d => new Claim("department", d)));
        if (provider.FindFirstValue("name") is { Length: > 0 } name) claims.Add(new("name", name));
        return (new ClaimsIdentity(claims, WebSignIn.CookieScheme, "sub", "role"), null);
    }
}
