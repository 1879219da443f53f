using Google.Protobuf;
using Parley.Crypto;
using Parley.Crypto.Sessions;
using Parley.Protocol.Messages;
using WireOneTimePrekey = Parley.Protocol.Messages.OneTimePrekey;

namespace Parley.Testing;

/// <summary>Prekey frames (protocol v3, docs/protocol.md §12.1) built by hand from real session keys, and a raw client's requests for them.</summary>
public static class PrekeyFrames
{
    private static long s_requestIds = 1_000_000;

    /// <summary>Fresh session keys of <paramref name="owner"/>: identity agreement key, signed prekey and post-quantum prekey, all signed.</summary>
    public static LocalSessionKeys KeysOf(Identity owner) => LocalSessionKeys.Create(owner, DateTimeOffset.UtcNow, SystemEntropy.Instance);

    public static SignedPrekey Wire(SignedPublicKey key) => new()
    {
        Id = key.Id,
        CreatedAtMs = key.CreatedAtMs,
        PublicKey = ByteString.CopyFrom(key.PublicKey),
        Signature = ByteString.CopyFrom(key.Signature),
    };

    public static WireOneTimePrekey Wire(Crypto.Sessions.OneTimePrekey key) => new() { Id = key.Id, PublicKey = ByteString.CopyFrom(key.PublicKey) };

    /// <summary>The three signed keys of <paramref name="keys"/> and <paramref name="oneTimePrekeys"/> new one-time prekeys.</summary>
    /// <summary>The answer to <paramref name="fetch"/>: a fresh bundle of <paramref name="owner"/>'s with one one-time prekey, as an honest server hands it out.</summary>
    public static ServerFrame BundleFor(FetchBundle fetch, Identity owner)
    {
        using var keys = KeysOf(owner);
        var bundle = keys.Bundle(keys.AddOneTimePrekeys(1)[0]);
        return new ServerFrame
        {
            Bundle = new Bundle
            {
                RequestId = fetch.RequestId,
                Code = ErrorCode.Ok,
                Name = fetch.Name,
                PublicKey = ByteString.CopyFrom(owner.PublicKey.Spki),
                IdentityAgreementKey = Wire(bundle.IdentityAgreementKey),
                SignedPrekey = Wire(bundle.SignedPrekey),
                PqPrekey = Wire(bundle.PostQuantumPrekey),
                OneTimePrekey = Wire(bundle.OneTimePrekey!),
            },
        };
    }

    public static UploadPrekeys FullUpload(LocalSessionKeys keys, int oneTimePrekeys)
    {
        var upload = new UploadPrekeys
        {
            IdentityAgreementKey = Wire(keys.SignedIdentityAgreementKey),
            SignedPrekey = Wire(keys.CurrentSignedPrekey),
            PqPrekey = Wire(keys.CurrentPostQuantumPrekey),
        };
        upload.OneTimePrekeys.AddRange(keys.AddOneTimePrekeys(oneTimePrekeys).Select(Wire));
        return upload;
    }

    /// <summary>Sends the upload with a fresh request id and returns the answer to it (other frames are skipped).</summary>
    public static async Task<PrekeysStored> UploadAsync(this RawClient client, UploadPrekeys upload)
    {
        upload.RequestId = (ulong)Interlocked.Increment(ref s_requestIds);
        await client.SendAsync(new ClientFrame { UploadPrekeys = upload });
        var answer = await client.ReceiveUntilAsync(f => f.BodyCase == ServerFrame.BodyOneofCase.PrekeysStored);
        Assert.Equal(upload.RequestId, answer.PrekeysStored.RequestId);
        return answer.PrekeysStored;
    }

    /// <summary>Asks for <paramref name="name"/>'s bundle and returns the answer to it (other frames are skipped).</summary>
    public static async Task<Bundle> FetchBundleAsync(this RawClient client, string name)
    {
        var requestId = (ulong)Interlocked.Increment(ref s_requestIds);
        await client.SendAsync(new ClientFrame { FetchBundle = new FetchBundle { RequestId = requestId, Name = name } });
        var answer = await client.ReceiveUntilAsync(f => f.BodyCase == ServerFrame.BodyOneofCase.Bundle);
        Assert.Equal(requestId, answer.Bundle.RequestId);
        return answer.Bundle;
    }
}
