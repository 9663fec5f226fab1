using FitService.Web.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace FitService.Web.Tests;

/// <summary>The service and the provider set up as HelseID requires: private_key_jwt client authentication and PAR only.</summary>
public sealed class PrivateKeyJwtWebUi() : WebUi(new DevIdentityProvider(privateKeyJwt: true));

[Collection(BrowserCollection.Name)]
public class PrivateKeyJwtSignInTests(PrivateKeyJwtWebUi ui) : IClassFixture<PrivateKeyJwtWebUi>
{
    [Fact]
    public async Task SignInWorksWithASignedClientAssertionAndPushedAuthorizationRequestsOnly()
    {
        var department = await ui.Clinic.DepartmentAsync();
        await using var browser = await ui.OpenAsync();
        await browser.SignInAsync("supervisor", department);
        await Expect(browser.Page.GetByTestId("who")).ToHaveTextAsync($"Veileder · {department}");
        Assert.Equal("supervisor cookie", await browser.Page.EvaluateAsync<string>(
            "fetch('/account/me').then(r => r.json()).then(me => `${me.role} ${me.how}`)"));
        browser.AssertNoErrors();
    }
}
