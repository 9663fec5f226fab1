using FitService.Statistics.Reporting;
using static FitService.Statistics.Reporting.LayShareKind;

namespace FitService.Statistics.Tests.Reporting;

public class LayShareTests
{
    [Theory]
    [InlineData(0.0, None, 0)]
    [InlineData(0.0001, FewerThanOneInTen, 0)]
    [InlineData(0.0499, FewerThanOneInTen, 0)]
    [InlineData(0.05, AboutInTen, 1)]        // half away from zero
    [InlineData(0.58, AboutInTen, 6)]
    [InlineData(0.65, AboutInTen, 7)]
    [InlineData(0.9499, AboutInTen, 9)]
    [InlineData(0.95, NearlyAll, 10)]
    [InlineData(0.9999, NearlyAll, 10)]
    [InlineData(1.0, All, 10)]
    public void ASharesIsSaidInWholeTenthsAndNeverRoundsToNoneOrAll(double share, LayShareKind kind, int inTen) =>
        Assert.Equal(new LayShare(kind, inTen), LayShare.Of(share));

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void AShareOutsideZeroToOneIsRefused(double share) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LayShare.Of(share));
}
