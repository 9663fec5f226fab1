using FitService.Api.Account;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace FitService.Api.Infrastructure;

public static class Policies
{
    public const string Clinical = "clinical";       // clinicians and supervisors, scoped to their departments
    public const string Supervisor = "supervisor";
    public const string Admin = "admin";
    public const string Reports = "reports";         // evaluators and admins
}

public static class Authentication
{
    public const string DevIssuer = "fitservice-dev";
    public const string DevAudience = "fitservice";

    /// <summary>
    /// Production validates tokens from an OpenID Connect authority (Auth:Authority, Auth:Audience).
    /// Locally, tokens are HS256-signed with a generated key (Auth:DevSigningKeyFile or Auth:DevSigningKey, base64).
    /// </summary>
    public static IServiceCollection AddFitAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var auth = configuration.GetSection("Auth");
        services.AddAuthentication(WebSignIn.ApiScheme).AddWebSignIn(configuration).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters.RoleClaimType = "role";
            options.TokenValidationParameters.NameClaimType = "sub";
            var authority = auth["Authority"];
            TokenPolicy.Apply(options, auth, development: string.IsNullOrEmpty(authority));
            if (!string.IsNullOrEmpty(authority))
            {
                options.Authority = authority;
                options.Audience = auth["Audience"];
                return;
            }
            options.TokenValidationParameters.ValidIssuer = DevIssuer;
            options.TokenValidationParameters.ValidAudience = DevAudience;
            options.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(DevSigningKey(auth));
        });
        // Builds the bearer options at start-up, so a token-policy setting out of range stops the service there.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).ValidateOnStart();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Clinical, p => p.RequireRole(Roles.Clinician, Roles.Supervisor))
            .AddPolicy(Policies.Supervisor, p => p.RequireRole(Roles.Supervisor))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Reports, p => p.RequireRole(Roles.Evaluator, Roles.Admin));
        return services;
    }

    static byte[] DevSigningKey(IConfigurationSection auth)
    {
        var inline = auth["DevSigningKey"];
        var file = auth["DevSigningKeyFile"];
        var text = !string.IsNullOrEmpty(inline) ? inline
            : !string.IsNullOrEmpty(file) && File.Exists(file) ? File.ReadAllText(file).Trim()
            : throw new InvalidOperationException(
                "No token validation configured: set Auth:Authority (OpenID Connect) or Auth:DevSigningKeyFile (scripts/run creates one).");
        var key = Convert.FromBase64String(text);
        if (key.Length < 32) throw new InvalidOperationException("The development signing key must be at least 32 bytes.");
        return key;
    }
}
