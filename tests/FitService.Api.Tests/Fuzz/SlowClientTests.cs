using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using FitService.Api.Infrastructure;
using FitService.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests.Fuzz;

/// <summary>The fuzzed service on a real loopback port (Kestrel), whose limits the in-process test host does not enforce.</summary>
public sealed class KestrelFuzzFactory : FuzzServiceFactory
{
    public KestrelFuzzFactory() => UseKestrel(0);

    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
        .Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
}

/// <summary>
/// Clients that send too slowly or too much, against Kestrel: a body trickling in a few bytes a second is ended by
/// Kestrel's minimum request body data rate (240 bytes/s after a 5 s grace period) with 408 problem+json and writes
/// nothing; a body over 64 KiB is refused with 413 problem+json, announced or chunked. `scripts/bench fuzz` sends many
/// slow bodies at once (FITSERVICE_FUZZ_SLOW_BODIES) while the service must keep answering others.
/// </summary>
public class SlowClientTests(KestrelFuzzFactory factory) : IClassFixture<KestrelFuzzFactory>
{
    /// <summary>The grace period and a few heartbeats, with room for a loaded machine: a slow body must be ended by then.</summary>
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    const int ShortFormSlowBodies = 4;

    readonly Clinic clinic = new(factory);

    [Fact]
    public async Task ABodySentTwoBytesASecondIsEndedWith408ProblemJsonAndWritesNothing()
    {
        var department = await clinic.DepartmentAsync();
        var pseudonym = Pseudonym();
        var body = $$"""{"pseudonym":"{{pseudonym}}","birthYear":1990,"departmentCode":"{{department}}"}""";

        var answer = await SlowPostAsync("/api/v1/clients", factory.Token("clinician", department), body, bytesPerSecond: 2);

        Assert.True(answer.Status == 408, $"Expected 408, got {answer.Status} after {answer.Elapsed}: {answer.Head}");
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Contains("\"status\":408", answer.Body, StringComparison.Ordinal);
        Assert.Contains("\"errors\":{\"body\":", answer.Body, StringComparison.Ordinal); // names the field, as every refusal does
        Assert.True(answer.Elapsed < Bound, $"The slow body was ended only after {answer.Elapsed}");
        await using var db = await factory.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand("select count(*) from clients where pseudonym = @p", db);
        count.Parameters.AddWithValue("p", pseudonym);
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task AnAnnouncedBodyOver64KiBIs413ProblemJson()
    {
        var department = await clinic.DepartmentAsync();
        using var http = Client(factory.Token("clinician", department));
        var padding = new string('x', (int)ApplicationServices.MaxRequestBodyBytes);
        using var content = new StringContent($$"""{"pseudonym":"{{padding}}","birthYear":1990,"departmentCode":"{{department}}"}""",
            Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/api/v1/clients", content);
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body");
    }

    [Fact]
    public async Task AChunkedBodyOver64KiBIs413ProblemJson()
    {
        var department = await clinic.DepartmentAsync();
        using var http = Client(factory.Token("clinician", department));
        var padding = new string('x', (int)ApplicationServices.MaxRequestBodyBytes);
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(
            $$"""{"pseudonym":"{{padding}}","birthYear":1990,"departmentCode":"{{department}}"}""")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/clients") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await http.SendAsync(request);
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "body");
    }

    /// <summary>
    /// Many slow bodies at once, to every kind of write: each is ended with 408 within the bound, and meanwhile the
    /// service answers a normal request at once (the slow ones hold no thread). The long form sends more.
    /// </summary>
    [Fact]
    public async Task ManySlowBodiesAtOnceAreAllEndedWhileOthersAreServed()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("FITSERVICE_FUZZ_SLOW_BODIES"), out var n) ? n : ShortFormSlowBodies;
        var (http, department, episode) = await clinic.AdultEpisodeAsync();
        var token = factory.Token("clinician", department);
        (string Path, string Body)[] writes =
        [
            ("/api/v1/clients", $$"""{"pseudonym":"{{Pseudonym()}}","birthYear":1990,"departmentCode":"{{department}}"}"""),
            ($"/api/v1/episodes/{episode}/sessions", """{"date":"2025-02-03","outcome":{"items":{"individually":5,"interpersonally":5,"socially":5,"overall":5}}}"""),
            ($"/api/v1/episodes/{episode}/collateral-ratings", """{"sessionNumber":1,"relation":"parent","items":{"individually":5,"interpersonally":5,"socially":5,"overall":5}}"""),
            ($"/api/v1/episodes/{episode}/close", """{"endedOn":"2025-03-03","endReason":"planned"}"""),
        ];
        var slow = Enumerable.Range(0, count).Select(i => SlowPostAsync(writes[i % writes.Length].Path, token, writes[i % writes.Length].Body,
            bytesPerSecond: 1 + i % 3)).ToList();

