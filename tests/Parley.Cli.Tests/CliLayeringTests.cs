using System.Text;
using System.Text.RegularExpressions;
using Parley.Cli.Tests.Support;

namespace Parley.Cli.Tests;

/// <summary>
/// The folders of src/Parley.Cli form layers (docs/architecture/cli.md): each uses only the layers below
/// it, and the feature folders of one layer do not use each other. Read from the source: a file reaches
/// another folder's namespace only through a using directive or a qualified name (Video.PlayCommand,
/// Parley.Cli.Video.PlayCommand), and the root namespace's types by their bare names.
/// </summary>
public partial class CliLayeringTests
{
    // Lowest first. "" is the project's root folder: Program and the command tree, above everything.
    private static readonly string[][] s_layers =
    [
        ["Output"],
        ["Common"],
        ["Messaging", "Presence", "Keys", "Video", "Hosting"],
        ["Chat"],
        [""],
    ];

    private static readonly string s_source = Path.Combine(RepoRoot.Path, "src", "Parley.Cli");

    [Fact]
    public void Every_folder_uses_only_the_layers_below_it()
    {
        var rootTypes = Files().Where(file => FolderOf(file) == "")
            .SelectMany(file => TypeDeclaration().Matches(Code(file)).Select(m => m.Groups["name"].Value))
            .ToHashSet();
        var problems = new List<string>();
        foreach (var file in Files())
        {
            var folder = FolderOf(file);
            if (LayerOf(folder) is not { } layer)
            {
                problems.Add($"{folder}/ is in no layer: add it to this test and to docs/architecture/cli.md");
                continue;
            }

            foreach (var used in FoldersUsedBy(Code(file), rootTypes).Where(used => used != folder))
            {
                if (LayerOf(used) is not { } usedLayer || usedLayer >= layer)
                {
                    problems.Add($"{Path.GetRelativePath(s_source, file)} uses {(used.Length == 0 ? "the root folder" : used + "/")}");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void A_use_of_a_higher_or_sideways_folder_is_seen_however_it_is_written()
    {
        HashSet<string> rootTypes = ["ParleyCommandLine"];

        Assert.Equal(["Chat"], FoldersUsedBy("using Parley.Cli.Chat;\nclass A;", rootTypes));
        Assert.Equal(["Chat"], FoldersUsedBy("class A { object B => Chat.ChatText.Help(null); }", rootTypes));
        Assert.Equal(["Video"], FoldersUsedBy("class A { object B => Parley.Cli.Video.VideoWords.Bitrate(1); }", rootTypes));
        Assert.Equal([""], FoldersUsedBy("class A { object B => ParleyCommandLine.Build(); }", rootTypes));
        Assert.Empty(FoldersUsedBy("// Chat.ChatText\nclass A { string B = \"Video.PlayCommand\"; object C => d.Video.Name; }", rootTypes));
    }

    private static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(s_source, "*.cs", SearchOption.AllDirectories)
            .Where(file => FolderOf(file) is not ("bin" or "obj"));

    private static string FolderOf(string file)
    {
        var parts = Path.GetRelativePath(s_source, file).Split(Path.DirectorySeparatorChar);
        return parts.Length == 1 ? "" : parts[0];
    }

    private static int? LayerOf(string folder)
    {
        var index = Array.FindIndex(s_layers, layer => layer.Contains(folder));
        return index < 0 ? null : index;
    }

    private static SortedSet<string> FoldersUsedBy(string code, HashSet<string> rootTypes)
    {
        code = WithoutCommentsAndStrings(code);
        var folders = s_layers.SelectMany(layer => layer).Where(folder => folder.Length > 0).ToList();
        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match match in Qualified().Matches(code))
        {
            used.Add(match.Groups["folder"].Value);
        }

        foreach (Match match in BareQualified().Matches(code))
        {
            if (folders.Contains(match.Groups["folder"].Value))
            {
                used.Add(match.Groups["folder"].Value);
            }
        }

        if (Identifier().Matches(code).Any(match => rootTypes.Contains(match.Value)))
        {
            used.Add("");
        }

        return used;
    }

    private static string Code(string file) => WithoutCommentsAndStrings(File.ReadAllText(file));

    /// <summary>The code with comments removed and string and character literals emptied.</summary>
    private static string WithoutCommentsAndStrings(string text)
    {
        var code = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                i = text.IndexOf('\n', i) is var end and >= 0 ? end - 1 : text.Length;
            }
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                i = text.IndexOf("*/", i + 2, StringComparison.Ordinal) is var end and >= 0 ? end + 1 : text.Length;
            }
            else if (text[i] is '"' or '\'')
            {
                var quote = text[i];
                var verbatim = i > 0 && text[i - 1] == '@';
                for (i++; i < text.Length && text[i] != quote; i++)
                {
                    if (text[i] == '\\' && !verbatim)
                    {
                        i++;
                    }
                }

                code.Append(quote).Append(quote);
            }
            else
            {
                code.Append(text[i]);
            }
        }

        return code.ToString();
    }

    [GeneratedRegex(@"\bParley\.Cli\.(?<folder>\w+)")]
    private static partial Regex Qualified();

    [GeneratedRegex(@"(?<![\w.])(?<folder>[A-Z]\w*)\.[A-Z]\w*")]
    private static partial Regex BareQualified();

    [GeneratedRegex(@"(?<![\w.])[A-Za-z_]\w*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+(?<name>[A-Z]\w*)")]
    private static partial Regex TypeDeclaration();
}
