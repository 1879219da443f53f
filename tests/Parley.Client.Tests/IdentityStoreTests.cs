using System.Text;
using Parley.Client.Storage;
using Parley.Client.Tests.Support;

namespace Parley.Client.Tests;

public sealed class IdentityStoreTests
{
    private const string Server = "127.0.0.1:7878";

    [Fact]
    public async Task An_identity_is_created_on_first_use_kept_private_and_reused_across_runs()
    {
        await using var bed = await TestBed.StartAsync();
        using var home = new TempDir("parley-client-tests-identity");
        var options = new ParleyClientOptions { Server = bed.Server.Address, Name = "Zoë", Home = home.Path };

        string firstFingerprint;
        await using (var first = await ParleyClient.ConnectAsync(options))
        {
            Assert.True(first.NewlyRegistered);
            firstFingerprint = first.Fingerprint;
        }

        await using var second = await ParleyClient.ConnectAsync(options);

        Assert.False(second.NewlyRegistered);
        Assert.Equal(firstFingerprint, second.Fingerprint);
        var folder = new IdentityStore(home.Path).FolderOf("Zoë");
        var pem = Path.Combine(folder, "identity.pem");
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", await File.ReadAllTextAsync(pem), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pem));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        }

        Assert.Equal(firstFingerprint, new IdentityStore(home.Path).LoadOrCreate("ZOË").Fingerprint);
        Assert.Equal(["Zoë"], new IdentityStore(home.Path).Names());
    }

    [Fact]
    public void The_folder_of_a_name_is_the_hex_of_its_case_insensitive_key_so_any_name_is_a_safe_path()
    {
        using var home = new TempDir("parley-client-tests-identity");
        var store = new IdentityStore(home.Path);

        var escape = store.FolderOf("../../etc");
        var decomposed = store.FolderOf("A\u030Alice");

        Assert.Equal(Path.Combine(home.Path, "identities", Convert.ToHexStringLower(Encoding.UTF8.GetBytes("../../etc"))), escape);
        Assert.Equal(store.FolderOf("ålice"), decomposed);
        Assert.Equal(store.FolderOf("ÅLICE"), decomposed);
        Assert.NotEqual(store.FolderOf("alice"), decomposed);
        var error = Assert.Throws<ParleyException>(() => store.FolderOf("two words"));
        Assert.Equal(ParleyErrorKind.InvalidName, error.Kind);
    }

