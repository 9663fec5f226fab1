using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace FitService.Api.Tests.Fuzz;

/// <summary>
/// One generated request: what to send, and a short label for the report of failures. <see cref="Valid"/>: built to
/// pass validation (real ids, the caller the operation is for, a body that fits the schema), with at most one field
/// mutated (<see cref="Mutation"/>, null when none). <see cref="BadToken"/>: the kind of bad token it carries, if any.
/// </summary>
public sealed record FuzzRequest(string Method, string Route, string Path, string? Body, string? ContentType,
    string? Accept, string? Token, string? IdempotencyKey, bool Valid = false, string? Mutation = null, string? BadToken = null)
{
    public bool IsWrite => Method is "POST" or "PUT" or "PATCH" or "DELETE";

    /// <summary>Slow requests send their body a few bytes at a time (the long form against Kestrel only).</summary>
    public bool Slow { get; init; }
}

/// <summary>A department of the fuzzed database: its callers and what exists in it.</summary>
public sealed record FuzzDepartment(string Code, string Clinician, string Supervisor, IReadOnlyList<string> Clients,
    IReadOnlyList<string> Episodes, IReadOnlyList<string> SpareEpisodes, IReadOnlyList<string> Alerts, IReadOnlyList<string> LinkCodes);

/// <summary>
/// Ids and codes that exist in the fuzzed database, so that generated requests reach past the 404s: the departments
/// with their callers, the instruments with their item keys (from GET /instruments), callers of every role and
/// bad tokens of every kind (<see cref="BadTokens"/>, each must get 401 wherever a token is required).
/// </summary>
public sealed record FuzzSeeds(IReadOnlyList<FuzzDepartment> Departments, string Admin, string Evaluator,
    IReadOnlyDictionary<string, string[]> Instruments, IReadOnlyList<(string Name, string? Token)> Identities,
    IReadOnlyList<(string Name, string Token)> BadTokens)
{
    public IReadOnlyList<string> Ids { get; } = [.. Departments.SelectMany(d => d.Clients.Concat(d.Episodes).Concat(d.SpareEpisodes).Concat(d.Alerts))];
    public IReadOnlyList<string> DepartmentCodes { get; } = [.. Departments.Select(d => d.Code), "DEMO-A"];
    public IReadOnlyList<string[]> ItemSets { get; } = [.. Instruments.Values, ["unknownItem"]];
}


/// <summary>
/// Generates requests from the service's own OpenAPI document, for every operation. Most are built to pass validation
/// (valid mode): real ids and codes for the path parameters, the caller the operation is meant for, a body that fits
/// the schema with plausible values by field name; half of those then get exactly one field mutated (wrong type, huge
/// number, NUL, lone surrogate, long string, a required field missing, an extra field), so the writes reach the
/// database and the checks behind validation are fuzzed too. The rest are chaos: values drawn from the schemas and
/// mutated anywhere (nulls, numbers from 1e-300 to 1e308, Unicode, malformed and oversized JSON, odd Accept and
/// Content-Type headers, bad Idempotency-Keys), sent as any caller, bad tokens included.
/// Deterministic for a given seed.
/// </summary>
public sealed class OpenApiFuzzer
{
    /// <summary>The share of requests built to pass validation.</summary>
    const double ValidShare = 0.75;

    /// <summary>Marks a lone surrogate in a generated value; replaced by its JSON escape once serialised.</summary>
    const string LoneSurrogate = "\uE000";

    readonly JsonObject schemas;
    readonly List<Operation> operations = [];
    readonly Random random;
    readonly FuzzSeeds seeds;
    readonly string today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    int nextLinkCode;
    string scale = "";
    // The request being built in valid mode: its department, operation and the instrument in its path, if any.
    FuzzDepartment department = null!;
    Operation? current;
    string? instrument;

    sealed record Operation(string Method, string Route, IReadOnlyList<(string Name, string In, JsonObject Schema)> Parameters,
        JsonObject? Body, bool Anonymous);

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

    static readonly string[] HugeNumbers = ["1e308", "-1e308", "4e28", "7.9e28", "2147483648", "-2147483649", "9223372036854775808", "123456789012345678901234567890"];

    static readonly string[] Mutations = ["wrong type", "huge number", "NUL", "lone surrogate", "long string", "missing field", "extra field"];

