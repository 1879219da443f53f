using System.Text.RegularExpressions;

namespace Parley.Server.Tests;

/// <summary>
/// Parley.Server's folders form a stack (docs/architecture/server.md): a folder may use the folders below
/// it, never one above, so there are no cycles. The namespace is the folder, so a use is a using directive
/// or a qualified name of another folder's namespace.
/// </summary>
public sealed partial class LayeringTests
{
    // Bottom first. The root namespace (options, Plural) is below every folder.
    private static readonly string[] s_layers =
    [
        "Video",
        "Registry",
        "Sessions",
        "Presence",
        "Routing",
        "Authentication",
        "Streaming",
        "VideoRequests",
        "Dispatch",
        "Transports",
        "Http",
        "Hosting",
    ];

    [Fact]
    public void Every_folder_uses_only_folders_below_it()
    {
        var root = Path.Combine(RepositoryRoot(), "src", "Parley.Server");
        var violations = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal))
            {
                continue;
            }

            var folder = relative.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)
                ? relative[..relative.IndexOf(Path.DirectorySeparatorChar, StringComparison.Ordinal)]
                : string.Empty;
            var rank = Rank(folder);
            Assert.True(rank is not null, $"{relative}: folder '{folder}' has no place in the layer list of {nameof(LayeringTests)}");
            foreach (Match use in UsedFolder().Matches(File.ReadAllText(file)))
            {
                var used = use.Groups["folder"].Value;
                if (used != folder && (Rank(used) is not { } usedRank || usedRank > rank))
                {
                    violations.Add($"{relative} ({Describe(folder)}) uses Parley.Server.{used}, which is above it");
                }
            }
        }

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations.Distinct()));
    }

    private static int? Rank(string folder) =>
        folder.Length == 0 ? -1 : Array.IndexOf(s_layers, folder) is var index and >= 0 ? index : null;

    private static string Describe(string folder) => folder.Length == 0 ? "the root" : folder;

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Parley.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Parley.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\bParley\.Server\.(?<folder>[A-Z][A-Za-z]*)\b")]
    private static partial Regex UsedFolder();
}
