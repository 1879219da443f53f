using System.Reflection;
using Parley.Cli.Hosting;
using Parley.Server;

namespace Parley.Cli.Tests;

/// <summary>
/// Every server setting has one flag (in `parley server --help`), one PARLEY_* variable and one appsettings.json key,
/// listed in the README's table: a setting added without them fails here.
/// </summary>
public class ServerSettingsTests
{
    private static readonly Type s_settings = typeof(ParleyServerOptions).Assembly.GetType("Parley.Server.ParleyServerSettings", throwOnError: true)!;

    public static TheoryData<string> Settings => [.. SettingKeys()];

    [Theory]
    [MemberData(nameof(Settings))]
    public async Task Each_setting_has_a_flag_in_help_and_a_readme_row(string key)
    {
        var flag = ServerCommand.Flags.SingleOrDefault(f => string.Equals(f.OverrideKey, key, StringComparison.OrdinalIgnoreCase));
        Assert.True(flag is not null, $"the server setting {key} has no `parley server` flag (src/Parley.Cli/Hosting/ServerCommand.cs)");

        var help = await HelpAsync();
        Assert.True(help.Contains(flag.Flag + " ", StringComparison.Ordinal), $"`parley server --help` does not list {flag.Flag}:\n{help}");

        var row = $"| `{flag.Flag}` | `PARLEY_{key.ToUpperInvariant()}` | `{key}` |";
        Assert.True(
            ReadmeSettingsSection().Contains(row, StringComparison.Ordinal),
            $"README.md \"Server settings\" has no row starting {row}");
    }

    [Fact]
    public void Each_older_second_key_names_a_setting_and_is_mentioned_in_the_readme()
    {
        var aliases = s_settings.GetProperties()
            .Select(p => (p.Name, Alias: p.GetCustomAttributes().FirstOrDefault(a => a.GetType().Name == "SettingAliasAttribute")))
            .Where(p => p.Alias is not null)
            .ToList();
        Assert.NotEmpty(aliases);
        foreach (var (name, alias) in aliases)
        {
            var of = (string)alias!.GetType().GetProperty("Of")!.GetValue(alias)!;
            Assert.Contains(of, SettingKeys());
            Assert.Contains($"`{name}`", ReadmeSettingsSection(), StringComparison.Ordinal);
        }
    }

    private static IEnumerable<string> SettingKeys() =>
        s_settings.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && !p.GetCustomAttributes().Any(a => a.GetType().Name == "SettingAliasAttribute"))
            .Select(p => p.Name);

    private static string ReadmeSettingsSection()
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "README.md"));
        var start = readme.IndexOf("## Server settings", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no \"Server settings\" section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? readme[start..] : readme[start..end];
    }

    private static string? s_help;

    private static async Task<string> HelpAsync()
    {
        if (s_help is null)
        {
            using var dir = new TempDir();
            var run = await ParleyProcess.RunAsync(dir.Path, "server", "--help");
            Assert.True(run.ExitCode == 0, run.ToString());
            s_help = run.StdoutText;
        }

        return s_help;
    }
}
