using System.Text.RegularExpressions;

namespace Parley.Client.Tests;

/// <summary>
/// The folders of Parley.Client depend downwards only (docs/architecture/client.md):
/// Storage, then Connection, then Presence, then Messaging; Video stands on Connection alone.
/// The root holds the façade and the public vocabulary (events, options, errors) every folder uses.
/// </summary>
public sealed partial class ClientLayeringTests
{
    private static readonly Dictionary<string, string[]> s_allowed = new(StringComparer.Ordinal)
    {
        ["Storage"] = [],
        ["Connection"] = ["Storage"],
        ["Presence"] = ["Connection", "Storage"],
        ["Messaging"] = ["Connection", "Presence", "Storage"],
        ["Video"] = ["Connection"],
    };

    [Fact]
    public void Each_folder_uses_only_the_folders_below_it()
    {
        var source = Path.Combine(RepositoryRoot(), "src", "Parley.Client");
        var broken = new List<string>();
        foreach (var (folder, allowed) in s_allowed)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(source, folder), "*.cs"))
            {
                var text = File.ReadAllText(file);
                var used = FolderReference().Matches(text).Select(m => m.Groups["folder"].Value)
                    .Where(used => used != folder && s_allowed.ContainsKey(used))
                    .Distinct(StringComparer.Ordinal);
                broken.AddRange(used.Where(u => !allowed.Contains(u)).Select(u => $"{folder}/{Path.GetFileName(file)} uses {u}"));
            }
        }

        Assert.Empty(broken);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Parley.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Parley.slnx not found above " + AppContext.BaseDirectory);
    }

    // "using Parley.Client.Video;", "Parley.Client.Video.X" or a name qualified from inside the client ("Storage.IdentityName").
    [GeneratedRegex(@"(?:Parley\.Client\.|(?<![\w.])(?=(?:Storage|Connection|Presence|Messaging|Video)\.[A-Z]))(?<folder>Storage|Connection|Presence|Messaging|Video)\b")]
    private static partial Regex FolderReference();
}
