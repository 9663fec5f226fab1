using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FitService.Web.Tests.Infrastructure;

/// <summary>
/// The development OpenID Connect provider (scripts/dev-idp, node) on a free loopback port, for one service.
/// The port is chosen first so the service can be configured with the authority before it starts (it reads the
/// provider's metadata only at the first sign-in); the provider starts once the service's address is known.
/// </summary>
public sealed class DevIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "fitservice-web";
    public const string ClientSecret = "fitservice-test-secret";

    readonly StringBuilder output = new();
    Process? process;

    public int Port { get; } = FreePort();
    public string Issuer => $"http://127.0.0.1:{Port}";

    /// <summary>The settings that make the service trust this provider.</summary>
    public IReadOnlyDictionary<string, string> ServiceSettings => new Dictionary<string, string>
    {
        ["Auth:Oidc:Authority"] = Issuer,
        ["Auth:Oidc:ClientId"] = ClientId,
        ["Auth:Oidc:ClientSecret"] = ClientSecret,
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
        if (process is null) return;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
