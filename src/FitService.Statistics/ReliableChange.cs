namespace FitService.Statistics;

/// <summary>Whether the change from intake reaches the reliable-change threshold.</summary>
public enum ReliableChange
{
    /// <summary>Changed in the better direction by at least the threshold.</summary>
    Improved,
    /// <summary>Changed by less than the threshold.</summary>
    Unchanged,
    /// <summary>Changed in the worse direction by at least the threshold.</summary>
    Deteriorated,
}
