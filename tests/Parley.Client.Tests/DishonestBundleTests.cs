using Google.Protobuf;
using Parley.Client.Tests.Support;
using Parley.Crypto;
using Parley.Crypto.Sessions;
using Parley.Protocol.Messages;

namespace Parley.Client.Tests;

/// <summary>
/// A server that answers a bundle request with something else than the bundle of the name and key asked for: the client
/// refuses it with a clear error and hands out nothing from it. The server is scripted on the wire, so it can lie.
/// </summary>
public sealed class DishonestBundleTests
{
    public static TheoryData<string, ParleyErrorKind, string> Lies => new()
    {
        { "another name", ParleyErrorKind.ProtocolError, "\"mallory\"" },
        { "another key", ParleyErrorKind.WrongIdentity, "not the expected" },
        { "bob's key with mallory's signed keys", ParleyErrorKind.WrongIdentity, "signed prekey" },
        { "no signed prekey", ParleyErrorKind.ProtocolError, "no signed_prekey" },
    };

    [Theory]
    [MemberData(nameof(Lies))]
    public async Task A_bundle_that_is_not_the_one_asked_for_is_refused(string lie, ParleyErrorKind kind, string said)
    {
        var bob = TestIdentities.Get(1);
        var mallory = TestIdentities.Get(2);
        using var bobsKeys = PrekeyFrames.KeysOf(bob);
        using var mallorysKeys = PrekeyFrames.KeysOf(mallory);
        await using var server = ScriptedServer.Start(new ServerScript
        {
            Answer = (session, frame) => frame.BodyCase == ClientFrame.BodyOneofCase.FetchBundle
                ? session.SendAsync(new ServerFrame { Bundle = Lie(lie, frame.FetchBundle.RequestId, bob, bobsKeys, mallory, mallorysKeys) })
                : Task.CompletedTask,
        });
        using var home = new TempDir("parley-client-tests-bundles");
        new IdentityStore(home.Path).Save(Storage.IdentityName.Parse("alice"), TestIdentities.Get(0));
        await using var alice = await ParleyClient.ConnectAsync(new ParleyClientOptions { Server = server.Address, Name = "alice", Home = home.Path });
        using var expected = PeerKey.FromSpki(bob.PublicKey.Spki);

        var error = await Assert.ThrowsAsync<ParleyException>(() => alice.FetchBundleAsync("bob", expected));

        Assert.Equal(kind, error.Kind);
        Assert.Contains(said, error.Message, StringComparison.Ordinal);
        Assert.Contains("'bob'", error.Message, StringComparison.Ordinal);
    }

    private static Bundle Lie(string lie, ulong requestId, Identity bob, LocalSessionKeys bobsKeys, Identity mallory, LocalSessionKeys mallorysKeys)
    {
        var keys = lie == "bob's key with mallory's signed keys" ? mallorysKeys : bobsKeys;
        var bundle = new Bundle
        {
            RequestId = requestId,
            Code = ErrorCode.Ok,
            Name = lie == "another name" ? "mallory" : "bob",
            PublicKey = ByteString.CopyFrom((lie == "another key" ? mallory : bob).PublicKey.Spki),
            IdentityAgreementKey = PrekeyFrames.Wire(keys.SignedIdentityAgreementKey),
            SignedPrekey = lie == "no signed prekey" ? null : PrekeyFrames.Wire(keys.CurrentSignedPrekey),
            PqPrekey = PrekeyFrames.Wire(keys.CurrentPostQuantumPrekey),
        };
        if (lie == "bob's key with mallory's signed keys")
        {
            // Mallory's identity agreement key signed by bob, so the check that fails is the signed prekey's.
            bundle.IdentityAgreementKey = PrekeyFrames.Wire(bobsKeys.SignedIdentityAgreementKey);
        }

        return bundle;
    }
}
