using System.Text.RegularExpressions;
using FitService.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FitService.Web.Tests.Infrastructure;

/// <summary>Every browser test class joins this collection: they run one after another, one Chromium at a time.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}

/// <summary>The real service on a loopback port (Kestrel), with its own PostgreSQL database, trusting the provider.</summary>
public sealed class KestrelServiceFactory : FitServiceFactory
{
    readonly DevIdentityProvider provider;
    readonly IReadOnlyDictionary<string, string> settings;

    /// <param name="provider">The identity provider the service trusts.</param>
    /// <param name="settings">Further service settings (a test class's own configuration), or null.</param>
    public KestrelServiceFactory(DevIdentityProvider provider, IReadOnlyDictionary<string, string>? settings = null)
    {
        this.provider = provider;
        this.settings = settings ?? new Dictionary<string, string>();
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in provider.ServiceSettings) builder.UseSetting(key, value);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
    }

    public Uri BaseAddress => LoopbackAddress(Services);

    /// <summary>Where a started Kestrel listens, as a loopback URL.</summary>
    public static Uri LoopbackAddress(IServiceProvider services) => new(services.GetRequiredService<IServer>()
        .Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
}

/// <summary>The real service on a loopback port without the identity provider, for clients that call it with bearer tokens.</summary>
public sealed class BearerOnlyKestrelFactory : FitServiceFactory
{
    public BearerOnlyKestrelFactory() => UseKestrel(0);

    public Uri BaseAddress => KestrelServiceFactory.LoopbackAddress(Services);
}

/// <summary>
/// One service, its development identity provider (node) and one headless Chromium (Debian's, /usr/bin/chromium)
/// per test class; each test opens its own browser context, so cookies and session storage never leak between
/// tests. Without Chromium, PostgreSQL or the provider's npm packages the tests fail.
/// </summary>
public class WebUi : IAsyncLifetime
{
    const string ChromiumPath = "/usr/bin/chromium";
    static readonly string[] ChromiumArgs = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    IPlaywright? playwright;
    IBrowser? browser;

    public WebUi() : this(new DevIdentityProvider()) { }

    protected WebUi(DevIdentityProvider provider, IReadOnlyDictionary<string, string>? settings = null)
    {
        Provider = provider;
        Service = new(provider, settings);
    }

    public DevIdentityProvider Provider { get; }
    public KestrelServiceFactory Service { get; }
    public Clinic Clinic => new(Service);
    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser has not started.");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium is missing at {ChromiumPath}: run the tests through scripts/test, which installs it.");
        await Service.InitializeAsync();
        await Provider.StartAsync(Service.BaseAddress); // now that the service's redirect URI is known
        Assertions.SetDefaultExpectTimeout(10_000);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
        await Service.DisposeAsync();
        await Provider.DisposeAsync();
    }

    /// <summary>A fresh page on the UI that records console errors and failed requests (a CSP violation is one).</summary>
    public async Task<UiPage> OpenAsync()
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Service.BaseAddress.ToString(),
            Locale = "nb-NO",
            TimezoneId = "Europe/Oslo",
            ViewportSize = new() { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000); // generous: two shared cores, other test projects run alongside
        var page = await context.NewPageAsync();
        var ui = new UiPage(context, page);
        page.Console += (_, message) => { if (message.Type == "error") ui.Errors.Add(message.Text); };
        page.PageError += (_, error) => ui.Errors.Add(error);
        return ui;
    }

    /// <summary>The repository's TestResults folder, where screenshots go.</summary>
    public static string ResultsDirectory()
    {
        var results = Path.Combine(RepositoryRoot(), "TestResults");
        Directory.CreateDirectory(results);
        return results;
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FitService.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("FitService.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A browser page with the steps tests share.</summary>
public sealed class UiPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page => page;
    public List<string> Errors { get; } = [];

    public IBrowserContext Context => context;

    /// <summary>Signs in through the provider's own login page as a demo user of this role and these departments.</summary>
    public async Task SignInAsync(string role, params string[] departments)
    {
        await StartSignInAsync();
        await page.GetByLabel("Rolle / Role").SelectOptionAsync(role);
        await page.GetByLabel("Avdelinger / Departments").FillAsync(string.Join(' ', departments));
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn som denne / Sign in as this user" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("who")).ToBeVisibleAsync();
    }

    /// <summary>Signs in as one of the named demo users on the provider's login page.</summary>
    public async Task SignInAsDemoUserAsync(string button)
    {
        await StartSignInAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("who")).ToBeVisibleAsync();
    }

    /// <summary>From the UI's sign-in page to the provider's login page.</summary>
    public async Task StartSignInAsync()
    {
        await page.GotoAsync("/#/signin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Logg inn" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "FitService demo-innlogging / demo sign-in" })).ToBeVisibleAsync();
    }

    /// <summary>The session cookie's value, as the browser holds it.</summary>
    public async Task<string> SessionCookieAsync() =>
        (await context.CookiesAsync()).Single(c => c.Name == FitService.Api.Account.WebSignIn.CookieName).Value;

    public ILocator Item(string scale, string key, string type = "number") => type == "range"
        ? page.GetByTestId($"scale-{scale}").Locator($"input[type=range][data-item={key}]")
        : page.GetByTestId($"scale-{scale}").Locator($"input.vas-number[data-item={key}]");

    public async Task FillScaleAsync(string scale, params (string Key, string Value)[] items)
    {
        foreach (var (key, value) in items) await Item(scale, key).FillAsync(value);
    }

    public async Task<Guid> EpisodeIdFromUrlAsync()
    {
        // Polls the address: a hash change is a same-document navigation with no load event to wait for.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("#/episodes/[0-9a-f-]{36}$"));
        return Guid.Parse(page.Url[^36..]);
    }

    /// <summary>No script error and no blocked resource happened on the page.</summary>
    public void AssertNoErrors() => Assert.True(Errors.Count == 0, "Browser errors:\n" + string.Join("\n", Errors));

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
