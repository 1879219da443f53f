using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Parley.Crypto;

namespace Parley.Server.Transports.Tcp;

/// <summary>
/// The server's TLS identity: a configured PEM certificate and key, or its own, made on first start under
/// "&lt;data&gt;/tls/" (an ECDSA P-256 key, mode 0600, and a self-signed certificate) and reused afterwards.
/// Clients pin <see cref="Fingerprint"/>; logins sign <see cref="ChannelBinding"/>.
/// </summary>
internal sealed class ServerTls : IDisposable
{
    public const string FolderName = "tls";
    public const string CertificateFileName = "server.crt";
    public const string KeyFileName = "server.key";

    private static readonly TimeSpan s_selfSignedLifetime = TimeSpan.FromDays(20 * 365);

    private ServerTls(X509Certificate2 certificate, bool created)
    {
        Certificate = certificate;
        Created = created;
        Fingerprint = ServerFingerprint.Of(certificate);
        ChannelBinding = TlsServerEndPoint.Of(certificate);
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>"SHA256:…" of the certificate's public key, as clients pin it.</summary>
    public string Fingerprint { get; }

    /// <summary>RFC 5929 tls-server-end-point of <see cref="Certificate"/>.</summary>
    public byte[] ChannelBinding { get; }

    /// <summary>True when this start made the identity (first start on this data folder).</summary>
    public bool Created { get; }

    /// <summary>Null with <see cref="ParleyServerOptions.Insecure"/>; else the configured certificate or the server's own.</summary>
    /// <exception cref="IOException">The files cannot be read or written.</exception>
    /// <exception cref="ArgumentException">A configured certificate or key is not usable; the message names the file.</exception>
    public static ServerTls? Load(ParleyServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Insecure)
        {
            return null;
        }

        if (options.TlsCertificatePath is { } certificate && options.TlsKeyPath is { } key)
        {
            return new ServerTls(ReadPem(certificate, key), created: false);
        }

        var folder = Path.Combine(options.DataDirectory, FolderName);
        var certificatePath = Path.Combine(folder, CertificateFileName);
        var keyPath = Path.Combine(folder, KeyFileName);
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            return new ServerTls(ReadPem(certificatePath, keyPath), created: false);
        }

        return new ServerTls(Create(folder, certificatePath, keyPath, options.Host), created: true);
    }

    public void Dispose() => Certificate.Dispose();

    private static X509Certificate2 ReadPem(string certificatePath, string keyPath)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException($"the TLS certificate {certificatePath} with key {keyPath} is not usable: {ex.Message}", ex);
        }
    }

    private static X509Certificate2 Create(string folder, string certificatePath, string keyPath, string host)
    {
        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=Parley server {EscapeForName(host)}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // server authentication
        request.CertificateExtensions.Add(SubjectAlternativeNames(host));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(s_selfSignedLifetime));

        // The key first, private from its creation; the certificate last, so a half-made identity is made again.
        WritePrivate(keyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
        return ReadPem(certificatePath, keyPath);
    }

    private static X509Extension SubjectAlternativeNames(string host)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        if (IPAddress.TryParse(host, out var address))
        {
            if (!address.Equals(IPAddress.Loopback) && !address.Equals(IPAddress.IPv6Loopback)
                && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any))
            {
                names.AddIpAddress(address);
            }
        }
        else if (!string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            names.AddDnsName(host);
        }

        return names.Build();
    }

    private static string EscapeForName(string host) => host.Replace("\"", string.Empty, StringComparison.Ordinal).Replace(",", " ", StringComparison.Ordinal).Replace("=", " ", StringComparison.Ordinal);

    private static void WritePrivate(string path, string pem)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(pem);
            writer.Write('\n');
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite); // an existing file keeps its mode otherwise
        }
    }
}
