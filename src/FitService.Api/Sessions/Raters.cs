namespace FitService.Api.Sessions;

/// <summary>Who marked a session's scales: the client (on their own screen, or on paper), the clinician, or a relation.</summary>
public static class Raters
{
    public const string Client = "client";
    public const string Clinician = "clinician";
    public const string Collateral = "collateral";

    public static readonly IReadOnlyList<string> All = [Client, Clinician, Collateral];
}

/// <summary>Why a session has no alliance scale; null means the clinician did not say.</summary>
public static class AllianceMissingReasons
{
    public const string ClientDeclined = "clientDeclined";
    public const string NotDone = "notDone";
    public const string ByLink = "byLink";

    public static readonly IReadOnlyList<string> All = [ClientDeclined, NotDone, ByLink];
}