    /// <param name="anonymous">"METHOD route" of the operations that need no token.</param>
    public OpenApiFuzzer(JsonObject document, FuzzSeeds seeds, int seed, IReadOnlySet<string> anonymous)
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
            operations.Add(new Operation(method.ToUpperInvariant(), route, parameters, body, anonymous.Contains(method.ToUpperInvariant() + " " + route)));
        }
    }

    public int OperationCount => operations.Count;

    public FuzzRequest Next()
    {
        var op = operations[random.Next(operations.Count)];
        return random.NextDouble() < ValidShare ? NextValid(op) : NextChaos(op);
    }

    /// <summary>A request built to pass: real ids, the right caller, a fitting body; half of them with one field mutated.</summary>
    FuzzRequest NextValid(Operation op)
    {
        current = op;
        department = Pick(seeds.Departments);
        instrument = null;
        var path = new StringBuilder(op.Route);
        var query = new List<string>();
        foreach (var (name, location, schema) in op.Parameters)
        {
            if (location == "path")
                path.Replace("{" + name + "}", Uri.EscapeDataString(ValidPathValue(op.Route, name, schema)));
            else if (location == "query" && ValidQueryValue(name, schema) is { } value)
                query.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}");
        }
        var url = path + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        scale = "";
        string? body = null, mutation = null;
        if (op.Body is not null)
        {
            var value = Value(op.Body, 0, valid: true);
            if (random.NextDouble() < 0.5) (value, mutation) = MutateOne(value);
            body = Serialise(value);
        }
        // A bad token now and then, on a path that would otherwise be answered: it must be refused with 401.
        string? token = CallerFor(op), badToken = null;
        if (random.NextDouble() < 0.08)
            (badToken, token) = Pick(seeds.BadTokens);
        return new FuzzRequest(op.Method, op.Method + " " + op.Route, url, body, body is null ? null : "application/json",
            "application/json", token, Guid.NewGuid().ToString(), Valid: true, mutation, badToken);
    }

    /// <summary>Anything the schema allows and much it does not, from any caller.</summary>
    FuzzRequest NextChaos(Operation op)
    {
        current = null;
        instrument = null;
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

    /// <summary>The caller an operation is meant for, by its route: the department's clinician unless it is someone else's.</summary>
    string? CallerFor(Operation op)
    {
        var route = op.Route;
        var write = op.Method is not "GET";
        if (op.Anonymous) return null;
        if (route.Contains("/alerts", StringComparison.Ordinal)) return department.Supervisor;
        if (route.Contains("/reports", StringComparison.Ordinal)) return Pick([seeds.Evaluator, department.Supervisor, seeds.Admin]);
        if (route.Contains("/access-log", StringComparison.Ordinal) || route.Contains("/trajectories", StringComparison.Ordinal)) return seeds.Admin;
        if (write && (route.StartsWith("/api/v1/departments", StringComparison.Ordinal) || route.StartsWith("/api/v1/instruments", StringComparison.Ordinal)))
            return seeds.Admin;
        return department.Clinician;
    }

    string ValidPathValue(string route, string name, JsonObject schema)
    {
        var marker = "{" + name + "}";
        var before = route[..route.IndexOf(marker, StringComparison.Ordinal)].TrimEnd('/');
        var resource = before[(before.LastIndexOf('/') + 1)..];
        switch (name, resource)
        {
            case ("id", "episodes"):
                return route.EndsWith("/close", StringComparison.Ordinal) ? Pick(department.SpareEpisodes) : Pick(department.Episodes);
            case ("id", "clients"): return Pick(department.Clients);
            case ("id", "alerts") when department.Alerts.Count > 0: return Pick(department.Alerts);
            case ("id", "goals"): return random.Next(1, 12).ToString(CultureInfo.InvariantCulture);
            case ("code", "departments"): return department.Code;
            case ("code", "instruments"):
                instrument = Pick(seeds.Instruments.Keys.Order(StringComparer.Ordinal).ToList());
                return instrument;
            case ("code", "client-ratings"):
                // Each code works once: hand them out in turn, so most reach the write.
                var codes = seeds.Departments.SelectMany(d => d.LinkCodes).ToList();
                return codes.Count > 0 ? codes[nextLinkCode++ % codes.Count] : Pick(Strings.Where(s => s.Length > 0).ToList());
            case ("number" or "sessionNumber", _): return random.Next(1, 3).ToString(CultureInfo.InvariantCulture);
            case ("relation", _): return random.NextDouble() < 0.8 ? "parent" : Pick(Relations); // the fuzzed episodes have a parent's ratings
            default: return PathValue(schema);
        }
    }

    static readonly string[] Relations = ["parent", "partner", "teacher", "other"];

    /// <summary>A query value the operation accepts, or null to leave the parameter out.</summary>
    string? ValidQueryValue(string name, JsonObject schema)
    {
        if (schema["enum"] is JsonArray allowed && allowed.Count > 0) return random.NextDouble() < 0.8 ? allowed[random.Next(allowed.Count)]!.ToString() : null;
        if (schema["pattern"]?.ToString().StartsWith("^[0-9]{4}-", StringComparison.Ordinal) == true)
            return random.NextDouble() < 0.7 ? $"{random.Next(2024, 2027)}-{random.Next(1, 13):00}" : null;
        return name switch
        {
            "department" => department.Code,
            "departments" => random.NextDouble() < 0.5 ? department.Code : null,
            "halfYear" => random.NextDouble() < 0.5 ? $"{random.Next(2025, 2027)}H{random.Next(1, 3)}" : null,
            "limit" => random.Next(1, 60).ToString(CultureInfo.InvariantCulture),
            "offset" => random.Next(0, 5).ToString(CultureInfo.InvariantCulture),
            "mine" => Pick(["true", "false"]),
            "search" => random.NextDouble() < 0.5 ? "Fuzz" : null,
            "lang" => Pick(["nb", "en"]),
            _ => null,
        };
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
        if (roll < 0.3) return Pick(seeds.DepartmentCodes);
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
        // Half the bodies are left as generated, half get one or two mutations anywhere.
        for (var i = random.NextDouble() < 0.5 ? 0 : random.Next(1, 3); i > 0; i--) value = Mutate(value, 0);
        return (Serialise(value), "application/json");
    }

    static string Serialise(JsonNode? value) =>
        (value?.ToJsonString() ?? "null").Replace("\\u" + ((int)LoneSurrogate[0]).ToString("X4", CultureInfo.InvariantCulture), "\\uD800", StringComparison.Ordinal);

    /// <summary>
    /// A value that fits the schema. In valid mode every property gets a plausible value by its name (or is left out
    /// when it is optional and has none), ids come from the request's department and item keys from its instrument.
    /// </summary>
    JsonNode? Value(JsonObject schema, int depth, string name = "", bool valid = false)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference)
            return Value(schemas[reference.Split('/')[^1]]!.AsObject(), depth, name, valid);
        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray choices)
        {
            var options = choices.AsArray().Select(c => c!.AsObject()).ToList();
            var nonNull = options.Where(o => o["type"]?.ToString() != "null").ToList();
            return Value(valid || random.NextDouble() < 0.9 && nonNull.Count > 0 ? Pick(nonNull) : Pick(options), depth, name, valid);
        }
        var types = Types(schema).Where(t => t != "null").ToList();
        if (!valid && Types(schema).Contains("null") && random.NextDouble() < 0.05) return null;
        var type = types.Count > 0 ? types[0] : "object";
        switch (type)
        {
            case "object" when depth < 6:
                var result = new JsonObject();
                if (schema["properties"] is JsonObject properties)
                    foreach (var property in properties)
                    {
                        if (property.Key is "outcome" or "alliance") scale = property.Key;
                        if (valid)
                        {
                            if (ValidProperty(property.Key, property.Value!.AsObject(), depth) is { } value) result[property.Key] = value;
                        }
                        else if (random.NextDouble() < 0.95) result[property.Key] = Value(property.Value!.AsObject(), depth + 1, property.Key);
                    }
                if (schema["properties"] is null) // free-form maps: the items of a scale, or their wording
                {
                    var keys = valid ? ValidItemKeys()
                        // Items of the scale being filled: ORS keys under "outcome", SRS keys under "alliance", mostly.
                        : random.NextDouble() < 0.7 && scale is "outcome" or "alliance" ? seeds.ItemSets[scale == "outcome" ? 0 : 1]
                        : random.NextDouble() < 0.85 ? Pick(seeds.ItemSets)
                        : seeds.ItemSets.SelectMany(k => k).OrderBy(_ => random.Next()).Take(random.Next(1, 6)).ToArray();
                    var entry = schema["additionalProperties"] as JsonObject;
                    var entrySchema = entry?["$ref"] is not null || entry?["properties"] is not null ? entry : null;
                    foreach (var key in keys)
                        result[key] = entrySchema is not null ? Value(entrySchema, depth + 1, key, valid)
                            : JsonValue.Create(Math.Round((decimal)random.NextDouble() * 10, 1));
                }
                return result;
            case "array" when depth < 6:
                var array = new JsonArray();
                for (var i = valid ? random.Next(1, 4) : random.Next(0, 5); i > 0; i--)
                    array.Add(Value(schema["items"]?.AsObject() ?? [], depth + 1, name, valid));
                if (valid && name == "items") // an instrument's item keys differ
                    foreach (var (item, index) in array.Select((item, index) => (item, index)))
                        if (item is JsonObject { } o && o.ContainsKey("key")) o["key"] = $"fuzzItem{index}";
                return array;
            case "integer": return JsonValue.Create(name switch
            {
                "birthYear" => random.Next(1930, 2020),
                "minAge" => random.Next(0, 19),
                "maxAge" => random.Next(19, 130),
                "sessionNumber" => random.Next(1, 3),
                _ => valid ? random.Next(0, 10) : random.Next(-1, 2030),
            });
            case "number": return JsonValue.Create(name switch
            {
                "reliability" => Math.Round(0.5 + random.NextDouble() * 0.45, 2),
                "min" => 0,
                "max" => 10,
                "target" => Math.Round(random.NextDouble(), 2),
                "clinicalMean" => Math.Round(15 + random.NextDouble() * 5, 1),
                "functionalMean" => Math.Round(26 + random.NextDouble() * 5, 1),
                "clinicalSd" or "functionalSd" => Math.Round(5 + random.NextDouble() * 3, 1),
                "reliableChangeThreshold" => Math.Round(3 + random.NextDouble() * 3, 1),
                "cutoff" => Math.Round(20 + random.NextDouble() * 10, 1),
                _ => Math.Round(random.NextDouble() * (valid ? 10 : 40), valid ? 1 : 2),
            });
            case "boolean": return JsonValue.Create(random.NextDouble() < 0.5);
            case "string":
                var format = Format(schema);
                if (format == "uuid") return JsonValue.Create(random.NextDouble() < 0.8 ? Pick(seeds.Ids) : Guid.NewGuid().ToString());
                if (valid && schema["enum"] is JsonArray allowed && allowed.Count > 0) return JsonValue.Create(allowed[random.Next(allowed.Count)]!.ToString());
                var roll = random.NextDouble();
                if ((valid || roll < 0.8) && Likely(name) is { } likely) return JsonValue.Create(likely);
                return JsonValue.Create(roll < 0.35 ? Pick(seeds.DepartmentCodes)
                    : roll < 0.55 ? $"2025-{random.Next(1, 13):00}-{random.Next(1, 29):00}"
                    : roll < 0.7 ? $"Fuzz-Ugle-{random.Next(100000)}" : Pick(Strings));
            default: return JsonValue.Create(Pick(Strings));
        }
    }

    /// <summary>A property of a valid body, or null to leave it out (an optional field without a plausible value).</summary>
    JsonNode? ValidProperty(string name, JsonObject schema, int depth)
    {
        switch (name)
        {
            case "clientId": return JsonValue.Create(Pick(department.Clients));
            // A client link for the outcome is always the next session: only an alliance link names one.
            case "sessionNumber" when current?.Route.EndsWith("/client-links", StringComparison.Ordinal) == true: return null;
            // Optional fields that are only valid together with others: a valid body leaves them out.
            case "allianceRatedBy" or "allianceMissingReason": return null;
            case "alliance" when random.NextDouble() < 0.3: return null;
            case "outcomeInstrument" or "allianceInstrument": return null;
            // An instrument has norms, or an explicit threshold with cutoffs, not both.
            case "norms" when random.NextDouble() < 0.5: return null;
            case "reliableChangeThreshold" or "cutoffs": return null;
        }
        var resolved = Resolve(schema);
        var types = Types(resolved).ToList();
        var simple = types.Any(t => t is "string" or "integer" or "number" or "boolean");
        if (simple && !types.Contains("boolean") && Format(resolved) != "uuid" && resolved["enum"] is null && types.Contains("string") && Likely(name) is null)
            return null;
        return Value(schema, depth + 1, name, valid: true);
    }

    JsonObject Resolve(JsonObject schema)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference) return Resolve(schemas[reference.Split('/')[^1]]!.AsObject());
        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray choices)
            return choices.Select(c => c!.AsObject()).FirstOrDefault(o => o["type"]?.ToString() != "null") is { } first ? Resolve(first) : schema;
        return schema;
    }

    /// <summary>The item keys of the instrument the request is about: the path's, else ORS for an outcome, SRS for an alliance.</summary>
    string[] ValidItemKeys()
    {
        var code = instrument ?? (scale == "alliance" ? "SRS" : "ORS");
        return seeds.Instruments.TryGetValue(code, out var keys) ? keys : seeds.ItemSets[0];
    }

    /// <summary>A plausible value for a string field, by its name: most generated bodies should pass validation.</summary>
    string? Likely(string name) => name switch
    {
        // A session's date: today comes after every session the fuzzed episodes hold; a correction keeps its place.
        "date" when current?.Method == "PUT" => "2025-01-10",
        "date" => current is not null ? today : $"2025-{random.Next(1, 13):00}-{random.Next(1, 29):00}",
        "endedOn" => current is not null ? today : $"2025-{random.Next(1, 13):00}-{random.Next(1, 29):00}",
        "startedOn" => $"2025-{random.Next(1, 13):00}-{random.Next(1, 29):00}",
        "departmentCode" => current is not null ? department.Code : Pick(seeds.DepartmentCodes),
        "pseudonym" => $"Fuzz-Ugle-{random.Next(1_000_000)}",
        "code" => $"FZ{random.Next(100000)}",
        "name" or "note" or "description" => $"Fuzz {random.Next(1000)}",
        "label" => $"Ledd {random.Next(100)}",
        "low" => "Dårlig",
        "high" => "Bra",
        "kind" => Pick(["outcome", "alliance"]),
        "endReason" => Pick(["planned", "dropout", "referred", "other"]),
        "outcomeInstrument" or "allianceInstrument" => Pick(["ORS", "SRS", "CORS", "CSRS", "YCORS", "GSRS"]),
        "key" => Pick(Pick(seeds.ItemSets)),
        "relation" => Pick(Relations),
        "ratedBy" => Pick(["clinician", "client", "collateral"]),
        "scale" => "outcome",
        "language" => Pick(["nb", "en"]),
        "halfYear" => $"{random.Next(2025, 2028)}H{random.Next(1, 3)}",
        "metric" => Pick(["reliablyImproved", "recovered", "deteriorated", "dropout"]),
        "direction" => Pick(["atLeast", "atMost"]),
        _ => null,
    };

    /// <summary>Exactly one field of a valid body made wrong in one way; the mutation's name, or null when there was nothing to mutate.</summary>
    (JsonNode? Value, string? Mutation) MutateOne(JsonNode? body)
    {
        if (body is not JsonObject root || root.Count == 0) return (body, null);
        // Walk down to a random property, at any depth.
        var parent = root;
        var key = parent.Select(p => p.Key).ElementAt(random.Next(parent.Count));
        while (parent[key] is JsonObject { Count: > 0 } child && random.NextDouble() < 0.6)
        {
            parent = child;
            key = parent.Select(p => p.Key).ElementAt(random.Next(parent.Count));
        }
        var mutation = Pick(Mutations);
        var old = parent[key];
        switch (mutation)
        {
            case "wrong type":
                parent[key] = old is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String
                    ? Pick<JsonNode?>([JsonValue.Create(12), JsonValue.Create(true), new JsonArray(), new JsonObject()])
                    : Pick<JsonNode?>([JsonValue.Create("12"), JsonValue.Create("tolv"), new JsonArray(JsonValue.Create(1)), JsonValue.Create(false)]);
                break;
            case "huge number": parent[key] = JsonNode.Parse(Pick(HugeNumbers)); break;
            case "NUL": parent[key] = JsonValue.Create(Text(old) + "\0x"); break;
            case "lone surrogate": parent[key] = JsonValue.Create(Text(old) + LoneSurrogate); break;
            case "long string": parent[key] = JsonValue.Create(new string('x', random.Next(201, 6000))); break;
            case "missing field": parent.Remove(key); break;
            default: parent["fuzzExtra" + random.Next(10)] = JsonValue.Create("x"); break;
        }
        return (root, mutation);
    }

    static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";

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
        return random.Next(10) switch
        {
            0 => null,
            1 => JsonNode.Parse(Pick(Numbers)),
            2 => JsonValue.Create(Pick(Strings)),
            3 => new JsonArray(null, JsonNode.Parse(Pick(Numbers))),
            4 => new JsonObject { ["nested"] = new JsonObject { [Pick(Strings)] = JsonNode.Parse(Pick(Numbers)) } },
            5 => JsonValue.Create(random.NextDouble() < 0.5),
            6 => JsonValue.Create(new string('9', random.Next(20, 400))),
            7 => new JsonArray(),
            8 => JsonValue.Create("Fuzz" + LoneSurrogate),
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
