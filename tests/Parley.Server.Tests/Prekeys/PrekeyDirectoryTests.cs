using Parley.Crypto;
using Parley.Crypto.Sessions;
using Parley.Protocol.Messages;

namespace Parley.Server.Tests.Prekeys;

/// <summary>UploadPrekeys, FetchBundle and PrekeyStatus over real connections (docs/protocol.md §12.1).</summary>
public sealed class PrekeyDirectoryTests
{
    [Fact]
    public async Task A_fetched_bundle_is_exactly_what_the_owner_uploaded_with_its_oldest_one_time_prekey()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);
        using var keys = PrekeyFrames.KeysOf(TestIdentities.First);
        var upload = PrekeyFrames.FullUpload(keys, 3);

        var stored = await alice.UploadAsync(upload.Clone());

        Assert.Equal(ErrorCode.Ok, stored.Code);
        Assert.True(stored.Status.Published);
        Assert.Equal(3u, stored.Status.OneTimePrekeys);
        Assert.Equal(keys.CurrentSignedPrekey.CreatedAtMs, stored.Status.SignedPrekeyCreatedAtMs);
        Assert.Equal((uint)ParleyServerOptions.DefaultMaxOneTimePrekeys, stored.Status.MaxOneTimePrekeys);
        Assert.Equal((uint)ParleyServerOptions.DefaultPrekeyRefillBelow, stored.Status.RefillBelow);

        var bundle = await bob.FetchBundleAsync("alice");

        Assert.Equal(ErrorCode.Ok, bundle.Code);
        Assert.Equal("alice", bundle.Name);
        Assert.Equal(TestIdentities.First.PublicKey.Spki, bundle.PublicKey.ToByteArray());
        Assert.Equal(upload.IdentityAgreementKey, bundle.IdentityAgreementKey);
        Assert.Equal(upload.SignedPrekey, bundle.SignedPrekey);
        Assert.Equal(upload.PqPrekey, bundle.PqPrekey);
        Assert.Equal(upload.OneTimePrekeys[0], bundle.OneTimePrekey);

        // What a client does with it: the bundle verifies as alice's.
        using var owner = PeerKey.FromSpki(bundle.PublicKey.Span);
        using var verified = PrekeyBundleVerifier.Verify(
            new PrekeyBundle(
                owner.KeyId,
                new SignedPublicKey(PrekeyKind.IdentityAgreement, bundle.IdentityAgreementKey.Id, bundle.IdentityAgreementKey.CreatedAtMs, bundle.IdentityAgreementKey.PublicKey.ToByteArray(), bundle.IdentityAgreementKey.Signature.ToByteArray()),
                new SignedPublicKey(PrekeyKind.SignedPrekey, bundle.SignedPrekey.Id, bundle.SignedPrekey.CreatedAtMs, bundle.SignedPrekey.PublicKey.ToByteArray(), bundle.SignedPrekey.Signature.ToByteArray()),
                new SignedPublicKey(PrekeyKind.PostQuantumPrekey, bundle.PqPrekey.Id, bundle.PqPrekey.CreatedAtMs, bundle.PqPrekey.PublicKey.ToByteArray(), bundle.PqPrekey.Signature.ToByteArray()),
                new Crypto.Sessions.OneTimePrekey(bundle.OneTimePrekey.Id, bundle.OneTimePrekey.PublicKey.ToByteArray())),
            owner);
        Assert.Equal(upload.OneTimePrekeys[0].Id, verified.OneTimePrekeyId);
    }

    [Fact]
    public async Task Each_one_time_prekey_is_handed_out_once_then_bundles_come_without_one()
    {
        await using var server = await TestServer.StartAsync(o => o with { OneTimePrekeyPerFetcherInterval = TimeSpan.Zero });
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);
        await using var carol = await RawClient.LoginAsync(server.Endpoint, "carol", TestIdentities.Third);
        using var keys = PrekeyFrames.KeysOf(TestIdentities.First);
        var upload = PrekeyFrames.FullUpload(keys, 4);
        Assert.Equal(ErrorCode.Ok, (await alice.UploadAsync(upload.Clone())).Code);

        // Two fetchers at once, five bundles each: four one-time prekeys to share.
        var fetches = await Task.WhenAll(FetchMany(bob, 5), FetchMany(carol, 5));

        var bundles = fetches.SelectMany(b => b).ToList();
        Assert.All(bundles, b => Assert.Equal(ErrorCode.Ok, b.Code));
        var handedOut = bundles.Where(b => b.OneTimePrekey is not null).Select(b => b.OneTimePrekey.Id).ToList();
        Assert.Equal(upload.OneTimePrekeys.Select(k => k.Id).Order(), handedOut.Order());
        var without = bundles.Where(b => b.OneTimePrekey is null).ToList();
        Assert.Equal(6, without.Count);
        Assert.All(without, b => Assert.Contains("no one-time prekeys left", b.Message, StringComparison.Ordinal));
        Assert.All(without, b => Assert.Equal(upload.SignedPrekey, b.SignedPrekey));
    }

    [Fact]
    public async Task One_fetcher_gets_one_of_an_owners_one_time_prekeys_per_interval_and_others_still_get_theirs()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);
        await using var bobAgain = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);
        await using var carol = await RawClient.LoginAsync(server.Endpoint, "carol", TestIdentities.Third);
        using var keys = PrekeyFrames.KeysOf(TestIdentities.First);
        Assert.Equal(ErrorCode.Ok, (await alice.UploadAsync(PrekeyFrames.FullUpload(keys, 10))).Code);

        var first = await bob.FetchBundleAsync("alice");
        var second = await bob.FetchBundleAsync("alice");
        var fromAnotherConnection = await bobAgain.FetchBundleAsync("alice");
        var carols = await carol.FetchBundleAsync("alice");

        Assert.NotNull(first.OneTimePrekey);
        Assert.Null(second.OneTimePrekey);
        Assert.Equal(ErrorCode.Ok, second.Code);
        Assert.Contains("within the last 3600 s", second.Message, StringComparison.Ordinal);
        Assert.Null(fromAnotherConnection.OneTimePrekey);
        Assert.NotNull(carols.OneTimePrekey);
        Assert.NotEqual(first.OneTimePrekey.Id, carols.OneTimePrekey.Id);
    }

    [Fact]
    public async Task The_owners_connections_are_told_when_a_fetch_leaves_fewer_one_time_prekeys_than_the_refill_mark()
    {
        await using var server = await TestServer.StartAsync(o => o with { PrekeyRefillBelow = 2, OneTimePrekeyPerFetcherInterval = TimeSpan.Zero });
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var aliceAgain = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var alicesOtherName = await RawClient.LoginAsync(server.Endpoint, "alicia", TestIdentities.First);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);
        using var keys = PrekeyFrames.KeysOf(TestIdentities.First);
        Assert.Equal(ErrorCode.Ok, (await alice.UploadAsync(PrekeyFrames.FullUpload(keys, 3))).Code);

        Assert.NotNull((await bob.FetchBundleAsync("alice")).OneTimePrekey);
        await aliceAgain.ExpectNothingPendingAsync(); // two left: not below 2

        Assert.NotNull((await bob.FetchBundleAsync("alicia")).OneTimePrekey);

        foreach (var owner in new[] { alice, aliceAgain, alicesOtherName })
        {
            var pushed = (await owner.ExpectAsync(ServerFrame.BodyOneofCase.PrekeyStatus)).PrekeyStatus;
            Assert.Equal(1u, pushed.OneTimePrekeys);
            Assert.Equal(2u, pushed.RefillBelow);
            Assert.True(pushed.Published);
        }

        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task Every_login_is_told_what_the_server_holds_of_its_keys_prekeys()
    {
        await using var server = await TestServer.StartAsync();
        await using var first = await RawClient.ConnectAsync(server.Endpoint);
        var before = await first.LoginAsync("alice", TestIdentities.First);
        using var keys = PrekeyFrames.KeysOf(TestIdentities.First);
        Assert.Equal(ErrorCode.Ok, (await first.UploadAsync(PrekeyFrames.FullUpload(keys, 7))).Code);

        await using var second = await RawClient.ConnectAsync(server.Endpoint);
        var after = await second.LoginAsync("alice", TestIdentities.First);

        Assert.False(before.Prekeys.Published);
        Assert.Equal(0u, before.Prekeys.OneTimePrekeys);
        Assert.Equal((uint)ParleyServerOptions.DefaultMaxOneTimePrekeys, before.Prekeys.MaxOneTimePrekeys);
        Assert.True(after.Prekeys.Published);
        Assert.Equal(7u, after.Prekeys.OneTimePrekeys);
        Assert.Equal(keys.CurrentSignedPrekey.CreatedAtMs, after.Prekeys.SignedPrekeyCreatedAtMs);
    }

    [Fact]
    public async Task Bundles_survive_a_server_restart_on_the_same_data_and_a_one_time_prekey_handed_out_before_is_not_handed_out_again()
    {
        await using var server = await TestServer.StartAsync(o => o with { OneTimePrekeyPerFetcherInterval = TimeSpan.Zero });
        using var keys = PrekeyFrames.KeysOf(TestIdentities.First);
        var upload = PrekeyFrames.FullUpload(keys, 2);
        Bundle before;
        await using (var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First))
        await using (var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second))
        {
            Assert.Equal(ErrorCode.Ok, (await alice.UploadAsync(upload.Clone())).Code);
            before = await bob.FetchBundleAsync("alice");
        }

        await server.RestartAsync();

        await using var aliceAfter = await RawClient.ConnectAsync(server.Endpoint);
        var accepted = await aliceAfter.LoginAsync("alice", TestIdentities.First);
        await using var bobAfter = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);
        var after = await bobAfter.FetchBundleAsync("alice");
        var last = await bobAfter.FetchBundleAsync("alice");

        Assert.True(accepted.Prekeys.Published);
        Assert.Equal(1u, accepted.Prekeys.OneTimePrekeys);
        Assert.Equal(upload.OneTimePrekeys[0], before.OneTimePrekey);
        Assert.Equal(upload.OneTimePrekeys[1], after.OneTimePrekey);
        Assert.Equal(upload.SignedPrekey, after.SignedPrekey);
        Assert.Equal(upload.PqPrekey, after.PqPrekey);
        Assert.Equal(upload.IdentityAgreementKey, after.IdentityAgreementKey);
        Assert.Null(last.OneTimePrekey);
    }

    [Fact]
    public async Task A_name_never_registered_is_unknown_and_a_name_without_a_whole_bundle_has_no_prekeys()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);
        using var keys = PrekeyFrames.KeysOf(TestIdentities.First);

        var unknown = await bob.FetchBundleAsync("nobody");
        var nothing = await bob.FetchBundleAsync("alice");
        Assert.Equal(ErrorCode.Ok, (await alice.UploadAsync(new UploadPrekeys { SignedPrekey = PrekeyFrames.Wire(keys.CurrentSignedPrekey) })).Code);
        var partial = await bob.FetchBundleAsync("ALICE");

        Assert.Equal(ErrorCode.UnknownRecipient, unknown.Code);
        Assert.Contains("'nobody'", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.NoPrekeys, nothing.Code);
        Assert.Equal(ErrorCode.NoPrekeys, partial.Code);
        Assert.Equal("alice", partial.Name);
        Assert.Null(partial.SignedPrekey);
        await bob.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task Fetches_and_uploads_take_request_tokens_and_are_answered_rate_limited_when_they_run_out()
    {
        await using var server = await TestServer.StartAsync(o => o with { RequestsPerSecond = 5 });
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);

        // A burst of 10 is allowed; 14 requests at once leave at least the last 3 refused, fewer than would close the connection.
        var kinds = Enumerable.Repeat(ClientFrame.BodyOneofCase.FetchBundle, 10)
            .Concat([ClientFrame.BodyOneofCase.UploadPrekeys, ClientFrame.BodyOneofCase.FetchBundle, ClientFrame.BodyOneofCase.UploadPrekeys, ClientFrame.BodyOneofCase.FetchBundle])
            .ToList();
        for (var i = 0; i < kinds.Count; i++)
        {
            var id = (ulong)i + 1;
            await bob.SendAsync(kinds[i] == ClientFrame.BodyOneofCase.FetchBundle
                ? new ClientFrame { FetchBundle = new FetchBundle { RequestId = id, Name = "nobody" } }
                : new ClientFrame { UploadPrekeys = new UploadPrekeys { RequestId = id } });
        }

        var answers = new List<ServerFrame>();
        while (answers.Count < kinds.Count)
        {
            answers.Add(await bob.ReceiveAsync());
        }

        Assert.Contains(answers, a => a.Bundle is { Code: ErrorCode.RateLimited });
        Assert.Contains(answers, a => a.PrekeysStored is { Code: ErrorCode.RateLimited });
        Assert.All(answers.Where(a => a.Bundle is not null && a.Bundle.Code != ErrorCode.RateLimited), a => Assert.Equal(ErrorCode.UnknownRecipient, a.Bundle.Code));
        await bob.ExpectNothingPendingAsync();
    }

    private static async Task<List<Bundle>> FetchMany(RawClient client, int count)
    {
        var bundles = new List<Bundle>();
        for (var i = 0; i < count; i++)
        {
            bundles.Add(await client.FetchBundleAsync("alice"));
        }

        return bundles;
    }
}
