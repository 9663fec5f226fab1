using System.Collections.Frozen;
using System.Text.Json;

namespace FitService.Api.Infrastructure;

/// <summary>How enum values are written on the wire and in the database: camelCase names ("recovered").</summary>
public static class Wire
{
    /// <summary>The value's camelCase name, one string per defined value (built once, not per call).</summary>
    public static string? Name<T>(T? value) where T : struct, Enum =>
        value is { } v ? Names<T>.ByValue.TryGetValue(v, out var name) ? name : Convert(v) : null;

    /// <summary>
    /// The defined name that equals the JSON string <paramref name="element"/> holds, without allocating; null when it is
    /// JSON null. A string that names no value is returned as read.
    /// </summary>
    public static string? Known<T>(JsonElement element) where T : struct, Enum
    {
        if (element.ValueKind == JsonValueKind.Null) return null;
        foreach (var name in Names<T>.All)
            if (element.ValueEquals(name)) return name;
        return element.GetString();
    }

    static string Convert<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    static class Names<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> ByValue = Enum.GetValues<T>().Distinct().ToFrozenDictionary(v => v, Convert);
        public static readonly string[] All = [.. ByValue.Values];
    }
}
