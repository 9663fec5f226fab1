using System.Net;
using FitService.Api.Infrastructure;
using FitService.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FitService.Api.Tests;

/// <summary>HSTS is sent over HTTPS only, and never for a loopback host.</summary>
public class HstsTests(FitServiceFactory factory) : ApiTest(factory)
{
    [Theory]
    [InlineData("https://fitservice.kommune.example/", "/health", true)]
    [InlineData("https://fitservice.kommune.example/", "/", true)]
    [InlineData("https://fitservice.kommune.example/", "/api/v1/departments", true)]
    [InlineData("http://fitservice.kommune.example/", "/health", false)]
    [InlineData("https://localhost/", "/health", false)]
    [InlineData("https://127.0.0.1/", "/health", false)]
    [InlineData("http://127.0.0.1/", "/health", false)]
    public async Task StrictTransportSecurityOnlyOverHttpsAndNotOnLoopback(string baseAddress, string path, bool expected)
    {
        var http = Factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress), AllowAutoRedirect = false });

        var response = await http.GetAsync(path);

        Assert.Equal(path == "/api/v1/departments" ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Headers.Contains("Strict-Transport-Security"));
        if (expected)
            Assert.Equal(SecurityHeaders.StrictTransportSecurity, response.Headers.GetValues("Strict-Transport-Security").Single());
    }
}
