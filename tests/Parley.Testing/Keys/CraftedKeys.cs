using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;

namespace Parley.Testing;

/// <summary>
/// SubjectPublicKeyInfo bytes built by hand with <see cref="AsnWriter"/>, including ones no RSA library
/// would make: odd exponents, broken moduli, non-minimal integers. Used by the Crypto, Client and Server tests
/// (in the shared test kit). The moduli are random odd numbers of the stated size: refusing a key must
/// not depend on anything but its encoding.
/// </summary>
public static class CraftedKeys
{
    public const string RsaEncryption = "1.2.840.113549.1.1.1";

    private static readonly BigInteger s_f4 = 65537;
    private static readonly BigInteger s_modulus3072 = RandomOdd(3072);
    private static readonly BigInteger s_modulus4096 = RandomOdd(4096);

    /// <summary>Names of keys every Parley party must refuse as invalid, for [MemberData].</summary>
    public static TheoryData<string> BadKeyNames => [.. BadKeys.Keys];

    /// <summary>Each refused key by a name that says what is wrong with it.</summary>
    public static IReadOnlyDictionary<string, byte[]> BadKeys { get; } = new Dictionary<string, byte[]>(StringComparer.Ordinal)
    {
        ["e = 3"] = Spki(s_modulus3072, 3),
        ["3071-bit exponent on a 3072-bit modulus"] = Spki(s_modulus3072, RandomOdd(3071)),
        ["e > n"] = Spki(s_modulus3072, s_modulus3072 + 2),
        ["4096-bit modulus with a 1000-bit exponent"] = Spki(s_modulus4096, RandomOdd(1000)),
        ["e = 65539"] = Spki(s_modulus3072, 65539),
        ["e = 1"] = Spki(s_modulus3072, 1),
        ["even modulus"] = Spki(s_modulus3072 - 1, s_f4),
        ["negative modulus"] = Spki(-s_modulus3072, s_f4),
        ["modulus of 3071 bits"] = Spki(RandomOdd(3071), s_f4),
        ["modulus of 4097 bits"] = Spki(RandomOdd(4097), s_f4),
        ["non-minimal modulus integer"] = SpkiWithRawIntegers(NonMinimal(s_modulus3072), Integer(s_f4)),
        ["non-minimal exponent integer"] = SpkiWithRawIntegers(Integer(s_modulus3072), NonMinimal(s_f4)),
        ["algorithm RSASSA-PSS"] = Spki(s_modulus3072, s_f4, algorithm: "1.2.840.113549.1.1.10"),
        ["parameters absent"] = Spki(s_modulus3072, s_f4, parameters: []),
        ["parameters not NULL"] = Spki(s_modulus3072, s_f4, parameters: [0x06, 0x03, 0x2b, 0x65, 0x70]),
        ["trailing bytes after the key info"] = [.. Spki(s_modulus3072, s_f4), 0x00],
        ["trailing bytes inside the bit string"] = Spki(RsaPublicKey(Integer(s_modulus3072), Integer(s_f4), trailing: [0x05, 0x00])),
        ["a third integer in the RSA key"] = SpkiWithRawIntegers(Integer(s_modulus3072), Integer(s_f4), Integer(s_f4)),
    };

    /// <summary>The SubjectPublicKeyInfo of modulus <paramref name="n"/> and exponent <paramref name="e"/>.</summary>
    public static byte[] Spki(BigInteger n, BigInteger e, string algorithm = RsaEncryption, byte[]? parameters = null) =>
        Spki(RsaPublicKey(Integer(n), Integer(e)), algorithm, parameters);

