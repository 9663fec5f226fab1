using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace FitService.LoadGenerator;

// Posts sessions (ORS + SRS, random item values, a fresh Idempotency-Key each) round robin over the benchmark's
// episodes at a fixed rate, open loop: request i is due at start + i / rate whatever the answers before it took (wrk2's
// -R semantics), and its latency is counted from that intended time, so a slow answer that holds up the requests behind
// it shows in their latency instead of lowering the rate offered (no coordinated omission). It checks itself: the rate
// it actually dispatched at, how late its own timer was, and its CPU per request; a run whose offered rate is more than
// 5 % off the intended one is flagged, because its latencies then do not describe the intended rate.
//   FitService.LoadGenerator --url http://127.0.0.1:5090 --rate 270 --seconds 15 [--connections 16] [--warmup 2]
// Environment: TOKEN (bearer token), EPISODES (file with one episode id per line), as benchmarks/write-path/record.lua.
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: FitService.LoadGenerator --url URL --rate PER_SECOND --seconds S [--connections 16] [--warmup 2]");
            return 2;
        }
        var token = Environment.GetEnvironmentVariable("TOKEN");
        var episodesFile = Environment.GetEnvironmentVariable("EPISODES");
        if (string.IsNullOrEmpty(token) || string.IsNullOrEmpty(episodesFile))
        {
            Console.Error.WriteLine("TOKEN and EPISODES must be set");
            return 2;
        }
        var episodes = File.ReadAllLines(episodesFile).Where(l => l.Length > 0).ToArray();

        using var client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Connections,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            BaseAddress = new Uri(options.Url),
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestVersion = HttpVersion.Version11,
        };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        var sender = new Sender(client, episodes);
        // The generator's own warm-up (JIT, connections), at the same rate and not counted.
        if (options.Warmup > 0)
            await Run(sender, options.Rate, options.Warmup);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var result = await Run(sender, options.Rate, options.Seconds);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;

        var intended = options.Rate;
        var offered = result.Count / result.DispatchSeconds;
        var completed = result.Count / result.CompletionSeconds;
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c,
            $"paced: intended {intended:F1}/s, offered {offered:F1}/s, completed {completed:F1}/s; {result.Count} requests over {options.Seconds} s, at most {options.Connections} connections; non-2xx {result.Non2xx}, errors {result.Errors}"));
        Console.WriteLine(string.Create(c, $"latency from the intended send time, ms: {Percentiles(result.FromIntended)}"));
        Console.WriteLine(string.Create(c, $"latency from the actual dispatch, ms: {Percentiles(result.FromDispatch)}"));
        Console.WriteLine(string.Create(c,
            $"generator: timer lateness p99 {Percentile(result.Lateness, 99):F2} ms, max {result.Lateness.Max():F2} ms; CPU {cpu.TotalMilliseconds / result.Count:F3} ms per request"));
        Console.WriteLine(string.Create(c, $"requests sent in all (warm-up included): {sender.Sent}"));
        var off = Math.Abs(offered - intended) / intended;
        if (off > 0.05)
            Console.WriteLine(string.Create(c, $"FLAGGED: the offered rate {offered:F1}/s is {off:P1} off the intended {intended:F1}/s: the generator did not hold the rate"));
        return 0;
    }

    private static async Task<RunResult> Run(Sender sender, double rate, double seconds)
    {
        var count = (int)Math.Round(rate * seconds);
        var fromIntended = new double[count];
        var fromDispatch = new double[count];
        var lateness = new double[count];
        var statuses = new int[count];
        var tasks = new Task[count];
        var tick = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        // The schedule on a thread of its own, sleeping until each request is due; a due request goes to the thread
        // pool at once, so a slow answer never delays the next dispatch.
        var lastDispatch = 0L;
        var scheduler = new Thread(() =>
        {
            for (var i = 0; i < count; i++)
            {
                var due = start + (long)(i * tick);
                var wait = due - Stopwatch.GetTimestamp();
                if (wait > 0)
                    Thread.Sleep(TimeSpan.FromTicks(Math.Max(1, wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
                var index = i;
                var now = Stopwatch.GetTimestamp();
                lateness[index] = Ms(now - due);
                tasks[index] = Task.Run(async () =>
                {
                    var dispatched = Stopwatch.GetTimestamp();
                    statuses[index] = await sender.Send();
                    var done = Stopwatch.GetTimestamp();
                    fromIntended[index] = Ms(done - due);
                    fromDispatch[index] = Ms(done - dispatched);
                });
                lastDispatch = now;
            }
        }) { IsBackground = true, Priority = ThreadPriority.AboveNormal };
        scheduler.Start();
        scheduler.Join();
        await Task.WhenAll(tasks);
        var end = Stopwatch.GetTimestamp();
        // The offered rate over the schedule's span: count / (time of the last dispatch + one interval) equals the
        // intended rate when every request left on time.
        return new RunResult(count, Ms(lastDispatch - start) / 1000 + 1 / rate, Ms(end - start) / 1000,
            statuses.Count(s => s is > 0 and (< 200 or > 299)), statuses.Count(s => s == 0), fromIntended, fromDispatch, lateness);
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static string Percentiles(double[] values) => string.Create(CultureInfo.InvariantCulture,
        $"p50 {Percentile(values, 50):F1} p90 {Percentile(values, 90):F1} p99 {Percentile(values, 99):F1} max {values.Max():F1}");

    // Nearest rank.
    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private sealed record RunResult(int Count, double DispatchSeconds, double CompletionSeconds, int Non2xx, int Errors,
        double[] FromIntended, double[] FromDispatch, double[] Lateness);

    private sealed class Sender(HttpClient client, string[] episodes)
    {
        private long _sent;

        public long Sent => Interlocked.Read(ref _sent);

        // The HTTP status, or 0 for a transport error or timeout.
        public async Task<int> Send()
        {
            var n = Interlocked.Increment(ref _sent);
            var episode = episodes[(int)((n * 7919) % episodes.Length)];
            var r = Random.Shared;
            string Item() => (r.Next(0, 101) / 10.0).ToString("F1", CultureInfo.InvariantCulture);
            var body = string.Concat(
                "{\"date\":\"2026-01-05\",\"outcome\":{\"items\":{\"individually\":", Item(), ",\"interpersonally\":", Item(),
                ",\"socially\":", Item(), ",\"overall\":", Item(), "}},\"alliance\":{\"items\":{\"relationship\":", Item(),
                ",\"goalsAndTopics\":", Item(), ",\"approachOrMethod\":", Item(), ",\"overall\":", Item(), "}}}");
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/episodes/{episode}/sessions")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("Idempotency-Key", $"paced-{Guid.NewGuid():N}");
            try
            {
                using var response = await client.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                return (int)response.StatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return 0;
            }
        }
    }

    private sealed record Options(string Url, double Rate, double Seconds, int Connections, double Warmup)
    {
        public static Options? Parse(string[] args)
        {
            string? url = null;
            double rate = 0, seconds = 0, warmup = 2;
            var connections = 16;
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                var value = args[i + 1];
                switch (args[i])
                {
                    case "--url": url = value; break;
                    case "--rate": rate = double.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--seconds": seconds = double.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--connections": connections = int.Parse(value, CultureInfo.InvariantCulture); break;
                    case "--warmup": warmup = double.Parse(value, CultureInfo.InvariantCulture); break;
                    default: return null;
                }
            }
            return url is null || rate <= 0 || seconds <= 0 || connections <= 0 || args.Length % 2 != 0 ? null
                : new Options(url, rate, seconds, connections, warmup);
        }
    }
}
