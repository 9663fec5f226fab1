using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace FitService.Api.Tests.Fuzz;

/// <summary>One generated request: what to send, and a short label for the report of failures.</summary>
public sealed record FuzzRequest(string Method, string Route, string Path, string? Body, string? ContentType,
    string? Accept, string? Token, string? IdempotencyKey);

/// <summary>Ids and codes that exist in the fuzzed database, so that generated requests reach past the 404s.</summary>
public sealed record FuzzSeeds(IReadOnlyList<string> Ids, IReadOnlyList<string> Departments, IReadOnlyList<string[]> ItemSets,
    IReadOnlyList<(string Name, string? Token)> Identities);

/// <summary>
/// Generates requests from the service's own OpenAPI document: every operation, with path, query and body values drawn
/// from the declared schemas, then mutated (wrong types, huge and tiny numbers, nulls, NUL and other Unicode, long
/// strings, malformed and oversized JSON, odd Accept and Content-Type headers, bad Idempotency-Keys).
/// Deterministic for a given seed.
/// </summary>
public sealed class OpenApiFuzzer
{
    readonly JsonObject schemas;
    readonly List<Operation> operations = [];
    readonly Random random;
    readonly FuzzSeeds seeds;
    string scale = "";

    sealed record Operation(string Method, string Route, IReadOnlyList<(string Name, string In, JsonObject Schema)> Parameters, JsonObject? Body);

    static readonly string[] Strings =
    [
        "", " ", "a", "ORS", "SRS", "open", "closed", "all", "acknowledged", "resolved", "high", "department", "department,quarter",
        "quarter", "month", "year", "halfyear", "adults", "planned", "dropout", "outcome", "alliance", "json", "csv",
        "2025-01", "2025-12", "2026-02-30", "2025-01-06", "9999-12-31", "0001-01-01", "2025-13-01", "-1", "0", "1", "2", "50", "201",
        "1e400", "NaN", "Infinity", "-0", "null", "true", "{}", "[]", "' or 1=1 --", "%00", "\0", "a\0b", "../../etc/passwd",
        "<script>alert(1)</script>", "Ｔｅｓｔ", "٠١٠١٩٠١٢٣٤٥", "010190 12345", "🙂🙃", "\u202eevil", "e\u0301",
        new string('x', 300), new string('å', 5000),
    ];