    [Fact]
    public void Pins_are_set_on_first_sight_never_overwritten_by_another_key_and_replaced_only_by_trust()
    {
        using var home = new TempDir("parley-client-tests-identity");
        var bobKey = TestIdentities.Get(0).PublicKey;
        var otherKey = TestIdentities.Get(1).PublicKey;
        var pins = new IdentityStore(home.Path).PeersOf("alice", Server);

        Assert.Null(pins.PinnedFingerprint("bob"));
        Assert.Equal(PinStatus.FirstSeen, pins.Check("bob", bobKey.Spki));
        Assert.Equal(PinStatus.Matches, pins.Check("BOB", bobKey.Spki));
        Assert.Equal(PinStatus.Changed, pins.Check("bob", otherKey.Spki));
        Assert.Equal(bobKey.Fingerprint, pins.PinnedFingerprint("bob"));

        var reopened = new IdentityStore(home.Path).PeersOf("alice", Server);
        Assert.Equal(PinStatus.Changed, reopened.Check("bob", otherKey.Spki));
        Assert.Equal(TrustOutcome.Replaced, reopened.Trust("bob", otherKey.Spki, otherKey.Fingerprint));

        Assert.Equal(PinStatus.Matches, pins.Check("bob", otherKey.Spki));
        Assert.Equal(otherKey.Fingerprint, Assert.Single(pins.List()).Fingerprint);
        Assert.Equal(PinStatus.FirstSeen, new IdentityStore(home.Path).PeersOf("carol", Server).Check("bob", bobKey.Spki));
        var file = pins.FilePath;
        Assert.Equal(Path.Combine(new IdentityStore(home.Path).FolderOf("alice"), "known_peers.json"), file);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(file)!, "*.tmp"));
    }

    [Fact]
    public void Identity_folders_keep_their_names_when_the_uniqueness_key_counts_lookalikes()
    {
        using var home = new TempDir("parley-client-tests-identity");

        // "mallory" has the uniqueness key "rnallory" (m prints like rn); the folder must not move.
        Assert.Equal(
            Path.Combine(home.Path, "identities", Convert.ToHexStringLower(Encoding.UTF8.GetBytes("mallory"))),
            new IdentityStore(home.Path).FolderOf("Mallory"));
    }

    [Fact]
    public void Pins_written_under_the_former_key_still_hold_and_cover_lookalikes_of_the_name()
    {
        using var home = new TempDir("parley-client-tests-identity");
        var store = new IdentityStore(home.Path);
        var malloryKey = TestIdentities.Get(0).PublicKey;
        var otherKey = TestIdentities.Get(1).PublicKey;
        Directory.CreateDirectory(store.FolderOf("alice"));
        File.WriteAllText(Path.Combine(store.FolderOf("alice"), "known_peers.json"), $$"""
            { "version": 1, "peers": { "mallory": {
                "name": "mallory", "publicKey": "{{Convert.ToBase64String(malloryKey.Spki)}}",
                "fingerprint": "{{malloryKey.Fingerprint}}", "pinnedAt": "2025-01-01T00:00:00+00:00" } } }
            """);
        var pins = store.PeersOf("alice", Server);

        Assert.Equal(PinStatus.Changed, pins.Check("mallory", otherKey.Spki));
        Assert.Equal(PinStatus.Changed, pins.Check("rnallory", otherKey.Spki));
        Assert.Equal(PinStatus.Changed, pins.Check("m\u0430llory", otherKey.Spki));
        Assert.Equal(PinStatus.Matches, pins.Check("MALLORY", malloryKey.Spki));
    }

    [Fact]
    public void A_pin_file_damaged_after_loading_is_refused_every_time_and_never_overwritten()
    {
        using var home = new TempDir("parley-client-tests-identity");
        var store = new IdentityStore(home.Path);
        var pins = store.PeersOf("alice", Server);
        Assert.Equal(PinStatus.FirstSeen, pins.Check("bob", TestIdentities.Get(0).PublicKey.Spki));
        var file = Path.Combine(store.FolderOf("alice"), "known_peers.json");
        File.WriteAllText(file, "{ damaged");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));

        Assert.Throws<ParleyException>(() => pins.Check("carol", TestIdentities.Get(1).PublicKey.Spki));
        Assert.Throws<ParleyException>(() => pins.Check("carol", TestIdentities.Get(1).PublicKey.Spki));
        Assert.Throws<ParleyException>(() => pins.Trust("dave", TestIdentities.Get(2).PublicKey.Spki));

        Assert.Equal("{ damaged", File.ReadAllText(file));
    }

    [Fact]
    public void A_damaged_key_file_gives_a_clear_error_and_is_left_alone()
    {
        using var home = new TempDir("parley-client-tests-identity");
        var store = new IdentityStore(home.Path);
        var folder = store.FolderOf("alice");
        Directory.CreateDirectory(folder);
        var pem = Path.Combine(folder, "identity.pem");
        File.WriteAllText(pem, "not a key");

        var error = Assert.Throws<ParleyException>(() => store.LoadOrCreate("alice"));

        Assert.Contains(pem, error.Message, StringComparison.Ordinal);
        Assert.Equal("not a key", File.ReadAllText(pem));
    }

    [Fact]
    public async Task A_damaged_pin_file_stops_the_login_with_a_clear_error_and_is_left_alone()
    {
        await using var bed = await TestBed.StartAsync();
        var store = bed.Seed("alice");
        var file = Path.Combine(store.FolderOf("alice"), "known_peers.json");
        await File.WriteAllTextAsync(file, "{ not json");

        var error = await Assert.ThrowsAsync<ParleyException>(() => bed.ConnectAsync("alice"));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
        Assert.Equal("{ not json", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public void Default_home_follows_parley_home_then_xdg_data_home()
    {
        // Environment variables are process-wide: read the current values and only compare.
        var parleyHome = Environment.GetEnvironmentVariable("PARLEY_HOME");
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        var expected = !string.IsNullOrEmpty(parleyHome) ? parleyHome
            : !string.IsNullOrEmpty(xdg) ? Path.Combine(xdg, "parley")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "parley");

        Assert.Equal(expected, IdentityStore.DefaultHome());
        Assert.Equal("616c696365", IdentityName.Parse("ALICE").FolderName);
    }
}
