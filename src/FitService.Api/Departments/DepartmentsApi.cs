using Dapper;
using FitService.Api.Infrastructure;
using Npgsql;

namespace FitService.Api.Departments;

public sealed record Department(string Code, string Name);
public sealed record CreateDepartmentRequest(string? Code, string? Name);

public static class DepartmentsApi
{
    public static RouteGroupBuilder MapDepartments(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/departments").WithTags("Departments");
        group.MapGet("/", ListDepartments).WithSummary("All departments").Produces<IReadOnlyList<Department>>();
        group.MapPost("/", CreateDepartment).RequireAuthorization(Policies.Admin)
            .WithSummary("Create a department (admin)")
            .Produces<Department>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    static async Task<IResult> ListDepartments(NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        return Results.Ok(await connection.QueryAsync<Department>("select code, name from departments order by code"));
    }

    static async Task<IResult> CreateDepartment(CreateDepartmentRequest request, HttpContext http, IdempotentWriter writer)
    {
        var errors = new FieldErrors();
        if (!Codes.IsValid(request.Code))
            errors.Add("code", Codes.InvalidNorwegian, Codes.InvalidEnglish);
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
            errors.Add("name", "Navn må fylles ut (maks 200 tegn).", "Name is required (max 200 characters).");
        if (errors.Any) return errors.ToResult();

        var department = new Department(request.Code!, request.Name!.Trim());
        return await writer.RunAsync(http, Actor.From(http.User), request, async (connection, transaction) =>
        {
            const string sql = "insert into departments (code, name) values (@Code, @Name) on conflict do nothing";
            if (await connection.ExecuteAsync(sql, department, transaction) == 0)
                return (Problems.Conflict("code", $"Avdelingen {department.Code} finnes allerede. / Department {department.Code} already exists."), null);
            return (null, new Written(201, department, $"/api/v1/departments/{department.Code}"));
        });
    }
}
