using Parley.Client.Tests.Support;
using Parley.Crypto;
using Parley.Crypto.Sessions;
using Parley.Protocol.Messages;
using Parley.Server;

namespace Parley.Client.Tests;

/// <summary>The client library's prekey calls against a real server: upload, fetch (checked and verified), status.</summary>
public sealed class PrekeyTests
{
    [Fact]
    public async Task An_uploaded_bundle_is_fetched_verified_as_the_owners_and_the_owner_hears_its_one_time_prekeys_run_low()
    {
        await using var bed = await TestBed.StartAsync();
        var alice = await ConnectUnpublishedAsync(bed, "alice");
        var bob = await ConnectUnpublishedAsync(bed, "bob");
        using var keys = PrekeyFrames.KeysOf(bed.KeyOf("alice"));
        var oneTime = keys.AddOneTimePrekeys(3);

        var stored = await alice.UploadPrekeysAsync(Upload(keys, oneTime));
        using var aliceKey = PeerKey.FromSpki(bed.KeyOf("alice").PublicKey.Spki);
        using var bundle = await bob.FetchBundleAsync("alice", aliceKey);

        Assert.True(stored.Published);
        Assert.Equal(3, stored.OneTimePrekeys);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(keys.CurrentSignedPrekey.CreatedAtMs), stored.SignedPrekeyCreatedAt);
        Assert.Equal(aliceKey.KeyId, bundle.OwnerKeyId);
        Assert.Equal(keys.SignedIdentityAgreementKey.PublicKey, bundle.IdentityAgreementKey.Encoded);
        Assert.Equal(keys.CurrentSignedPrekey.Id, bundle.SignedPrekeyId);
        Assert.Equal(keys.CurrentSignedPrekey.PublicKey, bundle.SignedPrekey.Encoded);
        Assert.Equal(keys.CurrentPostQuantumPrekey.PublicKey, bundle.PostQuantumPrekey);
        Assert.Equal(oneTime[0].Id, bundle.OneTimePrekeyId);
        Assert.Equal(oneTime[0].PublicKey, bundle.OneTimePrekey!.Encoded);

        // Two left, below the default refill mark of 25: the server pushes the status, and the client keeps it.
        var pushed = await alice.NextAsync<PrekeyStatusEvent>();
        Assert.Equal(2, pushed.Status.OneTimePrekeys);
        Assert.True(pushed.Status.NeedsRefill);
        Assert.Equal(2, alice.Prekeys!.OneTimePrekeys);
    }

    [Fact]
    public async Task The_login_tells_what_the_server_holds_of_the_identitys_prekeys()
    {
        await using var bed = await TestBed.StartAsync();
        var first = await ConnectUnpublishedAsync(bed, "alice");
        var before = first.Prekeys;
        using var keys = PrekeyFrames.KeysOf(bed.KeyOf("alice"));
        await first.UploadPrekeysAsync(Upload(keys, keys.AddOneTimePrekeys(4)));

        var second = await ConnectUnpublishedAsync(bed, "alice");

        Assert.NotNull(before);
        Assert.False(before.Published);
        Assert.Equal(0, before.OneTimePrekeys);
        Assert.Equal(ParleyServerOptions.DefaultMaxOneTimePrekeys, before.MaxOneTimePrekeys);
        Assert.Equal(ParleyServerOptions.DefaultPrekeyRefillBelow, before.RefillBelow);
        Assert.True(second.Prekeys!.Published);
        Assert.Equal(4, second.Prekeys.OneTimePrekeys);
    }

    [Fact]
    public async Task Refusals_come_as_clear_error_kinds()
    {
        await using var bed = await TestBed.StartAsync();
        var alice = await ConnectUnpublishedAsync(bed, "alice");
        var bob = await ConnectUnpublishedAsync(bed, "bob");
        await ConnectUnpublishedAsync(bed, "carol");
        using var keys = PrekeyFrames.KeysOf(bed.KeyOf("alice"));
        await alice.UploadPrekeysAsync(Upload(keys, keys.AddOneTimePrekeys(1)));
        using var aliceKey = PeerKey.FromSpki(bed.KeyOf("alice").PublicKey.Spki);
        using var carolKey = PeerKey.FromSpki(bed.KeyOf("carol").PublicKey.Spki);

        var unknown = await Assert.ThrowsAsync<ParleyException>(() => bob.FetchBundleAsync("nobody", aliceKey));
        var nothing = await Assert.ThrowsAsync<ParleyException>(() => bob.FetchBundleAsync("carol", carolKey));
        var notCarol = await Assert.ThrowsAsync<ParleyException>(() => bob.FetchBundleAsync("alice", carolKey));
        var tooMany = await Assert.ThrowsAsync<ParleyException>(() => alice.UploadPrekeysAsync(new PrekeyUpload
        {
            OneTimePrekeys = keys.AddOneTimePrekeys(ParleyServerOptions.DefaultMaxOneTimePrekeys + 1),
        }));
        var badSignature = await Assert.ThrowsAsync<ParleyException>(() => alice.UploadPrekeysAsync(new PrekeyUpload
        {
            SignedPrekey = keys.CurrentSignedPrekey with { Signature = Flipped(keys.CurrentSignedPrekey.Signature) },
        }));
        await Assert.ThrowsAsync<ArgumentException>(() => alice.UploadPrekeysAsync(new PrekeyUpload { IdentityAgreementKey = keys.CurrentSignedPrekey }));

        Assert.Equal(ParleyErrorKind.UnknownName, unknown.Kind);
        Assert.Equal(ParleyErrorKind.NoPrekeys, nothing.Kind);
        Assert.Equal(ParleyErrorKind.WrongIdentity, notCarol.Kind);
        Assert.Contains(carolKey.Fingerprint, notCarol.Message, StringComparison.Ordinal);
        Assert.Equal(ParleyErrorKind.TooManyPrekeys, tooMany.Kind);
        Assert.Equal(ParleyErrorKind.InvalidRequest, badSignature.Kind);
        Assert.Contains("signed_prekey.signature", badSignature.Message, StringComparison.Ordinal);
        using var stillThere = await bob.FetchBundleAsync("alice", aliceKey);
        Assert.Equal(keys.CurrentSignedPrekey.Id, stillThere.SignedPrekeyId);
    }

    private static PrekeyUpload Upload(LocalSessionKeys keys, IReadOnlyList<Crypto.Sessions.OneTimePrekey> oneTime) => new()
    {
        IdentityAgreementKey = keys.SignedIdentityAgreementKey,
        SignedPrekey = keys.CurrentSignedPrekey,
        PostQuantumPrekey = keys.CurrentPostQuantumPrekey,
        OneTimePrekeys = oneTime,
    };

    private static byte[] Flipped(byte[] bytes)
    {
        var copy = bytes.ToArray();
        copy[^1] ^= 1;
        return copy;
    }

    /// <summary>A client that leaves publishing its prekeys to the test.</summary>
    private static Task<ParleyClient> ConnectUnpublishedAsync(TestBed bed, string name) =>
        bed.ConnectAsync(new ParleyClientOptions
        {
            Server = bed.Server.Address,
            Name = name,
            Home = bed.HomeOf(name),
            Presence = false,
            PublishPrekeys = false,
        });
}
