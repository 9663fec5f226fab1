using System.Net;
using System.Net.Http.Json;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests;

public class InstrumentsTests(FitServiceFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task TheBuiltInInstrumentsAreThereWithTheirItems()
    {
        var list = (await JsonArray(await Factory.As("clinician", "X").GetAsync("/api/v1/instruments")))
            .Where(i => (bool)i!["builtIn"]!).ToList();
        Assert.Equal(["CORS", "CSRS", "GSRS", "ORS", "SRS", "YCORS"], list.Select(i => (string)i!["code"]!).Order());
        var expectedItems = new Dictionary<string, string[]>
        {
            ["ORS"] = ["individually", "interpersonally", "socially", "overall"],
            ["SRS"] = ["relationship", "goalsAndTopics", "approachOrMethod", "overall"],
            ["GSRS"] = ["relationship", "goalsAndTopics", "approachOrMethod", "overall"],
            ["CORS"] = ["me", "family", "school", "everything"],
            ["CSRS"] = ["listening", "howImportant", "whatWeDid", "overall"],
            ["YCORS"] = ["howAmIDoing"],
        };
        foreach (var instrument in list)
            Assert.Equal(expectedItems[(string)instrument!["code"]!], instrument["items"]!.AsArray().Select(i => (string)i!["key"]!));
    }

    [Fact]
    public async Task TheBuiltInThresholdsAndCutoffsAreThePublishedOnes()
    {
        // Migration 0002 writes the numbers; the statistics module holds them with their sources (docs/statistics.md):
        // reliable change 5 (Miller et al. 2003); cutoffs 25 adults, 28 adolescents 13-17, 32 children 6-12.
        // The two must agree, band by band, for ORS and CORS together.
        var http = Factory.As("clinician", "X");
        var ors = await Json(await http.GetAsync("/api/v1/instruments/ORS"));
        var cors = await Json(await http.GetAsync("/api/v1/instruments/CORS"));
        Assert.Equal("outcome", (string?)ors["kind"]);
        Assert.True((bool)ors["higherIsBetter"]!);
        Assert.Equal(FitService.Statistics.PublishedDefaults.OrsReliableChange, (decimal)ors["reliableChangeThreshold"]!);
        Assert.Equal(FitService.Statistics.PublishedDefaults.OrsReliableChange, (decimal)cors["reliableChangeThreshold"]!);
        var stored = ors["cutoffs"]!.AsArray().Concat(cors["cutoffs"]!.AsArray())
            .ToDictionary(c => (int)c!["minAge"]!, c => (decimal)c!["cutoff"]!);
        foreach (var band in FitService.Statistics.AgeBands.OrsDefaultCutoffs)
            Assert.Equal(band.Cutoff, stored[band.MinAge]);
    }

    [Fact]
    public async Task AnUnknownInstrumentIsNotFound()
    {
        var response = await Factory.As("clinician", "X").GetAsync("/api/v1/instruments/NOPE");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnInstrumentWithNormsGetsItsThresholdAndCutoffDerived()
    {
        // CORE-OM norms as given in the R package clinsig, man/clinsig.Rd, example "values from EMB"
        // (Evans, Margison & Barkham 1998): clinical M 1.81, SD 0.53; functional M 0.72, SD 0.57; alpha 0.89.
        // Jacobson & Truax (1991): RC = 1.96*sqrt(2)*0.53*sqrt(0.11) = 0.487; c = (0.57*1.81 + 0.53*0.72)/1.10 = 1.285.
        // The service stores both rounded to 2 decimals.
        var response = await Clinic.Admin.PostAsJsonAsync("/api/v1/instruments", new
        {
            code = "COREOM-T",
            name = "Test instrument with norms",
            kind = "outcome",
            higherIsBetter = false,
            items = new[] { new { key = "wellbeing", min = 0, max = 4 }, new { key = "problems", min = 0, max = 4 } },
            norms = new { clinicalMean = 1.81, clinicalSd = 0.53, functionalMean = 0.72, functionalSd = 0.57, reliability = 0.89 },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var read = await Json(await Factory.As("clinician", "X").GetAsync("/api/v1/instruments/COREOM-T"));
        Assert.Equal(0.487, (double)read["reliableChangeThreshold"]!, 0.006);
        Assert.Equal(1.285, (double)read["clinicalCutoff"]!, 0.006);
        Assert.False((bool)read["higherIsBetter"]!);
    }

    [Fact]
    public async Task AnInstrumentWithExplicitThresholdsKeepsThem()
    {
        var response = await Clinic.Admin.PostAsJsonAsync("/api/v1/instruments", new
        {
            code = "EXPL-T",
            name = "Explicit",
            kind = "outcome",
            higherIsBetter = true,
            items = new[] { new { key = "a", min = 0, max = 10 } },
            reliableChangeThreshold = 2.5,
            cutoffs = new[] { new { minAge = 18, maxAge = 130, cutoff = 6.5 } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var read = await Json(response);
        Assert.Equal(2.5m, (decimal)read["reliableChangeThreshold"]!);
        Assert.Equal(6.5m, (decimal)read["cutoffs"]![0]!["cutoff"]!);
    }

    public static TheoryData<string, string> BadInstruments() => new()
    {
        { """{"code":"bad code","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":0,"max":10}],"reliableChangeThreshold":5,"cutoffs":[]}""", "code" },
        { """{"code":"B1","name":"x","kind":"mood","higherIsBetter":true,"items":[{"key":"a","min":0,"max":10}],"reliableChangeThreshold":5,"cutoffs":[]}""", "kind" },
        { """{"code":"B1","name":"x","kind":"outcome","items":[{"key":"a","min":0,"max":10}],"reliableChangeThreshold":5,"cutoffs":[]}""", "higherIsBetter" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[],"reliableChangeThreshold":5,"cutoffs":[]}""", "items" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":5,"max":1}],"reliableChangeThreshold":5,"cutoffs":[]}""", "items[0]" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":0,"max":10},{"key":"a","min":0,"max":10}],"reliableChangeThreshold":5,"cutoffs":[]}""", "items[1].key" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":0,"max":10}]}""", "norms" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":0,"max":10}],"norms":{"clinicalMean":1,"clinicalSd":0,"functionalMean":2,"functionalSd":1,"reliability":0.9}}""", "norms.clinicalSd" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":0,"max":10}],"norms":{"clinicalMean":1,"clinicalSd":1,"functionalMean":2,"functionalSd":1,"reliability":1}}""", "norms.reliability" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":0,"max":10}],"reliableChangeThreshold":5,"cutoffs":[{"minAge":10,"maxAge":30,"cutoff":5},{"minAge":20,"maxAge":40,"cutoff":6}]}""", "cutoffs[1]" },
        // Found by fuzzing: each of these was a 500 (decimal overflow, or a null the validation dereferenced).
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":0,"max":10}],"norms":{"clinicalMean":1,"clinicalSd":8e28,"functionalMean":2,"functionalSd":1,"reliability":0.9}}""", "norms.clinicalSd" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":0,"max":10}],"reliableChangeThreshold":5}""", "cutoffs" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":0,"max":10}],"reliableChangeThreshold":5,"cutoffs":[null]}""", "cutoffs[0]" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[null],"reliableChangeThreshold":5,"cutoffs":[{"minAge":0,"maxAge":130,"cutoff":5}]}""", "items[0]" },
        // Their siblings: other huge numbers, other nulls, tiny SDs, NaN-ish strings.
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":0,"max":10}],"norms":{"clinicalMean":1,"clinicalSd":1,"functionalMean":2,"functionalSd":1e300,"reliability":0.9}}""", "norms.functionalSd" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":0,"max":10}],"norms":{"clinicalMean":-1e300,"clinicalSd":1,"functionalMean":2,"functionalSd":1,"reliability":0.9}}""", "norms.clinicalMean" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":0,"max":10}],"norms":{"clinicalMean":1,"clinicalSd":1e-300,"functionalMean":2,"functionalSd":1,"reliability":0.9}}""", "norms.clinicalSd" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":0,"max":10}],"norms":{"clinicalMean":null,"clinicalSd":1,"functionalMean":2,"functionalSd":1,"reliability":0.9}}""", "norms.clinicalMean" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":0,"max":10}],"norms":{"clinicalMean":1,"clinicalSd":"NaN","functionalMean":2,"functionalSd":1,"reliability":0.9}}""", "norms.clinicalSd" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":0,"max":10}],"reliableChangeThreshold":7e28,"cutoffs":[{"minAge":0,"maxAge":130,"cutoff":5}]}""", "reliableChangeThreshold" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":0,"max":10}],"reliableChangeThreshold":0.001,"cutoffs":[{"minAge":0,"maxAge":130,"cutoff":5}]}""", "reliableChangeThreshold" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":0,"max":10}],"reliableChangeThreshold":5,"cutoffs":[{"minAge":0,"maxAge":130,"cutoff":7e28}]}""", "cutoffs[0].cutoff" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":0,"max":10}],"reliableChangeThreshold":5,"cutoffs":[{"minAge":0,"maxAge":130,"cutoff":5},null]}""", "cutoffs[1]" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":0,"max":10},null],"reliableChangeThreshold":5,"cutoffs":[{"minAge":0,"maxAge":130,"cutoff":5}]}""", "items[1]" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":-7e28,"max":7e28}],"reliableChangeThreshold":5,"cutoffs":[{"minAge":0,"maxAge":130,"cutoff":5}]}""", "items[0]" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":"NaN","max":10}],"reliableChangeThreshold":5,"cutoffs":[{"minAge":0,"maxAge":130,"cutoff":5}]}""", "items[0].min" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":0,"max":1e40}],"reliableChangeThreshold":5,"cutoffs":[{"minAge":0,"maxAge":130,"cutoff":5}]}""", "items[0].max" },
        { """{"code":"B1","name":"x","kind":"outcome","higherIsBetter":true,"items":[{"key":"a","min":0,"max":10}],"reliableChangeThreshold":5,"cutoffs":[{"minAge":0,"maxAge":1e12,"cutoff":5}]}""", "cutoffs[0].maxAge" },
    };

    [Theory]
    [MemberData(nameof(BadInstruments))]
    public async Task BadInstrumentsAreRefusedByField(string json, string field)
    {
        var response = await Clinic.Admin.PostAsync("/api/v1/instruments",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(HttpStatusCode.NotFound, (await Clinic.Admin.GetAsync("/api/v1/instruments/B1")).StatusCode);
    }

    [Fact]
    public async Task OnlyAdminsDefineInstruments()
    {
        var response = await Factory.As("supervisor", "X").PostAsJsonAsync("/api/v1/instruments", new { code = "NOPE" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
