using System.Net;
using System.Net.Http.Json;
using FitService.Api.Tests.Infrastructure;
using static FitService.Api.Tests.Infrastructure.Clinic;

namespace FitService.Api.Tests;

public class DepartmentsTests(FitServiceFactory factory) : ApiTest(factory)
{
    [Fact]
    public async Task AnAdminCreatesADepartmentThatEveryoneCanList()
    {
        var response = await Clinic.Admin.PostAsJsonAsync("/api/v1/departments", new { code = "ROP-1", name = "Rus og psykisk helse" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var list = await JsonArray(await Factory.As("evaluator").GetAsync("/api/v1/departments"));
        Assert.Contains(list, d => (string?)d!["code"] == "ROP-1" && (string?)d["name"] == "Rus og psykisk helse");
    }

    [Fact]
    public async Task ADuplicateCodeIsAConflict()
    {
        var code = await Clinic.DepartmentAsync();
        var again = await Clinic.Admin.PostAsJsonAsync("/api/v1/departments", new { code, name = "Igjen" });
        await AssertProblemAsync(again, HttpStatusCode.Conflict, "code");
    }

    [Theory]
    [InlineData("lower", "Navn", "code")]
    [InlineData("", "Navn", "code")]
    [InlineData("A-VERY-LONG-CODE-OVER-20", "Navn", "code")]
    [InlineData("OK-1", "", "name")]
    public async Task BadDepartmentsAreRefusedByField(string code, string name, string field)
    {
        var response = await Clinic.Admin.PostAsJsonAsync("/api/v1/departments", new { code, name });
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task TextPostgreSqlCannotStoreIsABadRequestNotAServerError()
    {
        // A NUL character passes JSON and query-string parsing but PostgreSQL refuses it (22021).
        var response = await Clinic.Admin.PostAsync("/api/v1/departments",
            new StringContent("{\"code\":\"NUL-1\",\"name\":\"Avd\\u0000\"}", System.Text.Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "body");
        Assert.DoesNotContain(await JsonArray(await Clinic.Admin.GetAsync("/api/v1/departments")), d => (string?)d!["code"] == "NUL-1");

        var department = await Clinic.DepartmentAsync();
        var queue = await Factory.As("supervisor", department).GetAsync("/api/v1/alerts?clinician=%00");
        Assert.Equal(HttpStatusCode.BadRequest, queue.StatusCode);
    }

    [Theory]
    [InlineData("clinician")]
    [InlineData("supervisor")]
    [InlineData("evaluator")]
    public async Task OnlyAdminsCreateDepartments(string role)
    {
        var response = await Factory.As(role, "X").PostAsJsonAsync("/api/v1/departments", new { code = "NOPE", name = "Nei" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
