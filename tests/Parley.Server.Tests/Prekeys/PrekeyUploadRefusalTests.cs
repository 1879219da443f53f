using Google.Protobuf;
using Parley.Crypto.Sessions;
using Parley.Protocol.Messages;

namespace Parley.Server.Tests.Prekeys;

/// <summary>
/// An upload with one bad field stores nothing, is answered INVALID_REQUEST naming that field, and the connection goes
/// on. Each case spoils one field of an otherwise good upload.
/// </summary>
public sealed class PrekeyUploadRefusalTests
{
    public static TheoryData<string, string> Spoiled => new()
    {
        { "signed prekey with a changed signature", "signed_prekey.signature" },
        { "signed prekey in the identity agreement key's place", "identity_agreement_key.signature" },
        { "post-quantum prekey signed as a signed prekey", "pq_prekey.signature" },
        { "signed prekey signed by another key", "signed_prekey.signature" },
        { "signed prekey of 32 bytes", "signed_prekey.public_key" },
        { "post-quantum key in the signed prekey's place", "signed_prekey.public_key" },
        { "post-quantum prekey cut short", "pq_prekey.public_key" },
        { "one-time prekey of 32 bytes", "one_time_prekeys[1].public_key" },
        { "one-time prekey not on the curve", "one_time_prekeys[1].public_key" },
        { "one-time prekey id given twice", "one_time_prekeys[1].id" },
    };

    [Theory]
    [MemberData(nameof(Spoiled))]
    public async Task An_upload_with_one_bad_field_stores_nothing_and_names_the_field(string spoil, string field)
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        await using var bob = await RawClient.LoginAsync(server.Endpoint, "bob", TestIdentities.Second);
        using var keys = PrekeyFrames.KeysOf(TestIdentities.First);
        var upload = PrekeyFrames.FullUpload(keys, 2);
        Spoil(upload, spoil, keys);

        var stored = await alice.UploadAsync(upload);

        Assert.Equal(ErrorCode.InvalidRequest, stored.Code);
        Assert.Contains(field, stored.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was stored", stored.Message, StringComparison.Ordinal);
        Assert.False(stored.Status.Published);
        Assert.Equal(0u, stored.Status.OneTimePrekeys);
        await alice.ExpectNothingPendingAsync();
        Assert.Equal(ErrorCode.NoPrekeys, (await bob.FetchBundleAsync("alice")).Code);

        // The same connection goes on: a good upload is stored.
        using var good = PrekeyFrames.KeysOf(TestIdentities.First);
        Assert.Equal(ErrorCode.Ok, (await alice.UploadAsync(PrekeyFrames.FullUpload(good, 2))).Code);
    }

    [Fact]
    public async Task One_time_prekeys_beyond_the_servers_bound_are_refused_as_too_many_and_replacing_makes_room()
    {
        await using var server = await TestServer.StartAsync(o => o with { MaxOneTimePrekeys = 5, PrekeyRefillBelow = 2 });
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        using var keys = PrekeyFrames.KeysOf(TestIdentities.First);
        Assert.Equal(ErrorCode.Ok, (await alice.UploadAsync(PrekeyFrames.FullUpload(keys, 3))).Code);

        var tooMany = await alice.UploadAsync(OneTime(keys, 3, replace: false));
        var replaced = await alice.UploadAsync(OneTime(keys, 5, replace: true));
        var oneMore = await alice.UploadAsync(OneTime(keys, 1, replace: false));

        Assert.Equal(ErrorCode.TooManyPrekeys, tooMany.Code);
        Assert.Contains("5", tooMany.Message, StringComparison.Ordinal);
        Assert.Equal(3u, tooMany.Status.OneTimePrekeys);
        Assert.Equal(5u, tooMany.Status.MaxOneTimePrekeys);
        Assert.Equal(ErrorCode.Ok, replaced.Code);
        Assert.Equal(5u, replaced.Status.OneTimePrekeys);
        Assert.Equal(ErrorCode.TooManyPrekeys, oneMore.Code);
        await alice.ExpectNothingPendingAsync();
    }

