using System.Text.RegularExpressions;
using FitService.Api.Infrastructure;
using FitService.Statistics;
using Npgsql;

namespace FitService.Api.Instruments;

public static partial class InstrumentsApi
{
    public static RouteGroupBuilder MapInstruments(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/instruments").WithTags("Instruments");
        group.MapGet("/", ListInstruments).WithSummary("All instruments with items, thresholds and cutoffs")
            .Produces<IReadOnlyList<InstrumentResponse>>();
        group.MapGet("/{code}", GetInstrument).WithSummary("One instrument, with its derived reliable-change threshold and clinical cutoff")
            .Produces<InstrumentResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", CreateInstrument).RequireAuthorization(Policies.Admin)
            .WithSummary("Define a custom instrument (admin): explicit threshold and age-band cutoffs, or norms to derive them from")
            .Produces<InstrumentResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    static async Task<IResult> ListInstruments(NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        return Results.Ok((await InstrumentStore.ListAsync(connection)).Select(InstrumentResponse.From));
    }

    static async Task<IResult> GetInstrument(string code, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        return await InstrumentStore.FindAsync(connection, code) is { } instrument
            ? Results.Ok(InstrumentResponse.From(instrument))
            : Problems.NotFound($"Instrument {code}");
    }

    static async Task<IResult> CreateInstrument(CreateInstrumentRequest request, HttpContext http, IdempotentWriter writer)
    {
        var errors = new FieldErrors();
        var instrument = Validate(request, errors);
        if (instrument is null) return errors.ToResult();
        return await writer.RunAsync(http, Actor.From(http.User), request, async (connection, transaction) =>
        {
            if (await InstrumentStore.FindAsync(connection, instrument.Code, transaction) is not null)
                return (Problems.Conflict("code", $"Instrumentet {instrument.Code} finnes allerede. / Instrument {instrument.Code} already exists."), null);
            await InstrumentStore.InsertAsync(connection, transaction, instrument);
            return (null, new Written(201, InstrumentResponse.From(instrument), $"/api/v1/instruments/{instrument.Code}"));
        });
    }

    static Instrument? Validate(CreateInstrumentRequest r, FieldErrors errors)
    {
        if (!Codes.IsValid(r.Code))
            errors.Add("code", Codes.InvalidNorwegian, Codes.InvalidEnglish);
        if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Length > 200)
            errors.Add("name", "Navn må fylles ut (maks 200 tegn).", "Name is required (max 200 characters).");
        if (r.Kind is not (Instrument.Outcome or Instrument.Alliance))
            errors.Add("kind", "Type må være outcome eller alliance.", "Kind must be outcome or alliance.");
        if (r.HigherIsBetter is null)
            errors.Add("higherIsBetter", "Må oppgis.", "Is required.");
        ValidateItems(r.Items, errors);

        var thresholds = (r.ReliableChangeThreshold, r.Cutoffs, r.Norms);
        DerivedThresholds? derived = null;
        switch (thresholds)
        {
            case (null, null, null):
                errors.Add("norms", "Oppgi enten norms, eller reliableChangeThreshold og cutoffs.",
                    "Give either norms, or reliableChangeThreshold and cutoffs.");
                break;
            case (_, _, { } norms) when r.ReliableChangeThreshold is not null || r.Cutoffs is not null:
                errors.Add("norms", "Oppgi norms eller eksplisitte terskler, ikke begge.", "Give norms or explicit thresholds, not both.");
                break;
            case (_, _, { } norms):
                derived = ValidateNorms(norms, errors);
                break;
            default:
                if (r.ReliableChangeThreshold is not { } t || t <= 0 || t > 1000)
                    errors.Add("reliableChangeThreshold", "Må være et positivt tall.", "Must be a positive number.");
                ValidateCutoffs(r.Cutoffs ?? [], errors);
                break;
        }
        if (errors.Any) return null;

        // Stored with two decimals, rounded so that classification gives what the exact values give (JacobsonTruax.ForStorage).
        var stored = derived is { } d ? JacobsonTruax.ForStorage(d, r.HigherIsBetter!.Value) : default;
        var cutoffs = derived is not null
            ? [new AgeBandCutoff(0, 130, stored.ClinicalCutoff)]
            : r.Cutoffs!.Select(c => new AgeBandCutoff(c.MinAge, c.MaxAge, c.Cutoff)).ToList();
        var threshold = derived is not null ? stored.ReliableChangeThreshold : r.ReliableChangeThreshold;
        var n = r.Norms;
        return new Instrument(r.Code!, r.Name!.Trim(), r.Kind!, r.HigherIsBetter!.Value, threshold,
            r.Items!.Select(i => new ItemRange(i.Key, i.Min, i.Max)).ToList(), cutoffs,
            n is null ? null : new Norms(n.ClinicalMean, n.ClinicalSd, n.FunctionalMean, n.FunctionalSd, n.Reliability), BuiltIn: false);
    }

