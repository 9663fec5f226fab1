using FitService.Statistics;

namespace FitService.Statistics.Tests;

public class ChangeClassificationTests
{
    // ORS settings: reliable change 5 points and adult cutoff 25 (Miller et al. 2003); higher is better.
    const decimal Rc = 5m;
    const decimal Cutoff = 25m;

    [Theory]
    [InlineData("20", "25", ReliableChange.Improved)]      // exactly at the threshold: reliable
    [InlineData("20", "24.9", ReliableChange.Unchanged)]   // 0.1 below: not
    [InlineData("20", "15", ReliableChange.Deteriorated)]
    [InlineData("20", "15.1", ReliableChange.Unchanged)]
    [InlineData("20", "20", ReliableChange.Unchanged)]
    [InlineData("0", "40", ReliableChange.Improved)]
    public void ChangeExactlyAtTheThresholdIsReliable(string intake, string current, ReliableChange expected) =>
        Assert.Equal(expected, ChangeClassification.Classify(D(intake), D(current), Rc, higherIsBetter: true));

    [Theory]
    [InlineData("20", "25", ReliableChange.Deteriorated)]
    [InlineData("20", "15", ReliableChange.Improved)]
    [InlineData("20", "15.1", ReliableChange.Unchanged)]
    public void LowerIsBetterReversesTheDirection(string intake, string current, ReliableChange expected) =>
        Assert.Equal(expected, ChangeClassification.Classify(D(intake), D(current), Rc, higherIsBetter: false));

    [Fact]
    public void DuncanThresholdOfSixIsASetting()
    {
        Assert.Equal(ReliableChange.Unchanged, ChangeClassification.Classify(20m, 25m, 6m, true));
        Assert.Equal(ReliableChange.Improved, ChangeClassification.Classify(20m, 26m, 6m, true));
    }

    [Theory]
    [InlineData("24.9", true, ClinicalRange.Clinical)]
    [InlineData("25", true, ClinicalRange.Functional)]     // at the cutoff: functional
    [InlineData("25.1", true, ClinicalRange.Functional)]
    [InlineData("24.9", false, ClinicalRange.Functional)]
    [InlineData("25", false, ClinicalRange.Functional)]    // at the cutoff: functional either way
    [InlineData("25.1", false, ClinicalRange.Clinical)]
    public void ScoreAtTheCutoffIsFunctional(string score, bool higherIsBetter, ClinicalRange expected) =>
        Assert.Equal(expected, ChangeClassification.RangeOf(D(score), Cutoff, higherIsBetter));

    [Theory]
    [InlineData("20", "25", OutcomeCategory.Recovered)]     // reliable, clinical -> exactly at cutoff
    [InlineData("20", "24.9", OutcomeCategory.Unchanged)]
    [InlineData("19.9", "24.9", OutcomeCategory.Improved)]   // reliable but still clinical
    [InlineData("25", "30", OutcomeCategory.Improved)]       // started functional: cannot recover
    [InlineData("25", "20", OutcomeCategory.Harmed)]         // functional at cutoff -> clinical, reliable
    [InlineData("30", "25", OutcomeCategory.Deteriorated)]   // still functional
    [InlineData("24", "19", OutcomeCategory.Deteriorated)]   // was already clinical
    [InlineData("26", "21.1", OutcomeCategory.Unchanged)]    // crossed, but not reliably
    public void CategoriesForAHigherIsBetterInstrument(string intake, string current, OutcomeCategory expected) =>
        Assert.Equal(expected, ChangeClassification.Categorize(D(intake), D(current), Rc, Cutoff, higherIsBetter: true));

    // Lower is better (e.g. a symptom checklist): the same cases mirrored around the cutoff.
    [Theory]
    [InlineData("30", "25", OutcomeCategory.Recovered)]
    [InlineData("30", "25.1", OutcomeCategory.Unchanged)]
    [InlineData("30.1", "25.1", OutcomeCategory.Improved)]
    [InlineData("25", "20", OutcomeCategory.Improved)]
    [InlineData("25", "30", OutcomeCategory.Harmed)]
    [InlineData("20", "25", OutcomeCategory.Deteriorated)]
    [InlineData("26", "31", OutcomeCategory.Deteriorated)]
    public void CategoriesMirrorForALowerIsBetterInstrument(string intake, string current, OutcomeCategory expected) =>
        Assert.Equal(expected, ChangeClassification.Categorize(D(intake), D(current), Rc, Cutoff, higherIsBetter: false));

    // Invariant: negating every score and the cutoff and reversing the direction changes nothing,
    // boundaries included.
    [Fact]
    public void CategorizeIsInvariantUnderMirroring()
    {
        foreach (var cutoff in new[] { 25m, 28m, 32m, 24.5m })
        foreach (var threshold in new[] { 5m, 6m, 0.1m })
        for (var intake = 0m; intake <= 40m; intake += 0.5m)
        for (var current = 0m; current <= 40m; current += 0.5m)
        {
            var higher = ChangeClassification.Categorize(intake, current, threshold, cutoff, true);
            var mirrored = ChangeClassification.Categorize(-intake, -current, threshold, -cutoff, false);
            Assert.Equal(higher, mirrored);
        }
    }

    // Invariant: reversing only the direction swaps improvement and deterioration (and, off the cutoff,
    // recovered and harmed).
    [Fact]
    public void ReversingTheDirectionSwapsTheCategories()
    {
        var swap = new Dictionary<OutcomeCategory, OutcomeCategory>
        {
            [OutcomeCategory.Recovered] = OutcomeCategory.Harmed,
            [OutcomeCategory.Harmed] = OutcomeCategory.Recovered,
            [OutcomeCategory.Improved] = OutcomeCategory.Deteriorated,
            [OutcomeCategory.Deteriorated] = OutcomeCategory.Improved,
            [OutcomeCategory.Unchanged] = OutcomeCategory.Unchanged,
        };
        const decimal cutoff = 25.05m; // no score on the 0.1 grid sits on it
        for (var intake = 0m; intake <= 40m; intake += 0.5m)
        for (var current = 0m; current <= 40m; current += 0.5m)
        {
            var up = ChangeClassification.Categorize(intake, current, Rc, cutoff, true);
            var down = ChangeClassification.Categorize(intake, current, Rc, cutoff, false);
            Assert.Equal(swap[up], down);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public void NonPositiveThresholdThrows(string threshold)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChangeClassification.Classify(20m, 25m, D(threshold), true));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChangeClassification.Categorize(20m, 25m, D(threshold), Cutoff, true));
    }

    static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}
