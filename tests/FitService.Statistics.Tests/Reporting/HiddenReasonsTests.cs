using FitService.Statistics.Reporting;

namespace FitService.Statistics.Tests.Reporting;

public class HiddenReasonsTests
{
    // One line: total = a + b + c, three parts (a 3 × 1 table: cells 0–2, grand total 3).
    static readonly CrossTable Line = new(3, 1);

    // Total 16, c = 10 shown: a + b = 6 with a small (1–4) and b a companion (0 or ≥ 5) → b = 5 and a = 1 exactly.
    [Fact]
    public void ReasonsThatPinASmallCellAreNotSaid() =>
        Assert.False(HiddenReasons.CanBeSaid(Line, [1, 5, 10, 16], [true, true, false, false], [true, false, false, false]));

    // a + b = 9: b ∈ {5, …, 8}, a ∈ {1, …, 4}; nothing pinned.
    [Fact]
    public void ReasonsThatLeaveEveryHiddenCellOpenAreSaid() =>
        Assert.True(HiddenReasons.CanBeSaid(Line, [3, 6, 10, 19], [true, true, false, false], [true, false, false, false]));

    // Two small cells summing to 5 leave each in 1–4: open.
    [Fact]
    public void TwoSmallCellsStayOpen() =>
        Assert.True(HiddenReasons.CanBeSaid(Line, [2, 3, 10, 15], [true, true, false, false], [true, true, false, false]));

    // Both sums of 6 and of 7 pin nothing exactly with two small cells, but one small with a companion at 6 does; the
    // check agrees with a brute-force enumeration of what an observer could still believe, for every sum 1–20.
    [Fact]
    public void ItAgreesWithEnumeratingEveryPossibleSplit()
    {
        for (long sum = 1; sum <= 20; sum++)
        {
            var splits = Enumerable.Range(0, (int)sum + 1).Select(a => (A: (long)a, B: sum - a))
                .Where(s => s.A is >= 1 and <= 4 && (s.B == 0 || s.B >= 5)).ToList();
            if (splits.Count == 0) continue; // no real table has this sum with these reasons
            var pinned = splits.Count == 1;
            var (a, b) = splits[0];
            Assert.Equal(!pinned, HiddenReasons.CanBeSaid(Line, [a, b, 10, sum + 10], [true, true, false, false], [true, false, false, false]));
        }
    }

    // Without a shown total nothing is pinned, whatever the reasons.
    [Fact]
    public void AHiddenTotalGivesNothingAway() =>
        Assert.True(HiddenReasons.CanBeSaid(Line, [1, 5, 10, 16], [true, true, true, true], [true, false, false, false]));
}
