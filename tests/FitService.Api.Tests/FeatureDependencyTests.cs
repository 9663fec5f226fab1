using System.Reflection;
using System.Reflection.Emit;

namespace FitService.Api.Tests;

/// <summary>
/// Feature folders (namespaces FitService.Api.X) may use each other only one way round: the graph of which feature's
/// types reference which other feature's types, read from signatures and from the IL of every method body, has no
/// cycle. Infrastructure is used from anywhere and uses no feature, but for the wiring named below.
/// </summary>
public class FeatureDependencyTests
{
    const string Root = "FitService.Api.";
    const string Infrastructure = "Infrastructure";

    // Where Infrastructure wires a feature in: the composition root, and two hooks of sign-in and health.
    static readonly HashSet<(string Type, string Feature)> InfrastructureWiring =
    [
        ("ApplicationServices", "Trajectories"), ("ApplicationServices", "Instruments"), ("ApplicationServices", "Episodes"),
        ("Authentication", "Account"), ("Database", "Health"),
    ];

    [Fact]
    public void FeatureFoldersHaveNoCycles()
    {
        var graph = Edges().Where(e => e.From != Infrastructure && e.To != Infrastructure)
            .GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).ToHashSet());

        var cycle = FindCycle(graph);

        Assert.True(cycle is null, $"Feature folders reference each other in a cycle: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void InfrastructureUsesNoFeatureButItsWiring()
    {
        var uses = Edges().Where(e => e.From == Infrastructure && e.To != Infrastructure)
            .Where(e => !InfrastructureWiring.Contains((TopLevel(e.Type).Name, e.To)))
            .Select(e => $"{TopLevel(e.Type).Name} -> {e.To}").Distinct().ToList();

        Assert.Empty(uses);
    }

    [Fact]
    public void TheCycleCheckFindsACycle()
    {
        var graph = new Dictionary<string, HashSet<string>> { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"] };

        Assert.Equal(["A", "B", "C", "A"], FindCycle(graph));
        Assert.Null(FindCycle(new Dictionary<string, HashSet<string>> { ["A"] = ["B"], ["B"] = ["C"], ["D"] = ["C"] }));
    }

    [Fact]
    public void MethodBodiesCount()
    {
        // SessionsApi calls SessionEvaluation and AlertStore only inside method bodies: the scan must see the calls.
        var edges = Edges().Where(e => e.From == "Sessions").Select(e => e.To).ToHashSet();

        Assert.Contains("Alerts", edges);
        Assert.Contains("Trajectories", edges);
        Assert.Contains("Instruments", edges);
    }

    static List<string>? FindCycle(Dictionary<string, HashSet<string>> graph)
    {
        var state = new Dictionary<string, int>(); // 1 = on the path, 2 = done
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
            {
                if (state.GetValueOrDefault(next) == 1) return [.. path[path.IndexOf(next)..], next];
                if (state.GetValueOrDefault(next) == 0 && Visit(next) is { } found) return found;
            }
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
            if (state.GetValueOrDefault(node) == 0 && Visit(node) is { } cycle) return cycle;
        return null;
    }

    static Type TopLevel(Type type) => type.DeclaringType is { } outer ? TopLevel(outer) : type;

    static string? Feature(Type type) =>
        type.Namespace is { } ns && ns.StartsWith(Root, StringComparison.Ordinal) ? ns[Root.Length..].Split('.')[0] : null;

    static IEnumerable<(Type Type, string From, string To)> Edges()
    {
        var assembly = typeof(Program).Assembly;
        foreach (var type in assembly.GetTypes())
        {
            if (Feature(type) is not { } from) continue;
            foreach (var used in References(type).SelectMany(Flatten))
                if (used.Assembly == assembly && Feature(used) is { } to && to != from)
                    yield return (type, from, to);
        }
    }

    static IEnumerable<Type> Flatten(Type type)
    {
        yield return type;
        if (type.HasElementType) foreach (var t in Flatten(type.GetElementType()!)) yield return t;
        if (type.IsGenericType) foreach (var t in type.GetGenericArguments().SelectMany(Flatten)) yield return t;
    }

    const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    static IEnumerable<Type> References(Type type)
    {
        if (type.BaseType is { } b) yield return b;
        foreach (var i in type.GetInterfaces()) yield return i;
        foreach (var f in type.GetFields(Declared)) yield return f.FieldType;
        foreach (var p in type.GetProperties(Declared)) yield return p.PropertyType;
        foreach (var m in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (m is MethodInfo mi) yield return mi.ReturnType;
            foreach (var p in m.GetParameters()) yield return p.ParameterType;
            foreach (var t in BodyReferences(m)) yield return t;
        }
    }

    static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The types a method body's instructions name (calls, fields, new objects, casts, tokens) and its locals.</summary>
    static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body?.GetILAsByteArray() is not { } il) yield break;
        foreach (var local in body.LocalVariables) yield return local.LocalType;
        var typeArgs = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            var code = il[i] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[i + 1])] : OpCodesByValue[il[i]];
            i += code.Size;
            var size = code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
            if (code.OperandType is OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType)
            {
                var member = Resolve(method.Module, BitConverter.ToInt32(il, i), typeArgs, methodArgs);
                if (member is Type t) yield return t;
                else if (member?.DeclaringType is { } declaring) yield return declaring;
                if (member is MethodInfo called)
                {
                    yield return called.ReturnType;
                    foreach (var a in called.IsGenericMethod ? called.GetGenericArguments() : []) yield return a;
                }
                if (member is FieldInfo field) yield return field.FieldType;
            }
            i += size;
        }
    }

    static MemberInfo? Resolve(Module module, int token, Type[]? typeArgs, Type[]? methodArgs)
    {
        try { return module.ResolveMember(token, typeArgs, methodArgs); }
        catch (ArgumentException) { return null; }
    }
}
