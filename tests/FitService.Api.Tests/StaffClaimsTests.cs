using System.Security.Claims;
using FitService.Api.Account;

namespace FitService.Api.Tests;

/// <summary>The provider's claims and groups become exactly one role and the department codes, or sign-in is refused.</summary>
public class StaffClaimsTests
{
    static ClaimsPrincipal Provider(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "oidc"));

    static readonly OidcSettings Entra = new()
    {
        RoleClaim = "roles",
        GroupClaim = "groups",
        Groups =
        [
            new() { Group = "6f1c-clinicians", Role = "clinician" },
            new() { Group = "9a2e-dept-a", Department = "DEMO-A" },
            new() { Group = "b7d0-supervisors-b", Role = "supervisor", Department = "DEMO-B" },
        ],
    };

    [Fact]
    public void RoleAndDepartmentsComeFromTheConfiguredClaims()
    {
        var (identity, refusal) = StaffClaims.From(
            Provider(("sub", "u1"), ("role", "clinician"), ("department", "DEMO-A"), ("department", "DEMO-C"), ("email", "x@example.no")),
            new OidcSettings());
        Assert.Null(refusal);
        Assert.Equal("u1", identity!.FindFirst("sub")!.Value);
        Assert.Equal(["clinician"], identity.FindAll("role").Select(c => c.Value));
        Assert.Equal(["DEMO-A", "DEMO-C"], identity.FindAll("department").Select(c => c.Value));
        Assert.Null(identity.FindFirst("email")); // nothing else from the provider is kept
        Assert.Equal(WebSignIn.CookieScheme, identity.AuthenticationType);
    }

    [Fact]
    public void GroupsGrantARoleAndDepartments()
    {
        var (identity, refusal) = StaffClaims.From(Provider(("sub", "u2"), ("groups", "6f1c-clinicians"), ("groups", "9a2e-dept-a"), ("groups", "other")), Entra);
        Assert.Null(refusal);
        Assert.Equal("clinician", identity!.FindFirst("role")!.Value);
        Assert.Equal(["DEMO-A"], identity.FindAll("department").Select(c => c.Value));
    }

    [Fact]
    public void TwoRolesAreRefused()
    {
        var (identity, refusal) = StaffClaims.From(Provider(("sub", "u3"), ("groups", "6f1c-clinicians"), ("groups", "b7d0-supervisors-b")), Entra);
        Assert.Null(identity);
        Assert.Contains("More than one FitService role", refusal);
    }

    [Fact]
    public void NoRoleOrAnUnknownRoleIsRefused()
    {
        Assert.Contains("No FitService role", StaffClaims.From(Provider(("sub", "u4"), ("roles", "superuser")), Entra).Refusal);
        Assert.Contains("No FitService role", StaffClaims.From(Provider(("sub", "u5"), ("department", "DEMO-A")), new OidcSettings()).Refusal);
    }

    [Fact]
    public void NoSubjectIsRefusedAndInvalidDepartmentCodesAreDropped()
    {
        Assert.Contains("no sub", StaffClaims.From(Provider(("role", "admin")), new OidcSettings()).Refusal);
        var (identity, _) = StaffClaims.From(Provider(("sub", "u6"), ("role", "clinician"), ("department", "demo a"), ("department", "DEMO-B")), new OidcSettings());
        Assert.Equal(["DEMO-B"], identity!.FindAll("department").Select(c => c.Value));
    }
}
