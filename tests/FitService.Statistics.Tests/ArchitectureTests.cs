using FitService.Statistics;

namespace FitService.Statistics.Tests;

public class ArchitectureTests
{
    // DESIGN.md: the statistics assembly is pure; it references nothing that does database or HTTP I/O.
    [Fact]
    public void StatisticsReferencesNoDatabaseOrWebAssembly()
    {
        var names = typeof(ItemScoring).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToArray();

        Assert.NotEmpty(names);
        Assert.DoesNotContain(names, n => n.StartsWith("Npgsql", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(names, n => n.StartsWith("Dapper", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(names, n => n.StartsWith("Microsoft.AspNetCore", StringComparison.OrdinalIgnoreCase));
    }
}
