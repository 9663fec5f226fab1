using System.Diagnostics;

namespace FitService.Api.Tests.Infrastructure;

/// <summary>Runs a command-line tool (node, npx) for a test and asserts it succeeded; returns what it printed.</summary>
public static class Tool
{
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0,
            $"{program} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}):\n{await output}\n{await errors}");
        return await output;
    }
}
