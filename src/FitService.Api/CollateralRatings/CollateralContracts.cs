using System.Text.Json;
using System.Text.Json.Serialization;

namespace FitService.Api.CollateralRatings;

/// <summary>
/// A collateral rating as sent: the session it accompanies, the rater's relation and the item values. Any other
/// property lands in <see cref="Other"/> and is refused by name, so no name or free text can ride along.
/// </summary>
public sealed record CollateralRatingRequest(int? SessionNumber, string? Relation, Dictionary<string, JsonElement>? Items)
{
    [JsonExtensionData] public Dictionary<string, JsonElement>? Other { get; init; }
}

/// <summary>A correction of a collateral rating: new item values for the same session and relation.</summary>
public sealed record CollateralCorrectionRequest(Dictionary<string, JsonElement>? Items)
{
    [JsonExtensionData] public Dictionary<string, JsonElement>? Other { get; init; }
}

/// <summary>The stored rating: the session's date, the instrument, the total and items, and its revision.</summary>
public sealed record CollateralRatingRecorded(Guid EpisodeId, int SessionNumber, DateOnly Date, string Relation, string Instrument,
    decimal Total, IReadOnlyDictionary<string, decimal> Items, int Revision)
{
    public string RatedBy => CollateralRelations.RatedBy;
}

/// <summary>Who a collateral rater is to the client: a relation from a fixed set, never a name.</summary>
public static class CollateralRelations
{
    public const string RatedBy = "collateral";

    public static readonly IReadOnlyList<string> All = ["parent", "partner", "teacher", "other"];

    public static bool IsValid(string? relation) => relation is not null && All.Contains(relation);

    public const string InvalidNorwegian = "Må være parent, partner, teacher eller other (aldri et navn).";
    public const string InvalidEnglish = "Must be parent, partner, teacher or other (never a name).";
}
