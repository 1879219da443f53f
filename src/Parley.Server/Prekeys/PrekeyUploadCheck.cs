using System.Globalization;
using Parley.Crypto;
using Parley.Crypto.Sessions;
using Parley.Protocol.Messages;

namespace Parley.Server.Prekeys;

/// <summary>
/// What the server checks in an UploadPrekeys before storing anything: every key's size and encoding, and every
/// signature as the uploading key's own, of the kind its field says. Hygiene: clients verify bundles themselves
/// (PrekeyBundleVerifier), but a server that stores only well-formed, correctly signed keys hands out nothing broken.
/// </summary>
internal static class PrekeyUploadCheck
{
    /// <summary>Why the upload is refused, naming the field; null when every field checks out.</summary>
    public static string? Problem(UploadPrekeys upload, PeerKey owner)
    {
        return SignedKeyProblem("identity_agreement_key", upload.IdentityAgreementKey, PrekeyKind.IdentityAgreement, owner)
            ?? SignedKeyProblem("signed_prekey", upload.SignedPrekey, PrekeyKind.SignedPrekey, owner)
            ?? SignedKeyProblem("pq_prekey", upload.PqPrekey, PrekeyKind.PostQuantumPrekey, owner)
            ?? OneTimePrekeysProblem(upload);
    }

    private static string? SignedKeyProblem(string field, SignedPrekey? key, PrekeyKind kind, PeerKey owner)
    {
        if (key is null)
        {
            return null;
        }

        var publicKey = key.PublicKey.ToByteArray();
        var expected = kind == PrekeyKind.PostQuantumPrekey
            ? $"an ML-KEM-768 encapsulation key of {MlKem768.PublicKeyBytes} bytes"
            : $"a {P256PublicKey.EncodedBytes}-byte compressed P-256 point";
        try
        {
            if (kind == PrekeyKind.PostQuantumPrekey)
            {
                MlKem768.Validate(publicKey);
            }
            else
            {
                P256PublicKey.Import(publicKey).Dispose();
            }
        }
        catch (SessionRejectedException ex)
        {
            return $"{field}.public_key must be {expected} ({ex.Message})";
        }

        var signed = new SignedPublicKey(kind, key.Id, key.CreatedAtMs, publicKey, key.Signature.ToByteArray());
        return signed.IsSignedBy(owner, kind)
            ? null
            : string.Create(
                CultureInfo.InvariantCulture,
                $"{field}.signature does not verify as this key's {KindName(kind)} (kind {(int)kind}, id {key.Id}, created_at_ms {key.CreatedAtMs})");
    }

    private static string? OneTimePrekeysProblem(UploadPrekeys upload)
    {
        var ids = new HashSet<uint>();
        for (var i = 0; i < upload.OneTimePrekeys.Count; i++)
        {
            var oneTime = upload.OneTimePrekeys[i];
            if (!ids.Add(oneTime.Id))
            {
                return string.Create(CultureInfo.InvariantCulture, $"one_time_prekeys[{i}].id {oneTime.Id} is given twice");
            }

            try
            {
                P256PublicKey.Import(oneTime.PublicKey.Span).Dispose();
            }
            catch (SessionRejectedException ex)
            {
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"one_time_prekeys[{i}].public_key must be a {P256PublicKey.EncodedBytes}-byte compressed P-256 point ({ex.Message})");
            }
        }

        return null;
    }

    private static string KindName(PrekeyKind kind) => kind switch
    {
        PrekeyKind.IdentityAgreement => "identity agreement key",
        PrekeyKind.SignedPrekey => "signed prekey",
        _ => "post-quantum prekey",
    };
}
