using Parley.Client.Storage;
using Parley.Client.Tests.Support;

namespace Parley.Client.Tests;

/// <summary>sessions.db on disk: private to the user, secure_delete on, bound to one RSA identity.</summary>
public sealed class SessionStoreFileTests : IDisposable
{
    private readonly TempDir _root = new("parley-sessions");

    [Fact]
    public void The_store_file_is_owner_only_and_overwrites_what_it_deletes()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var alice = new SessionParty(_root, "alice", 0);
        using var bob = new SessionParty(_root, "bob", 1);
        bob.Read(alice, alice.Send(bob, "hello"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(alice.DbPath));
        using var transaction = (SessionStoreTransaction)alice.Store.Begin();
        using var command = transaction.Command("PRAGMA secure_delete;");
        Assert.Equal(1L, command.ExecuteScalar());
    }

    [Fact]
    public void A_store_made_for_another_identity_is_refused()
    {
        using (new SessionParty(_root, "alice", 0))
        {
        }

        var path = _root.Combine("alice", "identities", "x", SessionStore.FileName);
        var refused = Assert.Throws<ParleyException>(() => SessionStore.Open(path, TestIdentities.Get(1)));
        Assert.Contains("another RSA identity", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _root.Dispose();
}
