using System.Text.RegularExpressions;
using FitService.Api.Infrastructure;
using FitService.Statistics;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace FitService.Api.Instruments;

public static partial class InstrumentsApi
{
    // Bounds of the stored numbers (thresholds and cutoffs are numeric(6,2)) and of any sensible norm.
    const decimal MaxThreshold = 1000m;
    const decimal MaxCutoff = 10000m;
    const double MaxNorm = 10000;

    public static RouteGroupBuilder MapInstruments(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/instruments").WithTags("Instruments").WithIdempotency();
        group.MapGet("/", ListInstruments).WithSummary("All instruments with items, thresholds, cutoffs and the organisation's item wording");
        group.MapGet("/{code}", GetInstrument)
            .WithSummary("One instrument, with its derived reliable-change threshold and clinical cutoff and the organisation's item wording");
        group.MapPost("/", CreateInstrument).RequireAuthorization(Policies.Admin)
            .WithSummary("Define a custom instrument (admin): explicit threshold and age-band cutoffs, or norms to derive them from")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{code}/wording", GetWording)
            .WithSummary("The organisation's item wording of an instrument per language, with who changed it last and when");
        group.MapPut("/{code}/wording", SetWording).RequireAuthorization(Policies.Admin)
            .WithSummary("Replace one language's item wording of an instrument (admin): label and line-end anchors per item")
            .WithDescription("Items left out show their neutral dimension labels again; {} clears the language. Every change is kept.");
        return group;
    }

    static async Task<Ok<List<InstrumentResponse>>> ListInstruments(NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        var instruments = await InstrumentStore.ListAsync(connection);
        var wording = await InstrumentWordingStore.TextsByInstrumentAsync(connection);
        return TypedResults.Ok(instruments.Select(i => InstrumentResponse.From(i, wording.GetValueOrDefault(i.Code))).ToList());
    }

    static async Task<Results<Ok<InstrumentResponse>, NotFoundProblem>> GetInstrument(string code, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        if (await InstrumentStore.FindAsync(connection, code) is not { } instrument) return TypedProblems.NotFound($"Instrument {code}");
        return TypedResults.Ok(InstrumentResponse.From(instrument, await InstrumentWordingStore.TextsAsync(connection, code)));
    }

    static async Task<Results<Created<InstrumentResponse>, ValidationProblem, ProblemHttpResult>> CreateInstrument(
        CreateInstrumentRequest request, IdempotentWrite write)
    {
        var errors = new FieldErrors();
        var instrument = Validate(request, errors);
        if (instrument is null) return errors.ToProblem();
        if (await InstrumentStore.FindAsync(write.Connection, instrument.Code, write.Transaction) is not null)
            return TypedProblems.Conflict("code", $"Instrumentet {instrument.Code} finnes allerede. / Instrument {instrument.Code} already exists.");
        await InstrumentStore.InsertAsync(write.Connection, write.Transaction, instrument);
        return TypedResults.Created($"/api/v1/instruments/{instrument.Code}", InstrumentResponse.From(instrument, null));
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
                if (r.ReliableChangeThreshold is not { } t || t < 0.01m || t > MaxThreshold)
                    errors.Add("reliableChangeThreshold", $"Må være et positivt tall (høyst {MaxThreshold}).", $"Must be a positive number (at most {MaxThreshold}).");
                ValidateCutoffs(r.Cutoffs, errors);
                break;
        }
        if (errors.Any) return null;

