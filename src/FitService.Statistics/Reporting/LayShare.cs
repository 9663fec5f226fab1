namespace FitService.Statistics.Reporting;

/// <summary>How a share is said to lay readers: none, fewer than 1 in 10, about k in 10, nearly all, or all.</summary>
public enum LayShareKind
{
    /// <summary>Exactly 0.</summary>
    None,
    /// <summary>Above 0 but below 0.05 (would round to 0 in 10).</summary>
    FewerThanOneInTen,
    /// <summary>About <see cref="LayShare.InTen"/> in 10 (1–9).</summary>
    AboutInTen,
    /// <summary>0.95 or more but below 1 (would round to 10 in 10).</summary>
    NearlyAll,
    /// <summary>Exactly 1.</summary>
    All,
}

/// <summary>A share rounded for lay readers to whole tenths ("about 6 in 10").</summary>
/// <param name="Kind">Which wording applies.</param>
/// <param name="InTen">The share in whole tenths, rounded half away from zero (0.65 is 7 in 10); 0 for none, 10 for all.</param>
public sealed record LayShare(LayShareKind Kind, int InTen)
{
    /// <summary>
    /// The lay form of a share: round(10·p) tenths (half away from zero), except that 0 and 1 are "none" and "all",
    /// and a share that is not 0 or 1 never rounds to them (it is "fewer than 1 in 10" or "nearly all").
    /// </summary>
    /// <param name="share">A share in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">The share is NaN or outside [0, 1].</exception>
    public static LayShare Of(double share)
    {
        if (double.IsNaN(share) || share < 0 || share > 1)
            throw new ArgumentOutOfRangeException(nameof(share), share, "A share is between 0 and 1.");
        var tenths = (int)Math.Round(share * 10, MidpointRounding.AwayFromZero);
        return share switch
        {
            0 => new(LayShareKind.None, 0),
            1 => new(LayShareKind.All, 10),
            _ when tenths == 0 => new(LayShareKind.FewerThanOneInTen, 0),
            _ when tenths == 10 => new(LayShareKind.NearlyAll, 10),
            _ => new(LayShareKind.AboutInTen, tenths),
        };
    }
}
