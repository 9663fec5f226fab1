using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace FitService.Web.Tests.Infrastructure;

/// <summary>
/// The development OpenID Connect provider (scripts/dev-idp, node) on a free loopback port, for one service.
/// The port is chosen first so the service can be configured with the authority before it starts (it reads the
/// provider's metadata only at the first sign-in); the provider starts once the service's address is known.
/// </summary>
public sealed class DevIdentityProvider(bool privateKeyJwt = false) : IAsyncDisposable
{
    public const string ClientId = "fitservice-web";
    public const string ClientSecret = "fitservice-test-secret";

    readonly StringBuilder output = new();
    readonly ClientKey? clientKey = privateKeyJwt ? ClientKey.Create() : null;
    Process? process;

    public int Port { get; } = FreePort();
    public string Issuer => $"http://127.0.0.1:{Port}";

    /// <summary>The settings that make the service trust this provider.</summary>
    public IReadOnlyDictionary<string, string> ServiceSettings => clientKey is null
        ? new Dictionary<string, string>
        {
            ["Auth:Oidc:Authority"] = Issuer,
            ["Auth:Oidc:ClientId"] = ClientId,
            ["Auth:Oidc:ClientSecret"] = ClientSecret,
            ["Auth:Oidc:Scopes"] = "openid profile fitservice",
        }
        : new Dictionary<string, string> // as HelseID wants it: a signed client assertion, and PAR
        {
            ["Auth:Oidc:Authority"] = Issuer,
            ["Auth:Oidc:ClientId"] = ClientId,
            ["Auth:Oidc:ClientAssertionKeyFile"] = clientKey.PrivateJwkFile,
            ["Auth:Oidc:PushedAuthorization"] = "Require",
            ["Auth:Oidc:Scopes"] = "openid profile fitservice",
        };

    public async Task StartAsync(Uri service)
    {
        var folder = Path.Combine(WebUi.RepositoryRoot(), "scripts", "dev-idp");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "oidc-provider")))
            throw new InvalidOperationException($"{folder}/node_modules is missing: run the tests through scripts/test, which runs npm ci.");
        var start = new ProcessStartInfo("node", Path.Combine(folder, "server.js"))
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DEV_IDP_PORT"] = Port.ToString();
        start.Environment["DEV_IDP_CLIENT_URL"] = service.ToString().TrimEnd('/');
        start.Environment["DEV_IDP_CLIENT_ID"] = ClientId;
        start.Environment["DEV_IDP_CLIENT_SECRET"] = ClientSecret;
        if (clientKey is not null) start.Environment["DEV_IDP_CLIENT_JWKS_FILE"] = clientKey.PublicJwksFile;
        process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 80; attempt++)
        {
            if (process.HasExited) break;
            try
            {
                var response = await http.GetAsync($"{Issuer}/.well-known/openid-configuration");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { } // a slow first answer on a loaded machine (the 2 s timeout): try again
            await Task.Delay(250);
        }
        var exit = process.HasExited ? $"exit code {process.ExitCode}" : "still running";
        if (process.HasExited) process.WaitForExit(); // flushes the redirected output
        lock (output) throw new InvalidOperationException($"The development identity provider on port {Port} did not start ({exit}):\n{output}");
    }

    /// <summary>
    /// A free port below Linux's ephemeral range (32768+): the service binds port 0 later, from that range, so it
    /// cannot be handed the port chosen here.
    /// </summary>
    static int FreePort()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var port = Random.Shared.Next(20_000, 30_000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException) { }
        }
        throw new InvalidOperationException("No free port between 20000 and 30000 on 127.0.0.1.");
    }

    public async ValueTask DisposeAsync()
    {
        clientKey?.Delete();
        if (process is null) return;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}

/// <summary>A throwaway RSA key for private_key_jwt: the private JWK for the service, the public JWKS for the provider.</summary>
sealed class ClientKey(string folder)
{
    public string PrivateJwkFile => Path.Combine(folder, "client.jwk.json");
    public string PublicJwksFile => Path.Combine(folder, "client.jwks.json");

    public static ClientKey Create()
    {
        var key = new ClientKey(Directory.CreateTempSubdirectory("fitservice-client-key-").FullName);
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(includePrivateParameters: true);
        static string B(byte[]? bytes) => Base64UrlEncoder.Encode(bytes!);
        var publicJwk = new Dictionary<string, string> { ["kty"] = "RSA", ["kid"] = "test-client", ["use"] = "sig", ["alg"] = "RS256", ["n"] = B(p.Modulus), ["e"] = B(p.Exponent) };
        var privateJwk = new Dictionary<string, string>(publicJwk)
        {
            ["d"] = B(p.D), ["p"] = B(p.P), ["q"] = B(p.Q), ["dp"] = B(p.DP), ["dq"] = B(p.DQ), ["qi"] = B(p.InverseQ),
        };
        File.WriteAllText(key.PrivateJwkFile, JsonSerializer.Serialize(privateJwk));
        File.WriteAllText(key.PublicJwksFile, JsonSerializer.Serialize(new { keys = new[] { publicJwk } }));
        return key;
    }

    public void Delete() => Directory.Delete(folder, recursive: true);
}
