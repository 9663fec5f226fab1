using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace FitService.Api.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL cluster this test starts and stops itself (never the shared test cluster): initdb in a temporary
/// folder, 127.0.0.1 only, TCP only. Uses PG_BIN (scripts/test exports it) or the newest /usr/lib/postgresql/*/bin;
/// as root, the tools run as postgres through runuser, as scripts/lib/postgres.sh does.
/// </summary>
public sealed class OwnCluster : IAsyncDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "fitservice-outage-" + Guid.NewGuid().ToString("N")[..8]);
    string DataDir => Path.Combine(folder, "pg");
    public int Port { get; } = FreePort();
    public string AdminConnection => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=3";

    public static async Task<OwnCluster> CreateAsync()
    {
        var cluster = new OwnCluster();
        Directory.CreateDirectory(cluster.folder);
        if (Environment.UserName == "root") await RunAsync("chown", "postgres:postgres", cluster.folder);
        await cluster.ToolAsync("initdb", "-D", cluster.DataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8");
        return cluster;
    }

    public Task StartAsync() => ToolAsync("pg_ctl", "-D", DataDir, "-l", Path.Combine(DataDir, "server.log"), "-w", "-t", "60",
        "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -c unix_socket_directories=''", "start");

    public bool Running => File.Exists(Path.Combine(DataDir, "postmaster.pid"));

    public async Task StartIfStoppedAsync()
    {
        if (!Running) await StartAsync();
    }

    public Task StopAsync() => ToolAsync("pg_ctl", "-D", DataDir, "-m", "fast", "-w", "-t", "60", "stop");

    public async ValueTask DisposeAsync()
    {
        if (Running) await StopAsync();
        Directory.Delete(folder, recursive: true);
    }

    Task ToolAsync(string tool, params string[] args)
    {
        var path = Path.Combine(BinFolder(), tool);
        return Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args]) : RunAsync(path, args);
    }

    static string BinFolder() =>
        Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } bin ? bin
        : Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderBy(d => Version.Parse(Path.GetFileName(Path.GetDirectoryName(d))! + ".0")).LastOrDefault()
                ?? throw new InvalidOperationException("No PostgreSQL under /usr/lib/postgresql: run the tests through scripts/test.")
            : throw new InvalidOperationException("PG_BIN is not set and /usr/lib/postgresql is missing: run the tests through scripts/test.");

    static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await output}{await error}");
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