    static void ValidateItems(List<InstrumentItemDto>? items, FieldErrors errors)
    {
        if (items is null || items.Count is 0 or > 50)
        {
            errors.Add("items", "Mellom 1 og 50 ledd.", "Between 1 and 50 items.");
            return;
        }
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Key is null || !ItemKeyPattern().IsMatch(item.Key))
                errors.Add($"items[{i}].key", "Nøkkel må være 1–40 bokstaver/sifre og starte med en bokstav.",
                    "Key must be 1–40 letters or digits, starting with a letter.");
            else if (items.Take(i).Any(other => other.Key == item.Key))
                errors.Add($"items[{i}].key", "Nøkkelen er brukt før.", "Duplicate key.");
            if (item.Min < 0 || item.Max > 100 || item.Min >= item.Max || decimal.Round(item.Min, 1) != item.Min || decimal.Round(item.Max, 1) != item.Max)
                errors.Add($"items[{i}]", "Krever 0 ≤ min < max ≤ 100, med høyst én desimal.", "Requires 0 ≤ min < max ≤ 100, with at most one decimal.");
        }
    }

    static DerivedThresholds? ValidateNorms(NormsDto norms, FieldErrors errors)
    {
        if (!(norms.ClinicalSd > 0) || !double.IsFinite(norms.ClinicalSd))
            errors.Add("norms.clinicalSd", "Må være større enn 0.", "Must be greater than 0.");
        if (!(norms.FunctionalSd > 0) || !double.IsFinite(norms.FunctionalSd))
            errors.Add("norms.functionalSd", "Må være større enn 0.", "Must be greater than 0.");
        if (!(norms.Reliability >= 0 && norms.Reliability < 1))
            errors.Add("norms.reliability", "Må være fra og med 0 til (ikke med) 1.", "Must be at least 0 and below 1.");
        if (!double.IsFinite(norms.ClinicalMean) || Math.Abs(norms.ClinicalMean) > 10000)
            errors.Add("norms.clinicalMean", "Ugyldig verdi.", "Invalid value.");
        if (!double.IsFinite(norms.FunctionalMean) || Math.Abs(norms.FunctionalMean) > 10000)
            errors.Add("norms.functionalMean", "Ugyldig verdi.", "Invalid value.");
        return errors.Any ? null
            : JacobsonTruax.Derive(new Norms(norms.ClinicalMean, norms.ClinicalSd, norms.FunctionalMean, norms.FunctionalSd, norms.Reliability));
    }

    static void ValidateCutoffs(List<AgeCutoffDto> cutoffs, FieldErrors errors)
    {
        for (var i = 0; i < cutoffs.Count; i++)
        {
            var c = cutoffs[i];
            if (c.MinAge < 0 || c.MaxAge > 130 || c.MinAge > c.MaxAge)
                errors.Add($"cutoffs[{i}]", "Krever 0 ≤ minAge ≤ maxAge ≤ 130.", "Requires 0 ≤ minAge ≤ maxAge ≤ 130.");
            else if (cutoffs.Take(i).Any(o => o.MinAge <= c.MaxAge && c.MinAge <= o.MaxAge))
                errors.Add($"cutoffs[{i}]", "Aldersbåndene overlapper.", "The age bands overlap.");
        }
    }

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9]{0,39}$")]
    private static partial Regex ItemKeyPattern();
}
