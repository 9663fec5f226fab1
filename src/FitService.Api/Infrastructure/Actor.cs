using System.Security.Claims;

namespace FitService.Api.Infrastructure;

public static class Roles
{
    public const string Clinician = "clinician";
    public const string Supervisor = "supervisor";
    public const string Evaluator = "evaluator";
    public const string Admin = "admin";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal) { Clinician, Supervisor, Evaluator, Admin };
}

/// <summary>
/// Who is calling: the token's subject, role and departments. A handler takes it as a parameter; sign-in has
/// already refused a principal without a subject or without exactly one known role (<see cref="TokenPolicy"/>).
/// </summary>
public sealed record Actor(string Subject, string Role, IReadOnlySet<string> Departments)
{
    public bool CanSeeDepartment(string code) =>
        Role is Roles.Clinician or Roles.Supervisor && Departments.Contains(code);

    public static Actor From(ClaimsPrincipal user) => new(
        user.FindFirstValue(TokenPolicy.SubjectClaim) is { Length: > 0 } subject ? subject
            : throw new InvalidOperationException("A signed-in user without a subject: TokenPolicy.Check must refuse it at sign-in."),
        user.FindFirstValue(TokenPolicy.RoleClaim) ?? "",
        user.FindAll(TokenPolicy.DepartmentClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));

    /// <summary>Binds the current user as a handler parameter.</summary>
    public static ValueTask<Actor?> BindAsync(HttpContext http) => ValueTask.FromResult<Actor?>(From(http.User));
}