        await Task.Delay(TimeSpan.FromSeconds(2));
        var watch = Stopwatch.StartNew();
        using var normal = await http.GetAsync($"/api/v1/episodes/{episode}");
        var normalTime = watch.Elapsed;
        var answers = await Task.WhenAll(slow);

        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
        Assert.True(normalTime < TimeSpan.FromSeconds(10), $"A normal read took {normalTime} while {count} slow bodies were open");
        var wrong = answers.Where(a => a.Status != 408 || a.ContentType != "application/problem+json" || a.Elapsed >= Bound).ToList();
        var line = $"slow bodies: {count} sent at 1-3 bytes/s, {count - wrong.Count} ended with 408 problem+json, " +
            $"after {answers.Min(a => a.Elapsed).TotalSeconds:F1}-{answers.Max(a => a.Elapsed).TotalSeconds:F1} s; a normal read meanwhile {normalTime.TotalMilliseconds:F0} ms";
        TestContext.Current.SendDiagnosticMessage(line);
        if (Environment.GetEnvironmentVariable("FITSERVICE_FUZZ_SLOW_SUMMARY") is { Length: > 0 } file) await File.WriteAllTextAsync(file, line + "\n");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Take(5).Select(a => $"{a.Status} after {a.Elapsed}: {a.Head}")));
        // Nothing half-written: the episode still has no session and is open.
        var read = await Json(await http.GetAsync($"/api/v1/episodes/{episode}"));
        Assert.Null(read["endedOn"]?.GetValue<string>());
    }

    HttpClient Client(string token)
    {
        var http = new HttpClient { BaseAddress = factory.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    sealed record SlowAnswer(int Status, string? ContentType, string Head, string Body, TimeSpan Elapsed);

    /// <summary>
    /// A POST over a raw socket whose headers go at once and whose body trickles in at the given rate, until the server
    /// answers or closes; the status, content type and body of the answer (status 0 when none came).
    /// </summary>
    async Task<SlowAnswer> SlowPostAsync(string path, string token, string body, int bytesPerSecond)
    {
        var address = factory.BaseAddress;
        using var socket = new TcpClient();
        await socket.ConnectAsync(address.Host, address.Port);
        var stream = socket.GetStream();
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"POST {path} HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: Bearer {token}\r\n" +
            $"Content-Type: application/json\r\nIdempotency-Key: {Guid.NewGuid()}\r\nContent-Length: {bytes.Length}\r\n\r\n";
        var watch = Stopwatch.StartNew();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var stop = new CancellationTokenSource(Bound + TimeSpan.FromSeconds(30));
        var reading = ReadAnswerAsync(stream, stop.Token);
        try
        {
            // Never the whole body: the server must end the request before it is complete.
            for (var i = 0; i < bytes.Length - 1 && !reading.IsCompleted; i += bytesPerSecond)
            {
                await stream.WriteAsync(bytes.AsMemory(i, Math.Min(bytesPerSecond, bytes.Length - 1 - i)), stop.Token);
                await Task.WhenAny(reading, Task.Delay(1000, stop.Token));
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            // The server closed the connection while the body was still coming: the answer, if any, has been read.
        }
        var answer = await reading;
        var elapsed = watch.Elapsed;
        var end = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = end < 0 ? answer : answer[..end];
        var status = headers.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(headers.AsSpan(9, 3), out var s) ? s : 0;
        var contentType = headers.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?[13..].Trim().Split(';')[0];
        return new SlowAnswer(status, contentType, headers, end < 0 ? "" : answer[(end + 4)..], elapsed);
    }

    static async Task<string> ReadAnswerAsync(NetworkStream stream, CancellationToken cancel)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancel)) > 0) received.Write(buffer, 0, read);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            // Reset by the server after its answer, or no answer within the bound.
        }
        return Encoding.UTF8.GetString(received.ToArray());
    }
}
