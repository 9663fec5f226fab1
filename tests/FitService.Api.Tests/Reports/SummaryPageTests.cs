using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FitService.Api.Reports;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests.Reports;

/// <summary>The user council's summary: plain sentences from shown rows only, escaped, printable, in two languages.</summary>
public class SummaryPageTests(FitServiceFactory factory) : ApiTest(factory)
{
    ReportData Data => new(Clinic);

    async Task<string> DepartmentAsync(string name)
    {
        var code = $"S{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";
        var response = await Clinic.Admin.PostAsJsonAsync("/api/v1/departments", new { code, name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return code;
    }

    /// <summary>The part of the page about one department: from its heading to the next section.</summary>
    static string SectionOf(string page, string code)
    {
        var start = page.IndexOf($"({code})</h2>", StringComparison.Ordinal);
        Assert.True(start >= 0, $"No section for {code}");
        var end = page.IndexOf("</section>", start, StringComparison.Ordinal);
        return page[(start + code.Length + 7)..end];
    }

    [Fact]
    public async Task TheSummarySaysHowManyGotBetterInWordsWithItsUncertaintyTheYearBeforeAndTheGoal()
    {
        var department = await DepartmentAsync("Testavdeling Blå");
        var http = Factory.As("clinician", department);
        await Data.EpisodesAsync(http, department, 6, "2017-02-06", intake: 15m, last: 24m);  // reliably better
        await Data.EpisodesAsync(http, department, 4, "2017-03-06", intake: 15m, last: 16m);  // unchanged: 6 in 10
        await Data.EpisodesAsync(http, department, 5, "2016-02-01", intake: 15m, last: 24m);  // a year earlier: 5 in 10
        await Data.EpisodesAsync(http, department, 5, "2016-03-07", intake: 15m, last: 16m);
        await Clinic.Admin.PostAsJsonAsync($"/api/v1/departments/{department}/goals", new
        {
            halfYear = "2017H1", metric = "reliablyImproved", target = 0.5m, direction = "atLeast", description = "Vi bruker tilbakemeldingene i hver time.",
        });

        var response = await Factory.As("evaluator").GetAsync("/api/v1/reports/summary?from=2017-01&to=2017-06");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"nb\">", page);
        Assert.Contains("januar–juni 2017", page);
        var section = SectionOf(page, department);
        // The page says in words what the published (perturbed) row says: the same counts, shares and intervals.
        var evaluator = Factory.As("evaluator");
        var row = ReportData.Row(await Json(await evaluator.GetAsync($"/api/v1/reports/outcomes?from=2017-01&to=2017-06&groupBy=department&departments={department}")),
            "cell", department, null);
        var compare = (await Json(await evaluator.GetAsync($"/api/v1/reports/outcomes/compare?firstFrom=2016-01&firstTo=2016-06&secondFrom=2017-01&secondTo=2017-06&departments={department}")))
            ["rows"]!.AsArray().Single()!["differences"]!["reliablyImproved"]!;
        var goal = (await Json(await evaluator.GetAsync("/api/v1/reports/goals?halfYear=2017H1")))["rows"]!.AsArray()
            .Single(g => (string?)g!["department"] == department)!;
        Assert.InRange((long)row["episodes"]!, 8, 12);   // 10 ± 2
        var improved = row["shares"]!["reliablyImproved"]!;
        foreach (var (words, text) in new[] { (SummaryWords.Norwegian, section) })
        {
            Assert.Contains(string.Format(words.Started, (long)row["episodes"]!, (long)row["closedEpisodes"]!), text);
            int low = Tenths((double)improved["ciLow"]!), high = Tenths((double)improved["ciHigh"]!);
            var since = (double)compare["ciLow"]! > 0 ? words.More : (double)compare["ciHigh"]! < 0 ? words.Fewer : words.CannotTell;
            Assert.Contains(string.Format(words.Improved, words.Share((double)improved["value"]!)) + " " +
                (low == high ? string.Format(words.AboutOnly, low) : string.Format(words.Between, low, high)) + " " + since, text);
            Assert.Contains(SummaryWords.Capitalised(string.Format(words.Dropout, words.Share((double)row["dropout"]!["value"]!))), text);
            var status = (string?)goal["status"] switch
            {
                "met" => words.Met, "notMet" => words.NotMet, "hidden" => words.GoalHidden, _ => words.Uncertain,
            };
            Assert.Contains("Mål for første halvår 2017: minst 50 % skal bli pålitelig bedre. Resultat: " +
                words.Share((double)goal["value"]!) + ". <strong>" + status + "</strong>", text);
        }
        Assert.DoesNotContain("Vi bruker tilbakemeldingene", page); // the goal's free text stays out of reports

        var english = await (await Factory.As("admin").GetAsync("/api/v1/reports/summary?from=2017-01&to=2017-06&lang=en")).Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en\">", english);
        Assert.Contains(string.Format(SummaryWords.English.Improved, SummaryWords.English.Share((double)improved["value"]!)), SectionOf(english, department));
        Assert.Contains("small, fixed random adjustment", english);
        Assert.Contains("January–June 2017", english);
    }