    [Fact]
    public async Task A_one_time_prekey_id_already_stored_for_the_key_is_refused_and_nothing_of_the_upload_is_stored()
    {
        await using var server = await TestServer.StartAsync();
        await using var alice = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);
        using var keys = PrekeyFrames.KeysOf(TestIdentities.First);
        var first = PrekeyFrames.FullUpload(keys, 2);
        Assert.Equal(ErrorCode.Ok, (await alice.UploadAsync(first.Clone())).Code);
        var again = OneTime(keys, 2, replace: false);
        again.OneTimePrekeys.Add(first.OneTimePrekeys[0]);

        var stored = await alice.UploadAsync(again);

        Assert.Equal(ErrorCode.InvalidRequest, stored.Code);
        Assert.Contains($"id {first.OneTimePrekeys[0].Id} is already stored", stored.Message, StringComparison.Ordinal);
        Assert.Equal(2u, stored.Status.OneTimePrekeys);
        await alice.ExpectNothingPendingAsync();
    }

    private static UploadPrekeys OneTime(LocalSessionKeys keys, int count, bool replace)
    {
        var upload = new UploadPrekeys { ReplaceOneTimePrekeys = replace };
        upload.OneTimePrekeys.AddRange(keys.AddOneTimePrekeys(count).Select(PrekeyFrames.Wire));
        return upload;
    }

    private static void Spoil(UploadPrekeys upload, string spoil, LocalSessionKeys keys)
    {
        switch (spoil)
        {
            case "signed prekey with a changed signature":
                upload.SignedPrekey.Signature = Flip(upload.SignedPrekey.Signature);
                break;
            case "signed prekey in the identity agreement key's place":
                upload.IdentityAgreementKey = upload.SignedPrekey.Clone();
                break;
            case "post-quantum prekey signed as a signed prekey":
                upload.PqPrekey = PrekeyFrames.Wire(SignedPublicKey.Create(
                    TestIdentities.First, PrekeyKind.SignedPrekey, 7, DateTimeOffset.UtcNow, keys.CurrentPostQuantumPrekey.PublicKey));
                break;
            case "signed prekey signed by another key":
                upload.SignedPrekey = PrekeyFrames.Wire(SignedPublicKey.Create(
                    TestIdentities.Second, PrekeyKind.SignedPrekey, 7, DateTimeOffset.UtcNow, keys.CurrentSignedPrekey.PublicKey));
                break;
            case "signed prekey of 32 bytes":
                upload.SignedPrekey = PrekeyFrames.Wire(SignedPublicKey.Create(
                    TestIdentities.First, PrekeyKind.SignedPrekey, 7, DateTimeOffset.UtcNow, keys.CurrentSignedPrekey.PublicKey[..32]));
                break;
            case "post-quantum key in the signed prekey's place":
                upload.SignedPrekey = PrekeyFrames.Wire(SignedPublicKey.Create(
                    TestIdentities.First, PrekeyKind.SignedPrekey, 7, DateTimeOffset.UtcNow, keys.CurrentPostQuantumPrekey.PublicKey));
                break;
            case "post-quantum prekey cut short":
                upload.PqPrekey = PrekeyFrames.Wire(SignedPublicKey.Create(
                    TestIdentities.First, PrekeyKind.PostQuantumPrekey, 7, DateTimeOffset.UtcNow, keys.CurrentPostQuantumPrekey.PublicKey[..1000]));
                break;
            case "one-time prekey of 32 bytes":
                upload.OneTimePrekeys[1].PublicKey = ByteString.CopyFrom(upload.OneTimePrekeys[1].PublicKey.Span[1..]);
                break;
            case "one-time prekey not on the curve":
                // x = 1 is not the x of a P-256 point (1 − 3 + b is not a square mod p).
                var x = new byte[33];
                x[0] = 0x02;
                x[32] = 1;
                upload.OneTimePrekeys[1].PublicKey = ByteString.CopyFrom(x);
                break;
            case "one-time prekey id given twice":
                upload.OneTimePrekeys[1].Id = upload.OneTimePrekeys[0].Id;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(spoil), spoil, null);
        }
    }

    private static ByteString Flip(ByteString bytes)
    {
        var copy = bytes.ToByteArray();
        copy[^1] ^= 1;
        return ByteString.CopyFrom(copy);
    }
}
