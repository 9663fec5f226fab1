using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace FitService.Api.Account;

/// <summary>Auth:Oidc — the organisation's OpenID Connect provider for staff sign-in to the web UI.</summary>
public sealed class OidcSettings
{
    /// <summary>The provider's issuer URL; empty means no browser sign-in (bearer tokens only).</summary>
    public string Authority { get; set; } = "";
    public string ClientId { get; set; } = "";
    /// <summary>client_secret_basic/post (Entra ID, Keycloak). Leave empty when ClientAssertionKeyFile is set.</summary>
    public string ClientSecret { get; set; } = "";
    /// <summary>A private JWK (JSON) for private_key_jwt client authentication (HelseID).</summary>
    public string ClientAssertionKeyFile { get; set; } = "";
    public string Scopes { get; set; } = "openid profile";
    /// <summary>UseIfAvailable, Require (HelseID) or Disable.</summary>
    public PushedAuthorizationBehavior PushedAuthorization { get; set; } = PushedAuthorizationBehavior.UseIfAvailable;
    /// <summary>The claim that names the role (Entra ID app roles: "roles").</summary>
    public string RoleClaim { get; set; } = "role";
    /// <summary>The claim that lists department codes.</summary>
    public string DepartmentClaim { get; set; } = "department";
    /// <summary>The claim that lists groups, read when Groups has entries.</summary>
    public string GroupClaim { get; set; } = "groups";
    /// <summary>Each group the provider reports grants a role, a department, or both.</summary>
    public List<GroupGrant> Groups { get; set; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}

public sealed class GroupGrant
{
    public string Group { get; set; } = "";
    public string? Role { get; set; }
    public string? Department { get; set; }
}

/// <summary>Auth:Session — how long a browser session lasts.</summary>
public sealed class SessionSettings
{
    /// <summary>Signed out this long after signing in, however active (absolute lifetime).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(10);
    /// <summary>Signed out after this long without a request (sliding).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
}
