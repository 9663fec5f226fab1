using Dapper;
using FitService.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace FitService.Api.Departments;

public sealed record Department(string Code, string Name);
public sealed record CreateDepartmentRequest(string? Code, string? Name);

public static class DepartmentsApi
{
    public static RouteGroupBuilder MapDepartments(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/departments").WithTags("Departments").WithIdempotency();
        group.MapGet("/", ListDepartments).WithSummary("All departments");
        group.MapPost("/", CreateDepartment).RequireAuthorization(Policies.Admin)
            .WithSummary("Create a department (admin)").ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    static async Task<Ok<IReadOnlyList<Department>>> ListDepartments(NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        return TypedResults.Ok<IReadOnlyList<Department>>(
            (await connection.QueryAsync<Department>("select code, name from departments order by code")).AsList());
    }

    static async Task<Results<Created<Department>, ValidationProblem, ProblemHttpResult>> CreateDepartment(
        CreateDepartmentRequest request, IdempotentWrite write)
    {
        var errors = new FieldErrors();
        if (!Codes.IsValid(request.Code))
            errors.Add("code", Codes.InvalidNorwegian, Codes.InvalidEnglish);
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
            errors.Add("name", "Navn må fylles ut (maks 200 tegn).", "Name is required (max 200 characters).");
        if (errors.Any) return errors.ToProblem();

        var department = new Department(request.Code!, request.Name!.Trim());
        const string sql = "insert into departments (code, name) values (@Code, @Name) on conflict do nothing";
        if (await write.Connection.ExecuteAsync(sql, department, write.Transaction) == 0)
            return TypedProblems.Conflict("code", $"Avdelingen {department.Code} finnes allerede. / Department {department.Code} already exists.");
        return TypedResults.Created($"/api/v1/departments/{department.Code}", department);
    }
}
