using FitService.Api.Account;
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

// Logging, database, authentication, problem details, JSON and OpenAPI.
builder.Host.UseSerilog((context, logger) => logger.ReadFrom.Configuration(context.Configuration).WriteTo.Console());
builder.Services.AddApplicationServices(builder.Configuration);

var app = builder.Build();

// Schema first (forward-only migrations), then the optional synthetic demo set.
app.MigrateDatabase();
await app.SeedDemoDataAsync();

// Security headers; the clinicians' web UI (wwwroot) is static files only, served before authorization
// so it loads signed out: every piece of data it shows comes from /api/v1 with the user's session cookie.
app.UseSecurityHeaders();
app.UseDefaultFiles();
app.UseStaticFiles();

// Request log outermost, so it records the status the client got; errors become problem+json;
// every endpoint but health and the OpenAPI document needs a token or the session cookie, and a
// state-changing call made with the cookie needs the antiforgery token too.
app.UseSerilogRequestLogging();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestBodyLimit();
app.UseAuthentication();
app.UseCookieAntiforgery();
app.UseAuthorization();

app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference().AllowAnonymous();
app.MapGet("/health", () => Results.Ok(new { status = "ok" })).AllowAnonymous().WithTags("Health");
app.MapWebSignIn(); // /account/signin and /account/signout, for the browser

var api = app.MapGroup("/api/v1");
api.MapAccount();
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
