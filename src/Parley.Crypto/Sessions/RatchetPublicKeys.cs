using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Parley.Crypto.Sessions;

/// <summary>
/// The public halves of the ratchet keys this process made or read back, by SHA-256 of the private scalar. A
/// session's state holds only its own ratchet key's scalar, and it is read once per seal and per open; without
/// this, each read makes OpenSSL compute (and check) the public point again, which costs more than all the rest of
/// the message's crypto. The scalars are 256 random bits, so their hashes tell nothing about them, and the public
/// keys travel in every header anyway. Bounded: the oldest entries are forgotten first (they then cost one import).
/// </summary>
internal static class RatchetPublicKeys
{
    public const int Capacity = 1024;

    private static readonly Dictionary<Digest, byte[]> s_keys = [];
    private static readonly Queue<Digest> s_order = new();
    private static readonly Lock s_lock = new();

    /// <summary>The key with this scalar: without OpenSSL when its public half is known, else imported and remembered.</summary>
    /// <exception cref="SessionRejectedException">Not a valid P-256 scalar.</exception>
    public static P256KeyPair Restore(ReadOnlySpan<byte> scalar)
    {
        var digest = Digest.Of(scalar);
        byte[]? publicKey;
        lock (s_lock)
        {
            publicKey = s_keys.GetValueOrDefault(digest)?.ToArray();
        }

        if (publicKey is not null)
        {
            return P256KeyPair.Restore(scalar, publicKey);
        }

        var key = P256KeyPair.FromPrivate(scalar);
        Remember(digest, key.PublicKey);
        return key;
    }

    /// <summary>Remembers a ratchet key this process just made, so the next read of the state it goes into is cheap.</summary>
    public static void Remember(P256KeyPair key)
    {
        var scalar = key.ExportPrivate();
        try
        {
            Remember(Digest.Of(scalar), key.PublicKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
        }
    }

    private static void Remember(Digest digest, byte[] publicKey)
    {
        lock (s_lock)
        {
            if (!s_keys.TryAdd(digest, publicKey.ToArray()))
            {
                return;
            }

            s_order.Enqueue(digest);
            while (s_order.Count > Capacity)
            {
                s_keys.Remove(s_order.Dequeue());
            }
        }
    }

    private readonly record struct Digest(ulong A, ulong B, ulong C, ulong D)
    {
        public static Digest Of(ReadOnlySpan<byte> scalar)
        {
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(scalar, hash);
            return new Digest(
                BinaryPrimitives.ReadUInt64LittleEndian(hash),
                BinaryPrimitives.ReadUInt64LittleEndian(hash[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(hash[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(hash[24..]));
        }
    }
}
