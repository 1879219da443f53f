using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Parley.Server.Http;

/// <summary>
/// Capability tokens for the HLS endpoint, opaque to whoever holds the URL. A token is base64url of
/// <c>nonce (12) || AES-256-GCM ciphertext || tag (16)</c> of
/// <c>uint64be expires (Unix seconds) || uint16be len(name) || name UTF-8 || zero padding</c> (the name
/// padded to 384 bytes, more than any valid name, so every token has the same length), with a domain label
/// and the video name as associated data. The AES key is derived (HKDF-SHA256) from the server's
/// <see cref="HlsTokenKey"/>. So a token opens exactly one video, until it expires, and records who asked
/// for it without telling anyone else; the key is kept in the data directory, so tokens outlive a restart.
/// </summary>
internal sealed class HlsTokens
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int ExpiryBytes = 8;
    private const int LengthBytes = 2;
    // Every valid name fits (NameRules.MaxUtf8Bytes is 360), so all tokens are the same length.
    private const int PaddedNameBytes = 384;
    private const int MaxTokenChars = 2048;
    private static readonly byte[] s_label = "PARLEY-HLS-V2\0"u8.ToArray();
    private static readonly byte[] s_keyInfo = "PARLEY-HLS-V2 token encryption key"u8.ToArray();

    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    /// <summary>Loads (or makes) the key in the data directory.</summary>
    public HlsTokens(ParleyServerOptions options, TimeProvider clock, ILogger<HlsTokens> logger)
        : this(HlsTokenKey.LoadOrCreate(options.DataDirectory, logger), options.VideoUrlLifetime, clock)
    {
    }

    internal HlsTokens(byte[] secret, TimeSpan lifetime, TimeProvider time)
    {
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: [], info: s_keyInfo);
        _lifetime = lifetime;
        _time = time;
    }

    /// <summary>The most running time a URL's lifetime grows by, however long a (possibly bogus) video claims to be.</summary>
    public static readonly TimeSpan MaxDurationAllowance = TimeSpan.FromHours(12);

    /// <summary>
    /// How long a URL for a video of <paramref name="duration"/> stays valid: the configured lifetime to
    /// start watching in, plus the running time (at most <see cref="MaxDurationAllowance"/>), so a viewer
    /// who starts late still reaches the end.
    /// </summary>
    public TimeSpan LifetimeFor(TimeSpan duration) =>
        _lifetime + TimeSpan.FromTicks(Math.Clamp(duration.Ticks, 0, MaxDurationAllowance.Ticks));

    /// <summary>A token for <paramref name="video"/>, valid for <see cref="LifetimeFor"/> its <paramref name="duration"/>.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(string video, TimeSpan duration, string requestedBy)
    {
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(
            (long)Math.Ceiling((_time.GetUtcNow() + LifetimeFor(duration)).ToUnixTimeMilliseconds() / 1000.0));
        var name = Encoding.UTF8.GetBytes(requestedBy);
        if (name.Length > PaddedNameBytes)
        {
            throw new ArgumentException("the name is too long for a token", nameof(requestedBy));
        }

        var plaintext = new byte[ExpiryBytes + LengthBytes + PaddedNameBytes];
        BinaryPrimitives.WriteInt64BigEndian(plaintext, expiresAt.ToUnixTimeSeconds());
        BinaryPrimitives.WriteUInt16BigEndian(plaintext.AsSpan(ExpiryBytes), (ushort)name.Length);
        name.CopyTo(plaintext, ExpiryBytes + LengthBytes);

        var token = new byte[NonceBytes + plaintext.Length + TagBytes];
        var nonce = token.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var gcm = new AesGcm(_key, TagBytes))
        {
            gcm.Encrypt(nonce, plaintext, token.AsSpan(NonceBytes, plaintext.Length), token.AsSpan(NonceBytes + plaintext.Length), AssociatedData(video));
        }

        return (Base64Url.EncodeToString(token), expiresAt);
    }

    /// <summary>True when <paramref name="token"/> was issued by this server for <paramref name="video"/> and has not expired.</summary>
    public bool IsValid(string token, string video, out string? requestedBy)
    {
        requestedBy = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenChars)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return false;
        }

        var plaintextLength = bytes.Length - NonceBytes - TagBytes;
        if (plaintextLength < ExpiryBytes + LengthBytes)
        {
            return false;
        }

        var plaintext = new byte[plaintextLength];
        try
        {
            using var gcm = new AesGcm(_key, TagBytes);
            gcm.Decrypt(
                bytes.AsSpan(0, NonceBytes), bytes.AsSpan(NonceBytes, plaintextLength), bytes.AsSpan(NonceBytes + plaintextLength), plaintext, AssociatedData(video));
        }
        catch (CryptographicException)
        {
            return false;
        }

        var expires = BinaryPrimitives.ReadInt64BigEndian(plaintext);
        if (_time.GetUtcNow().ToUnixTimeSeconds() >= expires)
        {
            return false;
        }

        var nameLength = BinaryPrimitives.ReadUInt16BigEndian(plaintext.AsSpan(ExpiryBytes));
        if (nameLength > plaintextLength - ExpiryBytes - LengthBytes)
        {
            return false;
        }

        requestedBy = Encoding.UTF8.GetString(plaintext, ExpiryBytes + LengthBytes, nameLength);
        return true;
    }

    /// <summary>"PARLEY-HLS-V2" 0x00 || uint16be len(video) || video UTF-8: binds a token to one video.</summary>
    private static byte[] AssociatedData(string video)
    {
        var videoBytes = Encoding.UTF8.GetBytes(video);
        var data = new byte[s_label.Length + LengthBytes + videoBytes.Length];
        s_label.CopyTo(data, 0);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(s_label.Length), (ushort)Math.Min(videoBytes.Length, ushort.MaxValue));
        videoBytes.CopyTo(data, s_label.Length + LengthBytes);
        return data;
    }
}
