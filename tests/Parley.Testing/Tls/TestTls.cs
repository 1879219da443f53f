using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Parley.Crypto;

namespace Parley.Testing;

/// <summary>
/// TLS for the test doubles: a certificate of their own (not the real server's), a server's identity read
/// from its data folder, and both ends of a TLS 1.3 handshake over a socket's stream.
/// </summary>
public static class TestTls
{
    private static readonly Lazy<X509Certificate2> s_own = new(() => SelfSigned("Parley test double"));

    /// <summary>A self-signed certificate the fakes, scripted servers and impostor proxies present.</summary>
    public static X509Certificate2 OwnCertificate => s_own.Value;

    public static string OwnFingerprint => ServerFingerprint.Of(OwnCertificate);

    /// <summary>A fresh self-signed ECDSA P-256 certificate with a key of its own.</summary>
    public static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
        return X509Certificate2.CreateFromPem(made.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The identity a server made in its data folder (data/tls), key included: what a front holding the server's key would present.</summary>
    public static X509Certificate2 ServerIdentityIn(string dataDirectory) =>
        X509Certificate2.CreateFromPemFile(Path.Combine(dataDirectory, "tls", "server.crt"), Path.Combine(dataDirectory, "tls", "server.key"));

    /// <summary>
    /// Copies a server's TLS identity (data/tls) into another data folder: a server started there is the same
    /// server to clients (same pin, same channel binding) with a registry of its own, as a hostile operator
    /// swapping registries behind one address would be.
    /// </summary>
    public static void CopyIdentity(string fromDataDirectory, string toDataDirectory)
    {
        var from = Path.Combine(fromDataDirectory, "tls");
        var to = Path.Combine(toDataDirectory, "tls");
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        }
    }

    /// <summary>The server side of a TLS 1.3 handshake on <paramref name="stream"/>.</summary>
    public static async Task<SslStream> AcceptAsync(Stream stream, X509Certificate2 certificate, CancellationToken ct)
    {
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions { ServerCertificate = certificate, EnabledSslProtocols = SslProtocols.Tls13 }, ct);
            return tls;
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }

    /// <summary>The client side of a TLS 1.3 handshake that accepts any certificate; also returns the certificate's channel binding.</summary>
    public static async Task<(SslStream Tls, byte[] ChannelBinding, string Fingerprint)> ConnectAsync(Stream stream, CancellationToken ct)
    {
#pragma warning disable CA5359 // deliberately any certificate: a raw test/bench peer, not the product client, which pins
        var tls = new SslStream(stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
#pragma warning restore CA5359
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = "127.0.0.1",
                    EnabledSslProtocols = SslProtocols.Tls13,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                },
                ct);
            using var certificate = new X509Certificate2(tls.RemoteCertificate!);
            return (tls, TlsServerEndPoint.Of(certificate), ServerFingerprint.Of(certificate));
        }
        catch
        {
            await tls.DisposeAsync();
            throw;
        }
    }
}
