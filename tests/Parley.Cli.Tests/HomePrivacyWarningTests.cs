using Parley.Cli.Tests.Support;

namespace Parley.Cli.Tests;

/// <summary>A home folder others can get into is reported on stderr, once, and the command goes on.</summary>
public sealed class HomePrivacyWarningTests
{
    private const UnixFileMode OpenToAll =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    [Fact]
    public async Task Keys_fingerprint_warns_once_about_a_home_others_can_read()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only
        }

        using var dir = new TempDir();
        var home = Directory.CreateDirectory(dir.Sub("home"), OpenToAll).FullName;
        File.SetUnixFileMode(home, OpenToAll);

        var run = await ParleyProcess.RunAsync(dir.Path, "keys", "fingerprint", "--name", "alice", "--home", home);

        Assert.True(run.ExitCode == 0, run.ToString());
        var warning = Assert.Single(run.Stderr, line => line.Contains("warning", StringComparison.Ordinal));
        Assert.StartsWith("parley: warning: ", warning, StringComparison.Ordinal);
        Assert.Contains($"{home} (mode 755)", warning, StringComparison.Ordinal);
        Assert.Single(run.Stdout);
    }

    [Fact]
    public async Task A_command_that_connects_warns_once_and_a_private_home_gets_no_warning()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only
        }

        await using var world = await Scenario.StartAsync();
        var openHome = Directory.CreateDirectory(world.Dir.Sub("open-home"), OpenToAll).FullName;
        File.SetUnixFileMode(openHome, OpenToAll);

        var exposed = await world.RunAsync(["who", .. world.As("alice", home: openHome)]);
        var quiet = await world.RunAsync(["who", .. world.As("bob")]);

        Assert.True(exposed.ExitCode == 0, exposed.ToString());
        var warning = Assert.Single(exposed.Stderr, line => line.Contains("warning", StringComparison.Ordinal));
        Assert.StartsWith("parley: warning: ", warning, StringComparison.Ordinal);
        Assert.Contains($"{openHome} (mode 755)", warning, StringComparison.Ordinal);
        Assert.True(quiet.ExitCode == 0, quiet.ToString());
        Assert.DoesNotContain(quiet.Stderr, line => line.Contains("warning", StringComparison.Ordinal));
    }
}
