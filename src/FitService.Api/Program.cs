using FitService.Api.Alerts;
using FitService.Api.Clients;
using FitService.Api.Demo;
using FitService.Api.Departments;
using FitService.Api.Episodes;
using FitService.Api.Infrastructure;
using FitService.Api.Instruments;
using FitService.Api.Reports;
using FitService.Api.Sessions;
using FitService.Api.Trajectories;
using Scalar.AspNetCore;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

// Logging (console, plus any sink registered as a service: the tests capture events; each host keeps its own
// logger, not the static one), database, authentication, problem details, rate limits, headers, JSON and OpenAPI.
builder.Host.UseSerilog((context, services, logger) =>
    logger.ReadFrom.Configuration(context.Configuration).ReadFrom.Services(services).WriteTo.Console(), preserveStaticLogger: true);
builder.Services.AddApplicationServices(builder.Configuration);

var app = builder.Build();

// Schema first (forward-only migrations), then the optional synthetic demo set.
app.MigrateDatabase();
await app.SeedDemoDataAsync();

// Security headers; the clinicians' web UI (wwwroot) is static files only, served before authorization
// so it loads without a token: every piece of data it shows comes from /api/v1 with the user's token.
app.UseSecurityHeaders();
app.UseDefaultFiles();
app.UseStaticFiles();

// Request log outermost, so it records the status the client got; errors become problem+json;
// every endpoint but health and the OpenAPI document needs a token; writes and reports are limited per user.
app.UseSerilogRequestLogging();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestBodyLimit();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapOpenApi().AllowAnonymous();
// The API reference loads nothing from another origin (its CSP allows none): no CDN fonts, no telemetry.
app.MapScalarApiReference(o => o.DisableDefaultFonts().DisableTelemetry()).AllowAnonymous();
app.MapGet("/health", () => Results.Ok(new { status = "ok" })).AllowAnonymous().WithTags("Health");

var api = app.MapGroup("/api/v1");
api.MapDepartments();
api.MapInstruments();
api.MapClients();
api.MapEpisodes();
api.MapSessions();
api.MapAlerts();
api.MapTrajectories();
api.MapReports();

app.Run();

public partial class Program;
