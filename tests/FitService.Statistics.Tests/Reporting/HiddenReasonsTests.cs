using FitService.Statistics.Reporting;

namespace FitService.Statistics.Tests.Reporting;

public class HiddenReasonsTests
{
    // One line: total = a + b + c, three parts (a 3 × 1 table: cells 0–2, grand total 3).
    static readonly CrossTable Line = new(3, 1);

    // Each episode its own client unless a test says otherwise.
    static bool Said(long[] episodes, bool[] hidden, long[]? clients = null) =>
        HiddenReasons.CanBeSaid(Line, episodes, clients ?? episodes, hidden);

    // Total 16, c = 10 shown: a + b = 6 with a small (1–4) and b a companion (0 or ≥ 5) → b = 5 and a = 1 exactly.
    [Fact]
    public void ReasonsThatPinASmallCellAreNotSaid() => Assert.False(Said([1, 5, 10, 16], [true, true, false, false]));

    // a + b = 9: b ∈ {5, …, 8}, a ∈ {1, …, 4}; nothing pinned.
    [Fact]
    public void ReasonsThatLeaveEveryHiddenCellOpenAreSaid() => Assert.True(Said([3, 6, 10, 19], [true, true, false, false]));

    // Two small cells summing to 5 leave each in 1–4: open.
    [Fact]
    public void TwoSmallCellsStayOpen() => Assert.True(Said([2, 3, 10, 15], [true, true, false, false]));

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
            var (a, b) = splits[0];
            Assert.Equal(splits.Count > 1, Said([a, b, 10, sum + 10], [true, true, false, false]));
        }
    }

    // A cell below the minimum only by its clients (a episodes from 2 clients, a ≥ 5) beside a companion b (0 or ≥ 5): the
    // observer is credited with knowing a ≥ 5, and the check agrees with enumerating the splits for every sum 5–20; at 5
    // (a = 5, b = 0) and 6 (a = 6, b = 0) the reasons would pin both, and they are not said.
    [Fact]
    public void ACellBelowTheMinimumByItsClientsIsJudgedByTheEpisodesItHolds()
    {
        for (long sum = 5; sum <= 20; sum++)
        {
            var splits = Enumerable.Range(5, (int)sum - 4).Select(a => (A: (long)a, B: sum - a)).Where(s => s.B == 0 || s.B >= 5).ToList();
            var (a, b) = splits[0];
            Assert.Equal(splits.Count > 1, Said([a, b, 10, sum + 10], [true, true, false, false], [2, b, 10, sum + 10]));
        }
        Assert.False(Said([5, 0, 10, 15], [true, true, false, false], [2, 0, 10, 15]));
        Assert.True(Said([5, 5, 10, 20], [true, true, false, false], [2, 5, 10, 20]));
    }

    // Without a shown total nothing is pinned, whatever the reasons.
    [Fact]
    public void AHiddenTotalGivesNothingAway() => Assert.True(Said([1, 5, 10, 16], [true, true, true, true]));

    [Fact]
    public void ListsOfTheWrongLengthAreRefused() =>
        Assert.Throws<ArgumentException>(() => HiddenReasons.CanBeSaid(Line, [1, 5, 10, 16], [1, 5, 10], [true, true, false, false]));
}
