using System.Net;
using System.Net.Sockets;

namespace FitService.Api.Tests.Infrastructure;

/// <summary>
/// A loopback TCP proxy in front of PostgreSQL that counts round trips: each time a connection's client sends after
/// the server last spoke (or first), one more. Npgsql pipelines a batch (and a deferred BEGIN) into one send and
/// waits for the answer, so this is the number of times the service waited on the database.
/// </summary>
public sealed class CountingProxy : IAsyncDisposable
{
    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly string upstreamHost;
    readonly int upstreamPort;
    readonly CancellationTokenSource stopping = new();
    int roundTrips;

    public CountingProxy(string upstreamHost, int upstreamPort)
    {
        (this.upstreamHost, this.upstreamPort) = (upstreamHost, upstreamPort);
        listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;
    public int RoundTrips => Volatile.Read(ref roundTrips);
    public void Reset() => Interlocked.Exchange(ref roundTrips, 0);

    async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(stopping.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            _ = RelayAsync(client);
        }
    }

    async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        using var server = new TcpClient();
        await server.ConnectAsync(upstreamHost, upstreamPort);
        var serverSpokeLast = true;
        var gate = new object();
        await Task.WhenAny(
            PumpAsync(client.GetStream(), server.GetStream(), () =>
            {
                lock (gate)
                {
                    if (serverSpokeLast) Interlocked.Increment(ref roundTrips);
                    serverSpokeLast = false;
                }
            }),
            PumpAsync(server.GetStream(), client.GetStream(), () => { lock (gate) serverSpokeLast = true; }));
    }

    async Task PumpAsync(NetworkStream from, NetworkStream to, Action onData)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, stopping.Token)) > 0)
            {
                onData();
                await to.WriteAsync(buffer.AsMemory(0, read), stopping.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { }
    }

    public ValueTask DisposeAsync()
    {
        stopping.Cancel();
        listener.Stop();
        return ValueTask.CompletedTask;
    }
}
