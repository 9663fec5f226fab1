using System.Globalization;
using Dapper;
using FitService.Api.Infrastructure;
using FitService.Api.Instruments;
using FitService.Statistics.Reporting;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace FitService.Api.Episodes;

/// <summary>
/// GET /episodes/{id}/summary.pdf: the episode on one A4 page, to print, put in the record (EPJ) or give the client.
/// Seen by whoever may read the episode, answered as the episode read (404 for another department's, logged as
/// denied), and access-logged. The file carries the pseudonym only, and its name not even that.
/// </summary>
public static class EpisodeSummaryPdf
{
    // The time printed is Norway's, as every date the service takes in (Infrastructure/Dates.cs).
    static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    public static void Map(RouteGroupBuilder episodes) =>
        episodes.MapGet("/{id:guid}/summary.pdf", GetEpisodeSummaryPdf)
            .WithSummary("The episode on one printable A4 page (PDF): graph, sessions, category and open alerts; lang=nb (default) or en")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf");

    static async Task<Results<FileContentHttpResult, ValidationProblem, NotFoundProblem>> GetEpisodeSummaryPdf(Guid id, string? lang,
        Actor actor, HttpContext http, NpgsqlDataSource db, InstrumentCatalogue catalogue, TimeProvider clock)
    {
        if (lang is not (null or "nb" or "en"))
            return TypedProblems.Field("lang", "Må være nb eller en.", "Must be nb or en.");
        var words = EpisodeSummaryWords.For(lang);
        await using var connection = await db.OpenConnectionAsync();
        var row = await EpisodeReader.FindVisibleAsync(connection, http, actor, id, "episode.summary.read.denied");
        if (row is null)
            return TypedProblems.NotFound("Forløpet / The episode");
        var episode = await EpisodeReader.ReadAsync(connection, catalogue, row);
        var printedAt = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Oslo).DateTime;
        var summary = await SummaryAsync(connection, episode, printedAt);
        await AccessLog.WriteAsync(connection, null, http, actor, "episode.summary.read", row.ClientId, id);

        var pdf = EpisodeSummaryPage.Render(summary, words);
        // Inline, so a browser opens it to print; the name says what and when, never whom.
        var name = $"{(words.Language == "nb" ? "forlopssammendrag" : "episode-summary")}-{printedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.pdf";
        http.Response.Headers.ContentDisposition = $"inline; filename=\"{name}\"";
        return TypedResults.Bytes(pdf, "application/pdf");
    }

    /// <summary>The department's name and each scale's highest total (the graph's axis), beside the episode read.</summary>
    static async Task<EpisodeSummary> SummaryAsync(NpgsqlConnection connection, EpisodeResponse episode, DateTime printedAt)
    {
        const string sql = """
            select name from departments where code = @department;
            select instrument_code, sum(max_value) as maximum from instrument_items where instrument_code = any(@codes) group by instrument_code;
            """;
        var codes = new[] { episode.OutcomeInstrument.Code, episode.AllianceInstrument?.Code }.OfType<string>().ToArray();
        using var grid = await connection.QueryMultipleAsync(sql, new { department = episode.DepartmentCode, codes });
        var department = await grid.ReadSingleAsync<string>();
        var maxima = (await grid.ReadAsync<(string Code, decimal Maximum)>()).ToDictionary(m => m.Code, m => m.Maximum);
        return new EpisodeSummary(episode, department, maxima[episode.OutcomeInstrument.Code],
            episode.AllianceInstrument is { } a && maxima.TryGetValue(a.Code, out var max) ? max : null, printedAt,
            OutcomeReport.DefinitionsVersion);
    }
}
