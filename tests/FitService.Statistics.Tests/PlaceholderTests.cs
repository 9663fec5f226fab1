namespace FitService.Statistics.Tests;

public class PlaceholderTests
{
    [Fact]
    public void ReliableChangeHasThreeValues() => Assert.Equal(3, Enum.GetValues<FitService.Statistics.ReliableChange>().Length);
}
