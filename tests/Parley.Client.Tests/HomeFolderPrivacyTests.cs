using Parley.Client.Storage;
using Parley.Client.Tests.Support;

namespace Parley.Client.Tests;

/// <summary>
/// The home is the user's key store: every folder Parley makes in it is owner-only (0700), and one that
/// group or others can get into (made or changed by hand) is reported once per connect.
/// </summary>
public sealed class HomeFolderPrivacyTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Fact]
    public void A_new_home_its_missing_parents_and_every_folder_in_it_are_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only
        }

        using var root = new TempDir("parley-client-tests-privacy");
        var home = Path.Combine(root.Path, "missing", "parent", "home");
        var store = new IdentityStore(home);

        store.Save(IdentityName.Parse("alice"), TestIdentities.Get(0));
        store.PeersOf("alice", "127.0.0.1:7878").Check("bob", TestIdentities.Get(1).PublicKey.Spki);

        string[] folders =
        [
            Path.Combine(root.Path, "missing"),
            Path.Combine(root.Path, "missing", "parent"),
            home,
            Path.Combine(home, "identities"),
            store.FolderOf("alice"),
        ];
        foreach (var folder in folders)
        {
            Assert.Equal((folder, OwnerOnly), (folder, File.GetUnixFileMode(folder)));
        }

        Assert.Null(store.PrivacyWarning("alice"));
    }

    [Fact]
    public async Task A_home_that_others_can_enter_is_reported_once_at_connect_and_left_as_it_is()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only
        }

        await using var bed = await TestBed.StartAsync();
        var home = bed.HomeOf("alice");
        var store = bed.Seed("alice");
        File.SetUnixFileMode(home, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(store.FolderOf("alice"), OwnerOnly | UnixFileMode.GroupExecute);
        var warnings = new List<string>();

        await using var alice = await bed.ConnectAsync(new ParleyClientOptions
        {
            Server = bed.Server.Address,
            Name = "alice",
            Home = home,
            OnWarning = warnings.Add,
        });

        var warning = Assert.Single(warnings);
        Assert.Contains($"{home} (mode 755)", warning, StringComparison.Ordinal);
        Assert.Contains($"{store.FolderOf("alice")} (mode 710)", warning, StringComparison.Ordinal);
        Assert.DoesNotContain($"{Path.Combine(home, "identities")} (mode", warning, StringComparison.Ordinal);
        Assert.Equal(OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, File.GetUnixFileMode(home));
    }

    [Fact]
    public async Task A_private_home_gets_no_warning()
    {
        await using var bed = await TestBed.StartAsync();
        var warnings = new List<string>();

        await using var alice = await bed.ConnectAsync(new ParleyClientOptions
        {
            Server = bed.Server.Address,
            Name = "alice",
            Home = bed.HomeOf("alice"),
            OnWarning = warnings.Add,
        });

        Assert.Empty(warnings);
    }
}
