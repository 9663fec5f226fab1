namespace FitService.Statistics;

/// <summary>Published default settings; the sources are in docs/statistics.md. Every one is configurable.</summary>
public static class PublishedDefaults
{
    /// <summary>ORS reliable change threshold, 5 points (Miller et al. 2003).</summary>
    public const decimal OrsReliableChange = 5m;
    /// <summary>Alternative ORS reliable change threshold, 6 points (Duncan 2012).</summary>
    public const decimal OrsReliableChangeDuncan2012 = 6m;
    /// <summary>Adult ORS clinical cutoff, 25 points (Miller et al. 2003).</summary>
    public const decimal OrsAdultCutoff = 25m;
    /// <summary>Lowest valid item value on a 10 cm visual analogue line.</summary>
    public const decimal ItemMin = 0m;
    /// <summary>Highest valid item value on a 10 cm visual analogue line.</summary>
    public const decimal ItemMax = 10m;
}
