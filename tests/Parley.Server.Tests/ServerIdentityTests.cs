using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Parley.Crypto;
using Parley.Protocol.Messages;

namespace Parley.Server.Tests;

/// <summary>The server's TLS identity: made on first start, kept afterwards, announced with the command that pins it.</summary>
public sealed class ServerIdentityTests
{
    [Fact]
    public async Task The_first_start_makes_a_private_key_and_a_self_signed_certificate_for_the_loopback_names()
    {
        await using var server = await TestServer.StartAsync();
        var tls = Path.Combine(server.Host.Options.DataDirectory, "tls");

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(tls, "server.key")));
        }

        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(tls, "server.crt")));
        Assert.Equal(certificate.Subject, certificate.Issuer);
        Assert.Equal("1.2.840.10045.2.1", certificate.PublicKey.Oid.Value); // ECDSA
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("localhost", names.EnumerateDnsNames());
        Assert.Contains(System.Net.IPAddress.Loopback, names.EnumerateIPAddresses());
        Assert.Contains(System.Net.IPAddress.IPv6Loopback, names.EnumerateIPAddresses());
        Assert.Equal(ServerFingerprint.Of(certificate), server.Fingerprint);
    }

    [Fact]
    public async Task A_restart_on_the_same_data_keeps_the_identity_and_logs_the_pin_command()
    {
        var log = new RecordingLogProvider();
        await using var server = await TestServer.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(log));
        var first = server.Fingerprint;

        await server.RestartAsync();
        await using var client = await RawClient.ConnectAsync(server.Endpoint);

        Assert.Equal(first, server.Fingerprint);
        Assert.Equal(first, client.ServerFingerprint);
        var announced = log.Lines.Where(l => l.StartsWith("TLS identity", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, announced.Count);
        Assert.StartsWith($"TLS identity created: fingerprint {first}", announced[0], StringComparison.Ordinal);
        Assert.StartsWith($"TLS identity loaded: fingerprint {first}", announced[1], StringComparison.Ordinal);
        Assert.EndsWith($"parley chat --server 127.0.0.1:{server.Port} --server-fingerprint {first}", announced[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_configured_certificate_is_served_instead_of_the_servers_own()
    {
        using var dir = new TempDir("parley-tls-cert");
        using var own = TestTls.SelfSigned("chat.example");
        File.WriteAllText(dir.Sub("cert.pem"), own.ExportCertificatePem());
        File.WriteAllText(dir.Sub("key.pem"), own.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());

        await using var server = await TestServer.StartAsync(o => o with { TlsCertificatePath = dir.Sub("cert.pem"), TlsKeyPath = dir.Sub("key.pem") });
        await using var client = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First);

        Assert.Equal(ServerFingerprint.Of(own), client.ServerFingerprint);
        Assert.False(Directory.Exists(Path.Combine(server.Host.Options.DataDirectory, "tls")));
    }

    [Fact]
    public async Task An_insecure_server_speaks_plain_tcp_logs_a_warning_at_every_start_and_takes_logins_bound_to_nothing()
    {
        var log = new RecordingLogProvider();
        await using var server = await TestServer.StartAsync(o => o with { Insecure = true }, s => s.AddSingleton<ILoggerProvider>(log));
        await server.RestartAsync();

        await using var client = await RawClient.LoginAsync(server.Endpoint, "alice", TestIdentities.First, tls: false);

        Assert.Null(server.Fingerprint);
        Assert.Empty(client.ChannelBinding);
        Assert.Equal(2, log.Entries.Count(e => e.Level == LogLevel.Warning && e.Text.StartsWith("INSECURE: ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Plain_tcp_to_the_tls_port_gets_a_plaintext_unsupported_version_and_the_others_go_on()
    {
        await using var server = await TestServer.StartAsync();
        await using var pair = await ConnectedPair.CreateAsync(server);
        await using var plain = await RawClient.ConnectAsync(server.Endpoint, tls: false);

        await plain.SendPreambleAsync();

        var error = await plain.ExpectFatalErrorAndCloseAsync(ErrorCode.UnsupportedVersion);
        Assert.Contains("version 3 over TLS", error.Message, StringComparison.Ordinal);
        await pair.AssertStillRelayingAsync();
    }

    [Fact]
    public async Task Bytes_that_do_not_start_like_parley_go_on_to_tls_which_refuses_them()
    {
        await using var server = await TestServer.StartAsync();
        await using var pair = await ConnectedPair.CreateAsync(server);
        await using var plain = await RawClient.ConnectAsync(server.Endpoint, tls: false);

        await plain.SendBytesAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());

        await plain.ExpectClosedAsync();
        await pair.AssertStillRelayingAsync();
    }

    [Fact]
    public async Task Plain_http_on_a_non_loopback_host_is_refused_at_start_without_insecure()
    {
        var refused = await Record.ExceptionAsync(() => TestServer.StartAsync(o => o with { Host = "0.0.0.0", HttpPort = 0 }));

        var error = Assert.IsType<ArgumentException>(refused);
        Assert.Contains("--tls-cert", error.Message, StringComparison.Ordinal);
        Assert.Contains("--insecure", error.Message, StringComparison.Ordinal);
    }
}
