using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FitService.Api.Account;

/// <summary>
/// private_key_jwt client authentication (RFC 7523, as HelseID requires): instead of a secret, the service signs a
/// short-lived JWT with its private key for the pushed authorization request and for the token request.
/// </summary>
sealed class ClientAssertion(JsonWebKey key, string clientId, string audience)
{
    const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    public static ClientAssertion? FromSettings(OidcSettings settings)
    {
        if (string.IsNullOrEmpty(settings.ClientAssertionKeyFile)) return null;
        var key = new JsonWebKey(File.ReadAllText(settings.ClientAssertionKeyFile));
        if (!key.HasPrivateKey)
            throw new InvalidOperationException($"Auth:Oidc:ClientAssertionKeyFile ({settings.ClientAssertionKeyFile}) holds no private key.");
        return new(key, settings.ClientId, settings.Authority.TrimEnd('/'));
    }

    /// <summary>A fresh assertion: one minute to live, a unique jti so the provider can refuse a replay.</summary>
    public string Create() => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = clientId,
        Audience = audience,
        Subject = new ClaimsIdentity([new Claim("sub", clientId), new Claim("jti", Guid.NewGuid().ToString("N"))]),
        IssuedAt = DateTime.UtcNow,
        NotBefore = DateTime.UtcNow,
        Expires = DateTime.UtcNow.AddMinutes(1),
        SigningCredentials = new SigningCredentials(key, key.Alg ?? (key.Kty == "EC" ? SecurityAlgorithms.EcdsaSha256 : SecurityAlgorithms.RsaSha256)),
    });

    public Task OnPushAuthorization(PushedAuthorizationContext context)
    {
        context.ProtocolMessage.ClientAssertionType = AssertionType;
        context.ProtocolMessage.ClientAssertion = Create();
        context.HandleClientAuthentication();
        return Task.CompletedTask;
    }

    public Task OnAuthorizationCodeReceived(AuthorizationCodeReceivedContext context)
    {
        context.TokenEndpointRequest!.ClientAssertionType = AssertionType;
        context.TokenEndpointRequest.ClientAssertion = Create();
        return Task.CompletedTask;
    }
}
