using System.Security.Claims;

namespace FitService.Api.Infrastructure;

public static class Roles
{
    public const string Clinician = "clinician";
    public const string Supervisor = "supervisor";
    public const string Evaluator = "evaluator";
    public const string Admin = "admin";
}

/// <summary>Who is calling: the token's subject, role and departments.</summary>
public sealed record Actor(string Subject, string Role, IReadOnlySet<string> Departments)
{
    public bool CanSeeDepartment(string code) =>
        Role is Roles.Clinician or Roles.Supervisor && Departments.Contains(code);

    public static Actor From(ClaimsPrincipal user) => new(
        user.FindFirstValue("sub") ?? "unknown",
        user.FindFirstValue("role") ?? "",
        user.FindAll("department").Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
}
