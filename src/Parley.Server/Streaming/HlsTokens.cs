using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Parley.Server.Streaming;

/// <summary>
/// Capability tokens for the HLS endpoint. A token is base64url of
/// <c>uint64be expires (Unix seconds) || uint16be len(name) || name UTF-8 || HMAC-SHA256</c>, the HMAC
/// keyed with the server's <see cref="HlsTokenKey"/> over a domain label, those fields and the video name.
/// So a token opens exactly one video, until it expires, and records who asked for it. The key is kept
/// in the data directory, so tokens outlive a restart of the server.
/// </summary>
internal sealed class HlsTokens
{
    private const int ExpiryBytes = 8;
    private const int LengthBytes = 2;
    private const int MacBytes = 32;
    private const int MaxNameBytes = 1024;
    private const int MaxTokenChars = 2048;
    private static readonly byte[] s_label = "PARLEY-HLS-V1\0"u8.ToArray();

    private readonly byte[] _secret;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    /// <summary>Loads (or makes) the key in the data directory.</summary>
    public HlsTokens(ParleyServerOptions options, ILogger<HlsTokens> logger)
        : this(HlsTokenKey.LoadOrCreate(options.DataDirectory, logger), options.VideoUrlLifetime, options.Clock)
    {
    }

    internal HlsTokens(byte[] secret, TimeSpan lifetime, TimeProvider time)
    {
        _secret = secret;
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
        if (name.Length > MaxNameBytes)
        {
            throw new ArgumentException("the name is too long for a token", nameof(requestedBy));
        }

        var token = new byte[ExpiryBytes + LengthBytes + name.Length + MacBytes];
        BinaryPrimitives.WriteInt64BigEndian(token, expiresAt.ToUnixTimeSeconds());
        BinaryPrimitives.WriteUInt16BigEndian(token.AsSpan(ExpiryBytes), (ushort)name.Length);
        name.CopyTo(token, ExpiryBytes + LengthBytes);
        var signed = token.AsSpan(0, token.Length - MacBytes);
        Mac(signed, video, token.AsSpan(signed.Length));
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

        if (bytes.Length < ExpiryBytes + LengthBytes + MacBytes)
        {
            return false;
        }

        var nameLength = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(ExpiryBytes));
        if (bytes.Length != ExpiryBytes + LengthBytes + nameLength + MacBytes)
        {
            return false;
        }

        var signed = bytes.AsSpan(0, bytes.Length - MacBytes);
        Span<byte> expected = stackalloc byte[MacBytes];
        Mac(signed, video, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(signed.Length)))
        {
            return false;
        }

        var expires = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (_time.GetUtcNow().ToUnixTimeSeconds() >= expires)
        {
            return false;
        }

        requestedBy = Encoding.UTF8.GetString(bytes, ExpiryBytes + LengthBytes, nameLength);
        return true;
    }

    private void Mac(ReadOnlySpan<byte> signed, string video, Span<byte> destination)
    {
        var videoBytes = Encoding.UTF8.GetBytes(video);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _secret);
        hmac.AppendData(s_label);
        hmac.AppendData(signed);
        Span<byte> length = stackalloc byte[LengthBytes];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)Math.Min(videoBytes.Length, ushort.MaxValue));
        hmac.AppendData(length);
        hmac.AppendData(videoBytes);
        hmac.GetHashAndReset(destination);
    }
}
