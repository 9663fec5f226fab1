using FitService.Api.AccessLogChain;
using FitService.Api.Account;
using FitService.Api.Alerts;
using FitService.Api.ClientRatings;
using FitService.Api.Clients;
using FitService.Api.CollateralRatings;
using FitService.Api.Demo;
using FitService.Api.Departments;
using FitService.Api.Episodes;
using FitService.Api.Goals;
using FitService.Api.Health;
using FitService.Api.Infrastructure;
using FitService.Api.Instruments;
using FitService.Api.Reports;
using FitService.Api.Sessions;
using FitService.Api.Trajectories;
using Scalar.AspNetCore;
using Serilog;

// `--migrate-only`: apply the migrations as the schema owner and exit (a deploy job), instead of serving.
var migrateOnly = args.Contains(Database.MigrateOnlyArgument);
var builder = WebApplication.CreateBuilder(args.Where(a => a != Database.MigrateOnlyArgument).ToArray());

// Logging (console: JSON in production, text locally; plus any sink registered as a service: the tests capture
// events; each host keeps its own logger, not the static one), database, authentication, problem details, rate
// limits, headers, JSON and OpenAPI.
builder.Host.UseSerilog((context, services, logger) =>
    logger.ReadFrom.Configuration(context.Configuration).ReadFrom.Services(services)
        .WriteToConsole(context.Configuration, context.HostingEnvironment), preserveStaticLogger: true);
builder.Services.CacheLoggersByCategory(); // one logger per category, not one per request
builder.Services.AddApplicationServices(builder.Configuration);
builder.Services.AddClientRatings(builder.Configuration); // one-time links: lifetime, public address, rate limit

var app = builder.Build();

if (migrateOnly)
{
    app.MigrateNow();
    return;
}

// Schema first (forward-only migrations, as the owner; retried in the background while PostgreSQL is down),
// then the optional synthetic demo set; until both are done the API answers 503 and /health/ready says why.
app.MigrateDatabase(then: app.SeedDemoDataAsync);

// Behind a reverse proxy named in the settings: the client's address and scheme from its X-Forwarded-* headers.
app.UseProxyHeaders(app.Configuration);

// Security headers; the clinicians' web UI (wwwroot) is static files only, served before authorization
// so it loads signed out: every piece of data it shows comes from /api/v1 with the user's session cookie.
app.UseSecurityHeaders();
app.UseDefaultFiles();
app.UseStaticFiles();

// Request log outermost, so it records the status the client got; errors become problem+json;
// every endpoint but health and the OpenAPI document needs a token or the session cookie, and a
// state-changing call made with the cookie needs the antiforgery token too; writes and reports are limited per user.
app.UseSerilogRequestLogging(o =>
{
    o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
    o.GetMessageTemplateProperties = RequestLogWithoutCodes.Properties; // a client link's code never reaches a log
});
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestBodyLimit();
app.UseServiceUnavailableUntilMigrated();
app.UseAuthentication();
app.UseCookieAntiforgery();
app.UseAuthorization();
app.UseRateLimiter();

app.MapOpenApi().AllowAnonymous();
// The API reference loads nothing from another origin (its CSP allows none): no CDN fonts, no telemetry.
app.MapScalarApiReference(o => o.DisableDefaultFonts().DisableTelemetry()).AllowAnonymous();
app.MapHealth();
app.MapWebSignIn(); // /account/signin and /account/signout, for the browser

var api = app.MapGroup("/api/v1");
api.MapAccount();
api.MapDepartments();
api.MapGoals();
api.MapInstruments();
api.MapClients();
api.MapAccessLogChain();
api.MapEpisodes();
api.MapSessions();
api.MapClientRatings(); // the client rates on their own phone, through a one-time link
api.MapCollateralRatings();
api.MapAlerts();
api.MapTrajectories();
api.MapReports();

app.Run();

public partial class Program;
