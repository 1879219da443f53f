using System.Formats.Asn1;
using System.Globalization;
using System.Numerics;

namespace Parley.Crypto;

/// <summary>
/// Checks that bytes are an RSA SubjectPublicKeyInfo (RFC 5280, RFC 8017) that Parley accepts, read as
/// strict DER before any of it reaches an RSA object: algorithm rsaEncryption with NULL parameters, a
/// positive odd modulus of <see cref="RsaKeyRules.MinKeyBits"/> to <see cref="RsaKeyRules.MaxKeyBits"/>
/// bits, the exponent <see cref="RsaKeyRules.PublicExponent"/>, and nothing else. Any other exponent is
/// refused: a large one makes each signature check cost as much as a private-key operation.
/// </summary>
internal static class RsaSpki
{
    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";

    private static ReadOnlySpan<byte> RequiredExponent => [0x01, 0x00, 0x01];

    /// <exception cref="InvalidKeyException">The bytes break a rule; the message says which.</exception>
    public static void Validate(ReadOnlySpan<byte> spki)
    {
        try
        {
            ValidateDer(spki.ToArray());
        }
        catch (AsnContentException ex)
        {
            throw new InvalidKeyException("not a DER RSA SubjectPublicKeyInfo: " + ex.Message);
        }
    }

    private static void ValidateDer(byte[] spki)
    {
        var outer = new AsnReader(spki, AsnEncodingRules.DER);
        var info = outer.ReadSequence();
        RequireEnd(outer, "the public key has trailing bytes");

        var algorithm = info.ReadSequence();
        var oid = algorithm.ReadObjectIdentifier();
        if (oid != RsaEncryptionOid)
        {
            throw new InvalidKeyException($"the key's algorithm is {oid}, not rsaEncryption ({RsaEncryptionOid})");
        }

        if (!algorithm.HasData)
        {
            throw new InvalidKeyException("the rsaEncryption parameters are missing; they must be NULL");
        }

        algorithm.ReadNull();
        RequireEnd(algorithm, "the rsaEncryption parameters must be NULL and nothing more");

        var keyBytes = info.ReadBitString(out var unusedBits);
        RequireEnd(info, "the SubjectPublicKeyInfo has fields after the key");
        if (unusedBits != 0)
        {
            throw new InvalidKeyException("the public key's bit string does not hold whole bytes");
        }

        var keyReader = new AsnReader(keyBytes, AsnEncodingRules.DER);
        var key = keyReader.ReadSequence();
        RequireEnd(keyReader, "the RSA public key has trailing bytes");
        var modulus = key.ReadIntegerBytes().Span;
        var exponent = key.ReadIntegerBytes().Span;
        RequireEnd(key, "the RSA public key has fields after the exponent");

        CheckModulus(modulus);
        if (!exponent.SequenceEqual(RequiredExponent))
        {
            throw new InvalidKeyException(
                $"the public exponent must be {RsaKeyRules.PublicExponent}, not {Describe(exponent)}");
        }
    }

    private static void RequireEnd(AsnReader reader, string problem)
    {
        if (reader.HasData)
        {
            throw new InvalidKeyException(problem);
        }
    }

    /// <param name="modulus">DER INTEGER contents: minimal two's complement, big-endian.</param>
    private static void CheckModulus(ReadOnlySpan<byte> modulus)
    {
        if ((modulus[0] & 0x80) != 0)
        {
            throw new InvalidKeyException("the RSA modulus is negative");
        }

        var magnitude = modulus[0] == 0 ? modulus[1..] : modulus;
        var bits = magnitude.IsEmpty ? 0 : ((magnitude.Length - 1) * 8) + (32 - BitOperations.LeadingZeroCount(magnitude[0]));
        if (bits is < RsaKeyRules.MinKeyBits or > RsaKeyRules.MaxKeyBits)
        {
            throw new InvalidKeyException(
                $"RSA key of {bits} bits; Parley accepts {RsaKeyRules.MinKeyBits} to {RsaKeyRules.MaxKeyBits}");
        }

        if ((magnitude[^1] & 1) == 0)
        {
            throw new InvalidKeyException("the RSA modulus is even");
        }
    }

    private static string Describe(ReadOnlySpan<byte> exponent)
    {
        var value = new BigInteger(exponent, isUnsigned: false, isBigEndian: true);
        return value.GetBitLength() <= 32
            ? value.ToString(CultureInfo.InvariantCulture)
            : $"a {value.GetBitLength()}-bit number";
    }
}
