using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Parley.Protocol;

namespace Parley.Crypto;

/// <summary>
/// The number two people read to each other to check, in one go, that each has the other's real
/// key: 60 digits in 12 groups of 5, the same on both sides. Built in the manner of Signal's
/// safety numbers: each party's half is 30 digits from an iterated SHA-512 over its key and name;
/// the halves are sorted, so neither side's order matters.
/// </summary>
public static class SafetyNumber
{
    public const int Iterations = 5200;
    public const int Digits = 60;
    private const ushort Version = 1;
    private const int HalfHashBytes = 30;
    private const int ChunkBytes = 5;
    private const int GroupDigits = 5;

    /// <summary>
    /// The safety number of two parties, each a name as registered and a key (SubjectPublicKeyInfo DER).
    /// A name enters as the UTF-8 of its NFC spelling up to case (<see cref="NameRules.CaseFoldKey"/>), so
    /// "Bob" and "bob" give the same number. Not the uniqueness key: that follows the system's ICU data,
    /// and two clients must get the same number whatever their ICU.
    /// </summary>
    /// <returns>12 groups of 5 digits separated by single spaces.</returns>
    /// <exception cref="ArgumentException">A name is not a valid Parley name.</exception>
    public static string Compute(string oneName, ReadOnlySpan<byte> oneKey, string otherName, ReadOnlySpan<byte> otherKey)
    {
        var one = HalfOf(oneName, oneKey);
        var other = HalfOf(otherName, otherKey);
        var digits = string.CompareOrdinal(one, other) <= 0 ? one + other : other + one;
        return string.Join(' ', Enumerable.Range(0, Digits / GroupDigits).Select(i => digits.Substring(i * GroupDigits, GroupDigits)));
    }

    /// <summary>One party's 30 digits.</summary>
    internal static string HalfOf(string name, ReadOnlySpan<byte> spki)
    {
        if (!NameRules.TryNormalize(name, out var normalized, out var error))
        {
            throw new ArgumentException($"not a valid name: {error}", nameof(name));
        }

        // Starting from version || key || stable identifier, hash = SHA-512(hash || key), 5200 times.
        // The key is DER, which carries its own length, so key and identifier cannot run into each other.
        Span<byte> version = stackalloc byte[sizeof(ushort)];
        BinaryPrimitives.WriteUInt16BigEndian(version, Version);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        sha.AppendData(version);
        sha.AppendData(spki);
        sha.AppendData(Encoding.UTF8.GetBytes(NameRules.CaseFoldKey(normalized)));
        Span<byte> hash = stackalloc byte[SHA512.HashSizeInBytes];
        for (var i = 0; i < Iterations; i++)
        {
            if (i > 0)
            {
                sha.AppendData(hash);
            }

            sha.AppendData(spki);
            sha.GetHashAndReset(hash);
        }

        return EncodeDigits(hash[..HalfHashBytes]);
    }

    /// <summary>Each 5-byte chunk, big-endian, modulo 100000 as 5 digits.</summary>
    internal static string EncodeDigits(ReadOnlySpan<byte> bytes)
    {
        var digits = new StringBuilder(bytes.Length / ChunkBytes * GroupDigits);
        for (var offset = 0; offset + ChunkBytes <= bytes.Length; offset += ChunkBytes)
        {
            ulong chunk = 0;
            foreach (var b in bytes.Slice(offset, ChunkBytes))
            {
                chunk = (chunk << 8) | b;
            }

            digits.Append((chunk % 100_000).ToString("D5", CultureInfo.InvariantCulture));
        }

        return digits.ToString();
    }
}
