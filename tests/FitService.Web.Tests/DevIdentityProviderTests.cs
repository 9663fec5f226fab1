using System.Diagnostics;
using FitService.Web.Tests.Infrastructure;

namespace FitService.Web.Tests;

/// <summary>The development provider's own guards: demo users without passwords never run outside Development.</summary>
public class DevIdentityProviderTests
{
    static async Task<(int ExitCode, string Output)> RunAsync(string environment, string clientUrl = "http://127.0.0.1:5080")
    {
        var folder = Path.Combine(WebUi.RepositoryRoot(), "scripts", "dev-idp");
        var start = new ProcessStartInfo("node", Path.Combine(folder, "server.js"))
        {
            WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["DEV_IDP_PORT"] = "1"; // never reached: both guards run before it listens
        start.Environment["DEV_IDP_CLIENT_URL"] = clientUrl;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await error);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("")]
    public async Task ItRefusesToStartOutsideDevelopment(string environment)
    {
        var (exitCode, output) = await RunAsync(environment);
        Assert.Equal(1, exitCode);
        Assert.Contains("refusing to start", output);
    }

    [Fact]
    public async Task ItRefusesAClientOutsideThisMachine()
    {
        var (exitCode, output) = await RunAsync("Development", "https://fitservice.example.no");
        Assert.Equal(1, exitCode);
        Assert.Contains("refusing a client outside this machine", output);
    }
}
