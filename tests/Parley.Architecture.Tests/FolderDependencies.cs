using System.Reflection;
using NetArchTest.Rules;

namespace Parley.Architecture.Tests;

/// <summary>
/// Which top-level folders of one project use which, read from the compiled code (signatures and method bodies),
/// with folders known by their namespaces (Parley.Server.Sessions is src/Parley.Server/Sessions).
/// </summary>
internal sealed class FolderDependencies
{
    private readonly Assembly _assembly;

    public FolderDependencies(Assembly assembly, string rootNamespace)
    {
        _assembly = assembly;
        RootNamespace = rootNamespace;
        Folders = assembly.GetTypes()
            .Where(type => !type.Name.StartsWith('<'))
            .Select(type => FolderOf(type.Namespace))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var ambiguous = Folders.Where(a => Folders.Any(b => b != a && b.StartsWith(a, StringComparison.Ordinal))).ToList();
        if (ambiguous.Count > 0)
        {
            throw new InvalidOperationException($"folder names that start others' names: {string.Join(", ", ambiguous)}");
        }
    }

    public string RootNamespace { get; }

    public IReadOnlyList<string> Folders { get; }

    /// <summary>The types in <paramref name="from"/> that use something in <paramref name="to"/>.</summary>
    public IReadOnlyList<string> TypesUsing(string from, string to)
    {
        var result = Types.InAssembly(_assembly)
            .That().ResideInNamespaceStartingWith(Namespace(from))
            .ShouldNot().HaveDependencyOn(Namespace(to))
            .GetResult();
        return result.IsSuccessful ? [] : result.FailingTypeNames.ToList();
    }

    /// <summary>The types declared straight in the root namespace that use something in <paramref name="to"/>.</summary>
    public IReadOnlyList<string> RootTypesUsing(string to)
    {
        var rootTypes = Folders.Aggregate(
            Types.InAssembly(_assembly).That().ResideInNamespace(RootNamespace),
            (types, folder) => types.And().DoNotResideInNamespace(Namespace(folder)));
        var result = rootTypes.ShouldNot().HaveDependencyOn(Namespace(to)).GetResult();
        return result.IsSuccessful ? [] : result.FailingTypeNames.ToList();
    }

    /// <summary>The types in <paramref name="from"/> that use a type declared straight in the root namespace.</summary>
    public IReadOnlyList<string> TypesUsingRoot(string from)
    {
        var rootTypeNames = _assembly.GetTypes()
            .Where(type => type.Namespace == RootNamespace && !type.IsNested && !type.Name.StartsWith('<'))
            .Select(type => type.FullName!)
            .ToArray();
        if (rootTypeNames.Length == 0)
        {
            return [];
        }

        var result = Types.InAssembly(_assembly)
            .That().ResideInNamespaceStartingWith(Namespace(from))
            .ShouldNot().HaveDependencyOnAny(rootTypeNames)
            .GetResult();
        return result.IsSuccessful ? [] : result.FailingTypeNames.ToList();
    }

    /// <summary>Every folder-to-folder use, with one type that shows it.</summary>
    public IReadOnlyDictionary<(string From, string To), string> Edges()
    {
        var edges = new Dictionary<(string, string), string>();
        foreach (var from in Folders)
        {
            foreach (var to in Folders.Where(to => to != from))
            {
                var users = TypesUsing(from, to);
                if (users.Count > 0)
                {
                    edges[(from, to)] = users[0];
                }
            }
        }

        return edges;
    }

    // NetArchTest matches namespaces by prefix; the constructor makes sure no folder's name starts another's.
    private string Namespace(string folder) => $"{RootNamespace}.{folder}";

    private string? FolderOf(string? typeNamespace)
    {
        if (typeNamespace is null || !typeNamespace.StartsWith(RootNamespace + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = typeNamespace[(RootNamespace.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }
}