    static int Tenths(double share) => (int)Math.Round(share * 10, MidpointRounding.AwayFromZero);

    [Fact]
    public async Task AHiddenDepartmentIsSaidInWordsWithNoNumberAndItsNameIsEscaped()
    {
        var small = await DepartmentAsync("<script>alert(1)</script> Liten");
        var companion = await DepartmentAsync("Testavdeling Grønn");
        var large = await DepartmentAsync("Testavdeling Gul");
        await Data.EpisodesAsync(Factory.As("clinician", small), small, 3, "2018-09-03");
        await Data.EpisodesAsync(Factory.As("clinician", companion), companion, 5, "2018-09-03");
        await Data.EpisodesAsync(Factory.As("clinician", large), large, 12, "2018-10-01");
        await Clinic.Admin.PostAsJsonAsync($"/api/v1/departments/{small}/goals", new
        {
            halfYear = "2018H2", metric = "dropout", target = 0.2m, direction = "atMost", description = "Ringe dem som ikke møter.",
        });

        var response = await Factory.As("evaluator").GetAsync("/api/v1/reports/summary?from=2018-07&to=2018-12");
        var page = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, page);
        Assert.DoesNotContain("<script", page);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; Liten", page);
        var section = SectionOf(page, small);
        Assert.Contains("Vi viser ingen tall for denne avdelingen i perioden.", section);
        Assert.Contains("Resultatet kan ikke vises, fordi gruppen er for liten.", section);
        // Beyond the goal's own half-year and target, not one digit: no count, share or interval of the hidden cell.
        var text = Regex.Replace(Regex.Replace(section, "<[^>]+>", ""), "Mål for andre halvår 2018: høyst 20 %", "");
        Assert.False(Regex.IsMatch(text, "[0-9]"), text);
        var started = Regex.Match(SectionOf(page, large), "([0-9]+) behandlingsforløp startet i perioden");
        Assert.True(started.Success);
        Assert.InRange(int.Parse(started.Groups[1].Value), 10, 14);   // 12 ± 2
    }

    [Fact]
    public async Task WhenTheWholeServiceIsTooSmallThatTooIsSaidInWordsAndTheEnglishPageSaysItInEnglish()
    {
        var department = await DepartmentAsync("Testavdeling Lilla");
        await Data.EpisodesAsync(Factory.As("clinician", department), department, 2, "2012-05-07");

        var page = await (await Factory.As("evaluator").GetAsync("/api/v1/reports/summary?from=2012-05&to=2012-05")).Content.ReadAsStringAsync();
        Assert.Contains("Vi viser ingen tall for hele tjenesten i perioden, fordi for få begynte i behandling.", page);
        Assert.Contains("Vi viser ingen tall for denne avdelingen i perioden.", SectionOf(page, department));
        Assert.Contains("mai 2012", page);
        Assert.DoesNotContain("behandlingsforløp startet", page);

        var english = await (await Factory.As("evaluator").GetAsync("/api/v1/reports/summary?from=2012-05&to=2012-05&lang=en")).Content.ReadAsStringAsync();
        Assert.Contains("We show no numbers for the whole service in this period, because too few started treatment.", english);
        Assert.Contains("href=\"?from=2012-05&amp;to=2012-05&amp;lang=nb\"", english);
    }

    [Fact]
    public async Task ThePageIsPrintableWithNoScriptAndNoInlineStyle()
    {
        var response = await Factory.As("evaluator").GetAsync("/api/v1/reports/summary?from=2019-01&to=2019-03");
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("<link rel=\"stylesheet\" href=\"/css/summary.css\">", page);
        Assert.DoesNotContain("<script", page);
        Assert.DoesNotContain("style=", page);
        Assert.DoesNotContain("<style", page);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("style-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);

        var css = await Factory.CreateClient().GetAsync("/css/summary.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Contains("@media print", await css.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("from=2019-01", "to")]
    [InlineData("from=2019-06&to=2019-01", "to")]
    [InlineData("from=2019-01&to=2019-06&lang=de", "lang")]
    [InlineData("from=2019-1&to=2019-06", "from")]
    public async Task ABadQueryIsRefusedNamingTheField(string query, string field)
    {
        var response = await Factory.As("evaluator").GetAsync($"/api/v1/reports/summary?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response))["errors"]!.AsObject().ContainsKey(field));
    }

    [Theory]
    [InlineData("clinician")]
    [InlineData("supervisor")]
    public async Task OnlyEvaluatorsAndAdminsReadTheSummary(string role) =>
        Assert.Equal(HttpStatusCode.Forbidden,
            (await Factory.As(role, "ANY").GetAsync("/api/v1/reports/summary?from=2019-01&to=2019-06")).StatusCode);
}