    static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "0.1", "0.05", "9.99", "10", "10.1", "40", "1e28", "4e28", "7.9e28", "1e29", "-4e28", "1e308", "-1e308",
        "1e-300", "2147483647", "2147483648", "-2147483649", "9223372036854775808", "1.0000000000000000000001", "123456789012345678901234567890",
    ];

    public OpenApiFuzzer(JsonObject document, FuzzSeeds seeds, int seed)
    {
        this.seeds = seeds;
        random = new Random(seed);
        schemas = document["components"]?["schemas"]?.AsObject() ?? [];
        foreach (var (route, item) in document["paths"]!.AsObject())
        foreach (var (method, op) in item!.AsObject())
        {
            var parameters = (op!["parameters"]?.AsArray() ?? [])
                .Select(p => (p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), p["schema"]?.AsObject() ?? new JsonObject()))
                .ToList();
            var body = op["requestBody"]?["content"]?["application/json"]?["schema"]?.AsObject();
            operations.Add(new Operation(method.ToUpperInvariant(), route, parameters, body));
        }
    }

    public int OperationCount => operations.Count;

    public FuzzRequest Next()
    {
        var op = operations[random.Next(operations.Count)];
        var path = new StringBuilder(op.Route);
        var query = new List<string>();
        foreach (var (name, location, schema) in op.Parameters)
        {
            if (location == "path")
                path.Replace("{" + name + "}", Uri.EscapeDataString(PathValue(schema)));
            else if (location == "query" && random.NextDouble() < 0.7)
                query.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(ScalarText(schema))}");
        }
        if (random.NextDouble() < 0.05) query.Add("unknown=" + Uri.EscapeDataString(Pick(Strings)));
        var url = path + (query.Count > 0 ? "?" + string.Join('&', query) : "");

        scale = "";
        var (body, contentType) = op.Body is null && random.NextDouble() < 0.9 ? (null, null) : Body(op.Body);
        var identity = seeds.Identities[random.Next(seeds.Identities.Count)];
        return new FuzzRequest(op.Method, op.Method + " " + op.Route, url, body, contentType,
            Pick(["application/json", "application/json", "*/*", "text/html", "text/csv", "application/xml", null]),
            identity.Token, IdempotencyKey());
    }

    string PathValue(JsonObject schema)
    {
        var roll = random.NextDouble();
        if (Format(schema) == "uuid")
            return roll < 0.75 ? Pick(seeds.Ids) : roll < 0.9 ? Guid.NewGuid().ToString() : Pick(PathStrings);
        if (Types(schema).Contains("integer"))
            return roll < 0.6 ? random.Next(-1, 6).ToString(CultureInfo.InvariantCulture) : Pick(Numbers);
        return roll < 0.6 ? Pick(["ORS", "SRS", "CORS", "CSRS", "YCORS", "GSRS"]) : Pick(PathStrings);
    }

    // A NUL in the path never reaches the application: Kestrel refuses the request line, and the test host throws.
    static readonly string[] PathStrings = [.. Strings.Where(s => !s.Contains('\0'))];

    string ScalarText(JsonObject schema)
    {
        var roll = random.NextDouble();
        // Declared values first: the allowed ones, or a month where the pattern asks for yyyy-MM.
        if (roll < 0.5 && schema["enum"] is JsonArray allowed && allowed.Count > 0) return allowed[random.Next(allowed.Count)]!.ToString();
        if (roll < 0.5 && schema["pattern"]?.ToString().StartsWith("^[0-9]{4}-", StringComparison.Ordinal) == true)
            return $"{random.Next(2024, 2027)}-{random.Next(1, 13):00}";
        if (roll < 0.3) return Pick(seeds.Departments);
        if (roll < 0.5 && Types(schema).Contains("integer")) return random.Next(-2, 300).ToString(CultureInfo.InvariantCulture);
        return roll < 0.8 ? Pick(Strings) : Pick(Numbers);
    }

    (string? Body, string? ContentType) Body(JsonObject? schema)
    {
        var roll = random.NextDouble();
        if (roll < 0.04) return (Pick(["{", "[", "{\"a\":", "nul", "\"unterminated", "{\"date\":\"2025-01-06\",}", "\u0000", "{}{}", "{\"pseudonym\":\"\\ud800\"}", "{\"a\":1,\"a\":2}"]), "application/json");
        if (roll < 0.06) return (new string('[', 5000) + new string(']', 5000), "application/json");
        if (roll < 0.08) return ("{\"pad\":\"" + new string('x', 70 * 1024) + "\"}", "application/json");
        if (roll < 0.10) return ("{\"date\":\"2025-01-06\"}", Pick(["text/plain", "application/x-www-form-urlencoded", null]));
        if (roll < 0.12) return (Pick(["null", "[]", "1", "\"text\"", "true"]), "application/json");
        var value = schema is null ? Value(new JsonObject { ["type"] = "object" }, 0) : Value(schema, 0);
        // Half the bodies are left as generated (most of them valid, reaching the writes), half get one or two mutations.
        for (var i = random.NextDouble() < 0.5 ? 0 : random.Next(1, 3); i > 0; i--) value = Mutate(value, 0);
        return (value?.ToJsonString() ?? "null", "application/json");
    }

    /// <summary>A value that fits the schema most of the time, built from the seeds.</summary>
    JsonNode? Value(JsonObject schema, int depth, string name = "")
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
            return Value(schemas[reference.Split('/')[^1]]!.AsObject(), depth, name);
        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray choices)
        {
            var options = choices.AsArray().Select(c => c!.AsObject()).ToList();
            var nonNull = options.Where(o => o["type"]?.ToString() != "null").ToList();
            return Value(random.NextDouble() < 0.9 && nonNull.Count > 0 ? Pick(nonNull) : Pick(options), depth, name);
        }
        var types = Types(schema).Where(t => t != "null").ToList();
        if (Types(schema).Contains("null") && random.NextDouble() < 0.05) return null;
        var type = types.Count > 0 ? types[0] : "object";
        switch (type)
        {
            case "object" when depth < 6:
                var result = new JsonObject();
                if (schema["properties"] is JsonObject properties)
                    foreach (var property in properties)
                    {
                        if (property.Key is "outcome" or "alliance") scale = property.Key;
                        if (random.NextDouble() < 0.95) result[property.Key] = Value(property.Value!.AsObject(), depth + 1, property.Key);
                    }
                if (schema["properties"] is null) // free-form maps: the items of a scale
                {
                    // Items of the scale being filled: ORS keys under "outcome", SRS keys under "alliance", mostly.
                    var keys = random.NextDouble() < 0.7 && scale is "outcome" or "alliance" ? seeds.ItemSets[scale == "outcome" ? 0 : 1]
                        : random.NextDouble() < 0.85 ? Pick(seeds.ItemSets)
                        : seeds.ItemSets.SelectMany(k => k).OrderBy(_ => random.Next()).Take(random.Next(1, 6)).ToArray();
                    foreach (var key in keys) result[key] = JsonValue.Create(Math.Round((decimal)random.NextDouble() * 10, 1));
                }
                return result;
            case "array" when depth < 6:
                var array = new JsonArray();
                for (var i = random.Next(0, 5); i > 0; i--) array.Add(Value(schema["items"]?.AsObject() ?? [], depth + 1));
                return array;
            case "integer": return JsonValue.Create(name switch
            {
                "birthYear" => random.Next(1930, 2026),
                "minAge" => random.Next(0, 19),
                "maxAge" => random.Next(12, 130),
                _ => random.Next(-1, 2030),
            });
            case "number": return JsonValue.Create(name switch
            {
                "reliability" => Math.Round(0.5 + random.NextDouble() / 2, 2),
                "min" => 0,
                "max" => 10,
                _ => Math.Round(random.NextDouble() * 40, 2),
            });
            case "boolean": return JsonValue.Create(random.NextDouble() < 0.5);
            case "string":
                var format = Format(schema);
                if (format == "uuid") return JsonValue.Create(random.NextDouble() < 0.8 ? Pick(seeds.Ids) : Guid.NewGuid().ToString());
                var roll = random.NextDouble();
                if (roll < 0.8 && Likely(name) is { } likely) return JsonValue.Create(likely);
                return JsonValue.Create(roll < 0.35 ? Pick(seeds.Departments)
                    : roll < 0.55 ? $"2025-{random.Next(1, 13):00}-{random.Next(1, 29):00}"
                    : roll < 0.7 ? $"Fuzz-Ugle-{random.Next(100000)}" : Pick(Strings));
            default: return JsonValue.Create(Pick(Strings));
        }
    }

    /// <summary>A plausible value for a string field, by its name: most generated bodies should pass validation.</summary>
    string? Likely(string name) => name switch
    {
        "date" or "startedOn" or "endedOn" => $"2025-{random.Next(1, 13):00}-{random.Next(1, 29):00}",
        "departmentCode" => Pick(seeds.Departments),
        "pseudonym" => $"Fuzz-Ugle-{random.Next(1_000_000)}",
        "code" => $"FZ{random.Next(100000)}",
        "name" or "note" => $"Fuzz {random.Next(1000)}",
        "kind" => Pick(["outcome", "alliance"]),
        "endReason" => Pick(["planned", "dropout", "referred", "other"]),
        "outcomeInstrument" or "allianceInstrument" => Pick(["ORS", "SRS", "CORS", "CSRS", "YCORS", "GSRS"]),
        "key" => Pick(Pick(seeds.ItemSets)),
        _ => null,
    };

    /// <summary>Replaces one node somewhere in the value with something the schema does not allow.</summary>
    JsonNode? Mutate(JsonNode? node, int depth)
    {
        if (node is JsonObject obj && obj.Count > 0 && depth < 8 && random.NextDouble() < 0.7)
        {
            var key = obj.Select(p => p.Key).ElementAt(random.Next(obj.Count));
            var child = obj[key];
            obj.Remove(key);
            if (random.NextDouble() < 0.9) obj[key] = Mutate(child?.DeepClone(), depth + 1);
            return obj;
        }
        if (node is JsonArray arr && arr.Count > 0 && depth < 8 && random.NextDouble() < 0.7)
        {
            var i = random.Next(arr.Count);
            var child = arr[i]?.DeepClone();
            arr[i] = Mutate(child, depth + 1);
            return arr;
        }
        return random.Next(9) switch
        {
            0 => null,
            1 => JsonNode.Parse(Pick(Numbers)),
            2 => JsonValue.Create(Pick(Strings)),
            3 => new JsonArray(null, JsonNode.Parse(Pick(Numbers))),
            4 => new JsonObject { ["nested"] = new JsonObject { [Pick(Strings)] = JsonNode.Parse(Pick(Numbers)) } },
            5 => JsonValue.Create(random.NextDouble() < 0.5),
            6 => JsonValue.Create(new string('9', random.Next(20, 400))),
            7 => new JsonArray(),
            _ => JsonNode.Parse("-" + Pick(Numbers).TrimStart('-')),
        };
    }

    string? IdempotencyKey() => random.Next(16) switch
    {
        0 => null,
        1 => new string('k', 250),
        2 => "nøkkel-🙂-" + random.Next(20),
        3 => "fuzz-" + random.Next(30), // reused on purpose: replays and conflicting bodies
        _ => Guid.NewGuid().ToString(), // most requests: a fresh key, as a well-behaved client sends
    };

    static IEnumerable<string> Types(JsonObject schema) => schema["type"] switch
    {
        JsonArray many => many.Select(t => t!.GetValue<string>()),
        JsonValue one => [one.GetValue<string>()],
        _ => [],
    };

    static string? Format(JsonObject schema) => schema["format"]?.GetValue<string>();

    T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
