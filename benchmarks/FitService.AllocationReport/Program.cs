// Reads a nettrace with the runtime's GC AllocationTick events (dotnet-trace --providers Microsoft-Windows-DotNETRuntime:0x1:5:
// one event, with its stack, per ~100 KB allocated) and prints the sampled bytes by type, by the innermost FitService
// frame of the allocating stack, and by both. The sampled total is below the counters' (a sample stands for the ~100 KB
// before it): read the shares, and take the bytes per session from dotnet-counters.
//   dotnet run --project benchmarks/FitService.AllocationReport -c Release -- TRACE.nettrace [SESSIONS]
using System.Globalization;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

var sessions = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 1;
using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(args[0]));
var byType = new Dictionary<string, double>();
var byFrame = new Dictionary<string, double>();
var byBoth = new Dictionary<string, double>();
double total = 0;
foreach (var e in log.Events)
{
    if (e is not GCAllocationTickTraceData tick) continue;
    double bytes = tick.AllocationAmount64;
    total += bytes;
    string? own = null, first = null;
    for (var frame = e.CallStack(); frame is not null; frame = frame.Caller)
    {
        var name = frame.CodeAddress.FullMethodName;
        if (string.IsNullOrEmpty(name)) continue;
        first ??= name;
        if (name.Contains("FitService", StringComparison.Ordinal)) { own = name; break; }
    }
    var type = tick.TypeName ?? "?";
    var where = own ?? "(no FitService frame) " + (first ?? "?");
    Add(byType, type, bytes);
    Add(byFrame, where, bytes);
    Add(byBoth, type + " @ " + where, bytes);
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"sampled {total / 1048576:F1} MiB, {total / 1024 / sessions:F1} KB per session over {sessions} sessions"));
Top("by type", byType, 30);
Top("by innermost FitService frame", byFrame, 30);
Top("by type and frame", byBoth, 40);

static void Add(Dictionary<string, double> sums, string key, double bytes) => sums[key] = sums.GetValueOrDefault(key) + bytes;

void Top(string title, Dictionary<string, double> sums, int count)
{
    Console.WriteLine("--- " + title);
    foreach (var (key, bytes) in sums.OrderByDescending(kv => kv.Value).Take(count))
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{bytes / total * 100,5:F1} % {bytes / 1024 / sessions,7:F2} KB  {(key.Length > 160 ? key[..160] : key)}"));
}