        // Stored with two decimals, rounded so that classification gives what the exact values give (JacobsonTruax.ForStorage).
        var stored = derived is { } d ? JacobsonTruax.ForStorage(d, r.HigherIsBetter!.Value) : default;
        var cutoffs = derived is not null
            ? [new AgeBandCutoff(0, 130, stored.ClinicalCutoff)]
            : r.Cutoffs!.Select(c => new AgeBandCutoff(c!.MinAge, c.MaxAge, c.Cutoff)).ToList();
        var threshold = derived is not null ? stored.ReliableChangeThreshold : r.ReliableChangeThreshold;
        var n = r.Norms;
        return new Instrument(r.Code!, r.Name!.Trim(), r.Kind!, r.HigherIsBetter!.Value, threshold,
            r.Items!.Select(i => new ItemRange(i!.Key, i.Min, i.Max)).ToList(), cutoffs,
            n is null ? null : new Norms(n.ClinicalMean, n.ClinicalSd, n.FunctionalMean, n.FunctionalSd, n.Reliability), BuiltIn: false);
    }

    static void ValidateItems(List<InstrumentItemDto?>? items, FieldErrors errors)
    {
        if (items is null || items.Count is 0 or > 50)
        {
            errors.Add("items", "Mellom 1 og 50 ledd.", "Between 1 and 50 items.");
            return;
        }
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item is null)
            {
                errors.Add($"items[{i}]", "Leddet mangler.", "The item is missing.");
                continue;
            }
            if (item.Key is null || !ItemKeyPattern().IsMatch(item.Key))
                errors.Add($"items[{i}].key", "Nøkkel må være 1–40 bokstaver/sifre og starte med en bokstav.",
                    "Key must be 1–40 letters or digits, starting with a letter.");
            else if (items.Take(i).Any(other => other?.Key == item.Key))
                errors.Add($"items[{i}].key", "Nøkkelen er brukt før.", "Duplicate key.");
            if (item.Min < 0 || item.Max > 100 || item.Min >= item.Max || decimal.Round(item.Min, 1) != item.Min || decimal.Round(item.Max, 1) != item.Max)
                errors.Add($"items[{i}]", "Krever 0 ≤ min < max ≤ 100, med høyst én desimal.", "Requires 0 ≤ min < max ≤ 100, with at most one decimal.");
        }
    }

    static DerivedThresholds? ValidateNorms(NormsDto norms, FieldErrors errors)
    {
        // Bounded like the means: the derived threshold and cutoff are stored as numeric(6,2), and a huge SD
        // (≥ 7.9e28) would not even convert to decimal.
        if (!(norms.ClinicalSd > 0 && norms.ClinicalSd <= MaxNorm))
            errors.Add("norms.clinicalSd", $"Må være større enn 0 og høyst {MaxNorm}.", $"Must be greater than 0 and at most {MaxNorm}.");
        if (!(norms.FunctionalSd > 0 && norms.FunctionalSd <= MaxNorm))
            errors.Add("norms.functionalSd", $"Må være større enn 0 og høyst {MaxNorm}.", $"Must be greater than 0 and at most {MaxNorm}.");
        if (!(norms.Reliability >= 0 && norms.Reliability < 1))
            errors.Add("norms.reliability", "Må være fra og med 0 til (ikke med) 1.", "Must be at least 0 and below 1.");
        if (!(Math.Abs(norms.ClinicalMean) <= MaxNorm))
            errors.Add("norms.clinicalMean", $"Må være mellom -{MaxNorm} og {MaxNorm}.", $"Must be between -{MaxNorm} and {MaxNorm}.");
        if (!(Math.Abs(norms.FunctionalMean) <= MaxNorm))
            errors.Add("norms.functionalMean", $"Må være mellom -{MaxNorm} og {MaxNorm}.", $"Must be between -{MaxNorm} and {MaxNorm}.");
        if (errors.Any) return null;
        var derived = JacobsonTruax.Derive(new Norms(norms.ClinicalMean, norms.ClinicalSd, norms.FunctionalMean, norms.FunctionalSd, norms.Reliability));
        // The same bounds as explicit thresholds and cutoffs.
        if (!(derived.ReliableChangeThreshold >= 0.01 && derived.ReliableChangeThreshold <= (double)MaxThreshold))
            errors.Add("norms.clinicalSd", $"Gir en reliabel-endringsterskel utenfor 0,01–{MaxThreshold}.",
                $"Gives a reliable change threshold outside 0.01–{MaxThreshold}.");
        if (!(Math.Abs(derived.ClinicalCutoff) < (double)MaxCutoff))
            errors.Add("norms", $"Gir en klinisk grense utenfor ±{MaxCutoff}.", $"Gives a clinical cutoff outside ±{MaxCutoff}.");
        return errors.Any ? null : derived;
    }

    static void ValidateCutoffs(List<AgeCutoffDto?>? cutoffs, FieldErrors errors)
    {
        // A threshold without age bands would leave every client without a clinical range.
        if (cutoffs is null || cutoffs.Count is 0 or > 20)
        {
            errors.Add("cutoffs", "Oppgi 1–20 aldersbånd med grense sammen med reliableChangeThreshold.",
                "Give 1–20 age-band cutoffs together with reliableChangeThreshold.");
            return;
        }
        for (var i = 0; i < cutoffs.Count; i++)
        {
            if (cutoffs[i] is not { } c)
                errors.Add($"cutoffs[{i}]", "Aldersbåndet mangler.", "The age band is missing.");
            else if (c.MinAge < 0 || c.MaxAge > 130 || c.MinAge > c.MaxAge)
                errors.Add($"cutoffs[{i}]", "Krever 0 ≤ minAge ≤ maxAge ≤ 130.", "Requires 0 ≤ minAge ≤ maxAge ≤ 130.");
            else if (!(Math.Abs(Math.Round(c.Cutoff, 2)) < MaxCutoff))
                errors.Add($"cutoffs[{i}].cutoff", $"Grensen må ligge innenfor ±{MaxCutoff}.", $"The cutoff must lie within ±{MaxCutoff}.");
            else if (cutoffs.Take(i).Any(o => o is not null && o.MinAge <= c.MaxAge && c.MinAge <= o.MaxAge))
                errors.Add($"cutoffs[{i}]", "Aldersbåndene overlapper.", "The age bands overlap.");
        }
    }

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9]{0,39}$")]
    private static partial Regex ItemKeyPattern();
}
