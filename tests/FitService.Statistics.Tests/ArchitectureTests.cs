using FitService.Statistics;

namespace FitService.Statistics.Tests;

public class ArchitectureTests
{
    // The statistics assembly is pure (docs/architecture.md); it references nothing that does database or HTTP I/O.
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
