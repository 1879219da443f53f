using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Parley.Client.Storage;
using Parley.Crypto;

namespace Parley.Client.Connection;

/// <summary>
/// Which server certificate a connection accepts: the one whose key is pinned for the address (known_servers,
/// or <c>--server-fingerprint</c>), whatever CA signed it or did not; with no pin, the first one seen, which is
/// then pinned (trust on first use). A self-signed certificate is the normal case.
/// </summary>
internal sealed class ServerTrust
{
    private readonly KnownServers _known;
    private readonly string _server;
    private readonly string? _given;
    private readonly Action<string>? _onPinned;
    private string? _presented;

    /// <exception cref="ParleyException">ConnectionFailed: <paramref name="givenFingerprint"/> is not a fingerprint.</exception>
    public ServerTrust(KnownServers known, ServerAddress address, string? givenFingerprint, bool insecure, Action<string>? onPinned)
    {
        _known = known;
        _server = KnownPeers.ScopeOf(address);
        Insecure = insecure;
        _onPinned = onPinned;
        if (givenFingerprint is not null && insecure)
        {
            throw new ParleyException(
                ParleyErrorKind.ConnectionFailed,
                "--server-fingerprint pins the server's TLS key, and --insecure turns TLS off: give one or the other");
        }

        if (givenFingerprint is not null)
        {
            _given = ServerFingerprint.Normalize(givenFingerprint) ?? throw new ParleyException(
                ParleyErrorKind.ConnectionFailed,
                $"'{givenFingerprint}' is not a server fingerprint (expected SHA256: and 43 base64 characters, as the server prints it)");
        }
    }

    /// <summary>Plain TCP, no certificate at all (the server runs with --insecure).</summary>
    public bool Insecure { get; }

    /// <summary>The fingerprint the certificate must have; null before the first connection to this server.</summary>
    private string? Expected => _given ?? _known.Find(_server);

    public bool Accept(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }

        using var received = new X509Certificate2(certificate);
        _presented = ServerFingerprint.Of(received);
        return Expected is not { } expected || expected == _presented;
    }

    /// <summary>Why the handshake was refused, when it was this side's pin that refused it; else null.</summary>
    public ParleyException? Refusal()
    {
        if (_presented is not { } presented || Expected is not { } expected || expected == presented)
        {
            return null;
        }

        var message = _given is not null
            ? $"the server at {_server} presented the key {presented}, not {expected} given with --server-fingerprint; nothing was sent"
            : $"the server at {_server} presented the key {presented}, but {expected} is pinned for it in {_known.FilePath}. "
                + "Someone may be intercepting the connection, or the server's key was replaced; nothing was sent. "
                + $"If you know the server changed its key, accept the new one with: parley servers forget {_server} "
                + $"(the next connection pins it), or connect once with --server-fingerprint {presented}";
        return new ParleyException(ParleyErrorKind.ServerKeyChanged, message);
    }

    /// <summary>After the handshake: pins the key on first use, or the one given up front.</summary>
    public void Remember()
    {
        if (_presented is not { } presented)
        {
            return;
        }

        var known = _known.Find(_server);
        if (known == presented)
        {
            return;
        }

        _known.Pin(_server, presented);
        if (_given is null)
        {
            _onPinned?.Invoke($"first connection to {_server}: pinned its key {presented} in {_known.FilePath}");
        }
    }
}
