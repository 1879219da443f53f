using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Parley.Crypto.Sessions;

namespace Parley.Bench.Crypto;

/// <summary>
/// What one message's crypto is made of, each primitive alone (<c>messages --filter *Primitive*</c>): a session
/// message costs, at each end, two chain HMACs, one AES-GCM key set-up and a 304-byte seal or open, and a SHA-256 for
/// its id. Two rows are what it no longer does: an HKDF per message key (the message key is now the AES key itself,
/// docs/sessions.md §4), and OpenSSL computing a ratchet key's public point each time a state was read back.
/// </summary>
public class PrimitiveBenchmarks
{
    private static readonly byte[] s_one = [0x01];
    private static readonly byte[] s_two = [0x02];
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _nonce = RandomNumberGenerator.GetBytes(12);
    private readonly byte[] _salt = new byte[32];
    private readonly byte[] _info = "Parley_Ratchet_Message_AES-256-GCM_v1"u8.ToArray();
    private readonly byte[] _plaintext = new byte[269];
    private readonly byte[] _ciphertext = new byte[269];
    private readonly byte[] _tag = new byte[16];
    private readonly byte[] _associatedData = new byte[165];
    private readonly byte[] _scalar = P256KeyPair.Generate(SystemEntropy.Instance).ExportPrivate();

    [Benchmark(Description = "chain step: 2 x HMACSHA256.HashData")]
    public int ChainOneShot() => HMACSHA256.HashData(_key, s_two).Length + HMACSHA256.HashData(_key, s_one).Length;

    [Benchmark(Description = "chain step: one IncrementalHash HMAC, 2 hashes")]
    public int ChainIncremental()
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(s_two);
        var chain = hmac.GetHashAndReset();
        hmac.AppendData(s_one);
        return chain.Length + hmac.GetHashAndReset().Length;
    }

    [Benchmark(Description = "message key: HKDF.DeriveKey, 44 bytes")]
    public int MessageKeyHkdf() => HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, 44, _salt, _info).Length;

    [Benchmark(Description = "AES-256-GCM: new AesGcm + seal 269 bytes")]
    public int AesGcmSeal()
    {
        using var gcm = new AesGcm(_key, 16);
        gcm.Encrypt(_nonce, _plaintext, _ciphertext, _tag, _associatedData);
        return _tag[0];
    }

    [Benchmark(Description = "message id: SHA256.HashData, 95 bytes")]
    public int MessageIdOneShot() => SHA256.HashData(_associatedData.AsSpan(0, 95)).Length;

    [Benchmark(Description = "message id: IncrementalHash, 3 appends")]
    public int MessageIdIncremental()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(_associatedData.AsSpan(0, 19));
        hash.AppendData(_associatedData.AsSpan(19, 33));
        hash.AppendData(_associatedData.AsSpan(52, 43));
        return hash.GetHashAndReset().Length;
    }

    [Benchmark(Description = "P-256 key from its scalar (OpenSSL computes the public point)")]
    public int P256FromScalar()
    {
        using var key = P256KeyPair.FromPrivate(_scalar);
        return key.PublicKey.Length;
    }
}
