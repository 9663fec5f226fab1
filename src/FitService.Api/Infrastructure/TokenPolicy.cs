using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;

namespace FitService.Api.Infrastructure;

/// <summary>
/// What a signed-in principal must carry, whatever signed it in (bearer token or cookie): a subject, because
/// idempotency keys, the access log and every write are attributed to it; and exactly one known role, because
/// the access log records one role per entry and a second role would be granted without a trace.
/// Development (HS256) tokens also live at most Auth:DevTokenMaxLifetime. Clock skew is at most 30 seconds.
/// </summary>
public static class TokenPolicy
{
    public const string SubjectClaim = "sub";
    public const string RoleClaim = "role";
    public const string DepartmentClaim = "department";

    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultDevTokenMaxLifetime = TimeSpan.FromHours(12);

    /// <summary>Why this principal may not sign in, or null when it may.</summary>
    public static string? Check(ClaimsPrincipal principal)
    {
        if (principal.FindFirstValue(SubjectClaim) is not { Length: > 0 })
            return "The token has no 'sub' claim.";
        var roles = principal.FindAll(RoleClaim).Select(c => c.Value).ToList();
        if (roles.Count != 1)
            return $"The token carries {roles.Count} 'role' claims; exactly one is required.";
        if (!Roles.All.Contains(roles[0]))
            return "The token's role is not one of clinician, supervisor, evaluator, admin.";
        return null;
    }

    /// <summary>Auth:ClockSkew (default and maximum 00:00:30); a larger value stops the service at start-up.</summary>
    public static TimeSpan ClockSkew(IConfiguration auth)
    {
        var skew = auth.GetValue("ClockSkew", MaxClockSkew);
        if (skew < TimeSpan.Zero || skew > MaxClockSkew)
            throw new InvalidOperationException($"Auth:ClockSkew must be between 00:00:00 and {MaxClockSkew:c} (was {skew:c}).");
        return skew;
    }

    /// <summary>Auth:DevTokenMaxLifetime (default 12:00:00): the longest exp − iat a development token may have.</summary>
    public static TimeSpan DevTokenMaxLifetime(IConfiguration auth)
    {
        var cap = auth.GetValue("DevTokenMaxLifetime", DefaultDevTokenMaxLifetime);
        if (cap <= TimeSpan.Zero)
            throw new InvalidOperationException($"Auth:DevTokenMaxLifetime must be positive (was {cap:c}).");
        return cap;
    }

    /// <summary>Refuses (401) tokens that break the policy, after the signature, issuer, audience and lifetime checks passed.</summary>
    public static void Apply(JwtBearerOptions options, IConfiguration auth, bool development)
    {
        var skew = ClockSkew(auth);
        var maxLifetime = DevTokenMaxLifetime(auth);
        options.TokenValidationParameters.ClockSkew = skew;
        options.Events ??= new JwtBearerEvents();
        var earlier = options.Events.OnTokenValidated;
        options.Events.OnTokenValidated = async context =>
        {
            await earlier(context);
            var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var failure = Check(context.Principal!)
                ?? (development ? DevLifetimeFailure(context.SecurityToken as JsonWebToken, maxLifetime, skew, now) : null);
            if (failure is not null) context.Fail(failure);
        };
    }

    /// <summary>A development token must say when it was issued, not in the future, and live at most the cap.</summary>
    static string? DevLifetimeFailure(JsonWebToken? token, TimeSpan maxLifetime, TimeSpan skew, DateTime now)
    {
        if (token is null || !token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Iat, out _))
            return "A development token must carry 'iat'.";
        if (token.IssuedAt > now + skew)
            return "The development token's 'iat' is in the future.";
        if (token.ValidTo - token.IssuedAt > maxLifetime || token.ValidFrom != DateTime.MinValue && token.ValidTo - token.ValidFrom > maxLifetime)
            return $"A development token may live at most {maxLifetime:c} (exp − iat, exp − nbf).";
        return null;
    }
}