    /// <summary>
    /// A working RSA key with the primes of <paramref name="privateKeyPem"/> and the smallest public exponent
    /// from <paramref name="minimum"/> up that the primes allow, so signatures made with it verify.
    /// </summary>
    public static RSA WithExponent(string privateKeyPem, BigInteger minimum)
    {
        using var source = RSA.Create();
        source.ImportFromPem(privateKeyPem);
        var key = source.ExportParameters(includePrivateParameters: true);
        var p = Unsigned(key.P!);
        var q = Unsigned(key.Q!);
        var phi = (p - 1) * (q - 1);
        var e = minimum.IsEven ? minimum + 1 : minimum;
        while (!BigInteger.GreatestCommonDivisor(e, phi).IsOne)
        {
            e += 2;
        }

        var d = ModInverse(e, phi);
        var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters
        {
            Modulus = key.Modulus,
            Exponent = e.ToByteArray(isUnsigned: true, isBigEndian: true),
            D = Padded(d, key.Modulus!.Length),
            P = key.P,
            Q = key.Q,
            DP = Padded(d % (p - 1), key.P!.Length),
            DQ = Padded(d % (q - 1), key.Q!.Length),
            InverseQ = key.InverseQ,
        });
        return rsa;
    }

    /// <summary>A random odd number of exactly <paramref name="bits"/> bits.</summary>
    public static BigInteger RandomOdd(int bits)
    {
        var bytes = RandomNumberGenerator.GetBytes((bits + 7) / 8);
        var topBits = bits % 8 == 0 ? 8 : bits % 8;
        bytes[0] &= (byte)((1 << topBits) - 1);
        bytes[0] |= (byte)(1 << (topBits - 1));
        bytes[^1] |= 1;
        return Unsigned(bytes);
    }

    private static BigInteger Unsigned(byte[] bigEndian) => new(bigEndian, isUnsigned: true, isBigEndian: true);

    private static byte[] Padded(BigInteger value, int length)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        return [.. new byte[length - bytes.Length], .. bytes];
    }

    private static BigInteger ModInverse(BigInteger value, BigInteger modulus)
    {
        BigInteger t = 0, nextT = 1, r = modulus, nextR = value;
        while (!nextR.IsZero)
        {
            var quotient = r / nextR;
            (t, nextT) = (nextT, t - (quotient * nextT));
            (r, nextR) = (nextR, r - (quotient * nextR));
        }

        return t.Sign < 0 ? t + modulus : t;
    }

    private static byte[] SpkiWithRawIntegers(params byte[][] integers) => Spki(RsaPublicKey(integers));

    private static byte[] RsaPublicKey(byte[] modulus, byte[] exponent, byte[]? trailing = null)
    {
        var key = RsaPublicKey([modulus, exponent]);
        return trailing is null ? key : [.. key, .. trailing];
    }

    private static byte[] RsaPublicKey(byte[][] integers)
    {
        var writer = new AsnWriter(AsnEncodingRules.BER);
        using (writer.PushSequence())
        {
            foreach (var integer in integers)
            {
                writer.WriteEncodedValue(integer);
            }
        }

        return writer.Encode();
    }

    private static byte[] Spki(byte[] rsaPublicKey, string algorithm = RsaEncryption, byte[]? parameters = null)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(algorithm);
                if (parameters is null)
                {
                    writer.WriteNull();
                }
                else if (parameters.Length > 0)
                {
                    writer.WriteEncodedValue(parameters);
                }
            }

            writer.WriteBitString(rsaPublicKey);
        }

        return writer.Encode();
    }

    private static byte[] Integer(BigInteger value)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteInteger(value);
        return writer.Encode();
    }

    /// <summary>The INTEGER with one more leading zero byte than DER allows.</summary>
    private static byte[] NonMinimal(BigInteger value)
    {
        var contents = value.ToByteArray(isUnsigned: false, isBigEndian: true);
        var writer = new AsnWriter(AsnEncodingRules.BER);
        writer.WriteEncodedValue([0x02, .. Length(contents.Length + 1), 0x00, .. contents]);
        return writer.Encode();
    }

    private static byte[] Length(int length) =>
        length < 0x80 ? [(byte)length]
        : length < 0x100 ? [0x81, (byte)length]
        : [0x82, (byte)(length >> 8), (byte)length];
}
