using FitService.Statistics;

namespace FitService.Statistics.Tests;

public class AllianceAlertsTests
{
    // SRS rules: total below 36, any item below 9, or a fall of 1 or more from the previous session.
    static readonly AllianceRules Srs = new();

    static Dictionary<string, decimal> Items(decimal relationship, decimal goals = 9.5m, decimal approach = 9.5m, decimal overall = 9.5m) => new()
    {
        ["relationship"] = relationship,
        ["goalsAndTopics"] = goals,
        ["approachOrMethod"] = approach,
        ["overall"] = overall,
    };

    [Fact]
    public void DefaultsAreTheSrsRules() => Assert.Equal(new AllianceRules(36m, 9m, 1m), Srs);

    [Fact]
    public void TotalExactlyAtTheCutoffRaisesNothing() =>
        Assert.Empty(AllianceAlerts.Evaluate(Items(9m, 9m, 9m, 9m), 36m, null, Srs));

    [Fact]
    public void TotalJustBelowTheCutoffAlerts()
    {
        var alert = Assert.Single(AllianceAlerts.Evaluate(Items(9m, 9m, 9m, 9m), 35.9m, null, Srs));
        Assert.Equal(new AllianceAlert(AllianceAlertKind.BelowCutoff, null, 35.9m, 36m), alert);
    }

    [Fact]
    public void ItemExactlyAtTheMinimumRaisesNothing() =>
        Assert.Empty(AllianceAlerts.Evaluate(Items(9m, 10m, 10m, 10m), 39m, null, Srs));

    [Fact]
    public void ItemJustBelowTheMinimumAlertsOncePerItem()
    {
        var alerts = AllianceAlerts.Evaluate(Items(8.9m, 10m, 10m, 8m), 36.9m, null, Srs);

        Assert.Equal(
        [
            new AllianceAlert(AllianceAlertKind.LowItem, "overall", 8m, 9m),
            new AllianceAlert(AllianceAlertKind.LowItem, "relationship", 8.9m, 9m),
        ], alerts);
    }

    [Fact]
    public void DropOfExactlyOneAlerts()
    {
        var alert = Assert.Single(AllianceAlerts.Evaluate(Items(9.5m), 38m, 39m, Srs));
        Assert.Equal(new AllianceAlert(AllianceAlertKind.Drop, null, 1.0m, 1m), alert);
    }

    [Theory]
    [InlineData(38.9)]   // a fall of 0.9
    [InlineData(38)]     // no change
    [InlineData(30)]     // a rise
    public void SmallerFallOrRiseRaisesNoDropAlert(double previous) =>
        Assert.Empty(AllianceAlerts.Evaluate(Items(9.5m), 38m, (decimal)previous, Srs));

    [Fact]
    public void AllRulesCanFireTogetherInOrder()
    {
        var alerts = AllianceAlerts.Evaluate(Items(5m, 9m, 9m, 9m), 32m, 38m, Srs);

        Assert.Equal(
            [AllianceAlertKind.BelowCutoff, AllianceAlertKind.LowItem, AllianceAlertKind.Drop],
            alerts.Select(a => a.Kind));
        Assert.Equal(6m, alerts[2].Value);
    }

    [Fact]
    public void RulesAreSettings()
    {
        var strict = new AllianceRules(Cutoff: 38m, ItemMinimum: 9.5m, Drop: 0.5m);
        var kinds = AllianceAlerts.Evaluate(Items(9.4m), 37.9m, 38.4m, strict).Select(a => a.Kind);
        Assert.Equal([AllianceAlertKind.BelowCutoff, AllianceAlertKind.LowItem, AllianceAlertKind.Drop], kinds);
    }

    [Fact]
    public void InvalidArgumentsThrow()
    {
        Assert.Throws<ArgumentNullException>(() => AllianceAlerts.Evaluate(null!, 36m, null, Srs));
        Assert.Throws<ArgumentNullException>(() => AllianceAlerts.Evaluate(Items(9m), 36m, null, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => AllianceAlerts.Evaluate(Items(9m), 36m, null, Srs with { Drop = 0m }));
    }
}
