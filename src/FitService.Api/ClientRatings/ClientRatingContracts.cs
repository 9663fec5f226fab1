using FitService.Api.Instruments;

namespace FitService.Api.ClientRatings;

/// <summary>What the client is to rate: the outcome scale (a new session) or the alliance scale of a session (default: the latest).</summary>
public sealed record ClientLinkRequest(string? Scale, int? SessionNumber);

/// <summary>
/// A one-time link for the client's own phone. The code is shown once, here: the service keeps only its hash.
/// <paramref name="QrCode"/> is the url as a QR code (an SVG data URL, for an img element); <paramref name="Id"/> names
/// the link (not its code) for <c>GET /episodes/{id}/client-links/{linkId}</c>, which says whether it has been used.
/// </summary>
public sealed record ClientLink(string Code, string Url, DateTimeOffset ExpiresAt, string Scale, int? SessionNumber, string QrCode, Guid Id);

/// <summary>
/// What the anonymous rating page needs to draw the form, and nothing that identifies the client: the scale, the
/// instrument's items (labels: the organisation's wording of this instrument when set, else the page's own neutral
/// dimension labels), whether the child versions' wording applies, and when the link stops working.
/// </summary>
public sealed record ClientRatingForm(string Scale, RatingInstrument Instrument, bool ForChildren, IReadOnlyList<string> Languages,
    DateTimeOffset ExpiresAt);

public sealed record RatingInstrument(string Code, string Kind, IReadOnlyList<RatingItem> Items,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, ItemWording>> Wording);

public sealed record RatingItem(string Key, decimal Min, decimal Max);

/// <summary>The client's marks: item key to value (0.0–10.0, one decimal), every item of the instrument.</summary>
public sealed record ClientRatingRequest(Dictionary<string, System.Text.Json.JsonElement>? Items);

/// <summary>The answer to the client: recorded, and nothing more (no score, no total).</summary>
public sealed record ClientRatingRecorded(string Scale, int SessionNumber);
