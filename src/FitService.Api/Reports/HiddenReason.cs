using FitService.Statistics.Reporting;

namespace FitService.Api.Reports;

/// <summary>
/// Why a published cell is hidden, so a screen can say it honestly: the cell itself is below the minimum size, or it
/// is hidden only to protect another hidden cell (complementary suppression). The reason gives nothing away: every
/// cell below the minimum is hidden anyway, and the companion's own count stays hidden.
/// </summary>
public static class HiddenReason
{
    public const string BelowMinimum = "belowMinimum", ProtectsAnotherCell = "protectsAnotherCell";

    public static string Of(OutcomeTotals totals) =>
        Suppression.IsPrimary(totals.Episodes, totals.Clients) ? BelowMinimum : ProtectsAnotherCell;
}
