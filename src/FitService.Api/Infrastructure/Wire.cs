using System.Text.Json;

namespace FitService.Api.Infrastructure;

/// <summary>How enum values are written on the wire and in the database: camelCase names ("recovered").</summary>
public static class Wire
{
    public static string? Name<T>(T? value) where T : struct, Enum =>
        value is { } v ? JsonNamingPolicy.CamelCase.ConvertName(v.ToString()) : null;
}
