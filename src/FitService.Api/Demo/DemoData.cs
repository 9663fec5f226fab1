using Dapper;
using FitService.Api.CollateralRatings;
using FitService.Api.Episodes;
using FitService.Api.Infrastructure;
using FitService.Api.Instruments;
using FitService.Api.Sessions;
using FitService.Api.Trajectories;
using FitService.Statistics;
using Npgsql;

namespace FitService.Api.Demo;

/// <summary>
/// A small synthetic demo set (Demo:Seed=true): three departments, obviously fake pseudonyms, and episodes whose
/// trajectories improve, stall or worsen, with some weak alliances and some parents' collateral ratings. Deterministic, and loaded once.
/// </summary>
public static class DemoData
{
    static readonly string[] Colours = ["Fiolett", "Oker", "Turkis", "Safran", "Indigo", "Koral", "Mint", "Rust", "Lavendel", "Sitron", "Skifer", "Plomme"];
    static readonly Actor Seeder = new("demo-seed", Roles.Clinician, new HashSet<string>());
    const int Episodes = 150;

    public static async Task SeedDemoDataAsync(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Demo:Seed", false)) return;
        var db = app.Services.GetRequiredService<NpgsqlDataSource>();
        var today = Dates.Today(app.Services.GetRequiredService<TimeProvider>());
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        const string departments = """
            insert into departments (code, name) values
                ('DEMO-A', 'Demo: Poliklinikk voksne'), ('DEMO-B', 'Demo: Rus og psykisk helse'), ('DEMO-C', 'Demo: Ungdom og familie')
            on conflict do nothing
            """;
        if (await connection.ExecuteAsync(departments, transaction: transaction) == 0)
        {
            await transaction.RollbackAsync();
            return; // already seeded
        }
        var instruments = await InstrumentStore.ListAsync(connection, null, transaction);
        var random = new Random(2026);
        var parents = new Random(2110);
        string[] codes = ["DEMO-A", "DEMO-B", "DEMO-C"];
        // 150 episodes over the last 15 months: enough per department and quarter for the reports to show numbers.
        for (var i = 0; i < Episodes; i++)
        {
            var department = codes[i % 3];
            var birthYear = department == "DEMO-C" ? today.Year - 14 - random.Next(4) : today.Year - 20 - random.Next(50);
            var clientId = await connection.ExecuteScalarAsync<Guid>(
                "insert into clients (pseudonym, birth_year, department_code, created_by) values (@p, @birthYear, @department, 'demo-seed') returning id",
                new { p = $"Demo-{Colours[i % Colours.Length]}-{i + 1:000}", birthYear, department }, transaction);
            var startedOn = today.AddDays(-random.Next(450));
            var weeksSoFar = (today.DayNumber - startedOn.DayNumber) / 7 + 1;
            var sessions = Math.Min(2 + random.Next(9), weeksSoFar);
            var age = AgeBands.AgeAt(birthYear, startedOn);
            var outcome = instruments.Single(x => x.Code == AgeBands.DefaultOutcomeInstrument(age));
            var alliance = instruments.Single(x => x.Code == AgeBands.DefaultAllianceInstrument(age));
            var episodeId = await connection.ExecuteScalarAsync<Guid>("""
                insert into episodes (client_id, department_code, outcome_instrument, alliance_instrument, started_on, age_at_start, created_by)
                values (@clientId, @department, @o, @a, @startedOn, @age, 'demo-seed') returning id
                """, new { clientId, department, o = outcome.Code, a = alliance.Code, startedOn, age }, transaction);

            // Kinds of course: 0-5 responders, 6-7 slow, 8 worsening; alliance weak for every fifth client.
            var pattern = i % 9;
            var perSession = pattern <= 5 ? 1.6 + random.NextDouble() * 1.5 : pattern <= 7 ? 0.2 : -1.0;
            var intake = Math.Clamp(12 + random.NextDouble() * 14, 4, 30);
            var weakAlliance = i % 5 == 4;
            for (var s = 0; s < sessions; s++)
            {
                var context = (await EpisodeContext.LoadAsync(connection, transaction, episodeId))!;
                var total = Math.Clamp(intake + perSession * s * (1 - s / 20.0) + (random.NextDouble() - 0.5) * 2.5, 0, 40);
                var srs = weakAlliance ? 30 + random.NextDouble() * 6 : 36.5 + random.NextDouble() * 3.4;
                var scores = new SessionScores(startedOn.AddDays(7 * s),
                    Spread(total, outcome, random), 0, Spread(srs, alliance, random), 0);
                scores = scores with { OutcomeTotal = scores.OutcomeItems.Values.Sum(), AllianceTotal = scores.AllianceItems!.Values.Sum() };
                // The same evaluation and batch as a recorded session.
                var number = context.Sessions.Count + 1;
                var calibration = TrajectoryStore.InUse(context.Calibration, context.CurvePoints, outcome);
                var evaluation = SessionEvaluation.Evaluate(outcome.ScaleFor(age), alliance.AllianceRulesFor(age),
                    context.Sessions.Select(x => x.Scored).ToList(), scores.At(number), calibration?.Model);
                await SessionWrite.PersistAsync(connection, transaction, context, number, scores, evaluation, calibration?.Id, Seeder.Subject,
                    alliance.Labels);
            }
            // Every other adolescent's parent rates the first and the latest session too: collateral ratings, kept apart
            // from the client's scores (their own random numbers, so the rest of the set stays as it was).
            if (department == "DEMO-C" && i % 2 == 1 && sessions >= 2)
                foreach (var number in new[] { 1, sessions })
                {
                    var items = Spread(Math.Clamp(intake - 2 + perSession * (number - 1), 0, 40), outcome, parents);
                    await CollateralStore.InsertAsync(connection, transaction, episodeId, number, "parent", outcome.Code, items,
                        items.Values.Sum(), Seeder.Subject);
                }
            // Finished courses are closed: slow ones that stopped coming as dropouts, the rest as planned.
            var lastSession = startedOn.AddDays(7 * (sessions - 1));
            if (pattern == 7 || today.DayNumber - lastSession.DayNumber > 28)
                await EpisodesApi.CloseAsync(connection, transaction, episodeId, lastSession, pattern is 6 or 7 ? "dropout" : "planned");
        }
        await transaction.CommitAsync();
        app.Logger.LogInformation("Loaded the synthetic demo data set");
    }

    /// <summary>Splits a total over the instrument's items, each on the 0.0-10.0 line to one decimal.</summary>
    static Dictionary<string, decimal> Spread(double total, Instrument instrument, Random random)
    {
        var n = instrument.Items.Count;
        return instrument.Items.ToDictionary(item => item.Key, item =>
            Math.Clamp(Math.Round((decimal)(total / n + (random.NextDouble() - 0.5) * 1.2), 1), item.Min, item.Max));
    }
}
