using System.Net;
using System.Security.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Parley.Media.Library;
using Parley.Server.Http;
using Parley.Server.Metrics;
using Parley.Server.Registry;
using Parley.Server.Transports.Tcp;

namespace Parley.Server.Hosting;

/// <summary>A running Parley server: Kestrel accepting raw TCP, handing each connection to Parley.</summary>
public sealed class ParleyServerHost : IAsyncDisposable
{
    private const int AcceptBacklog = 4096;

    private readonly WebApplication _app;
    private readonly NameRegistry _registry;
    private int _disposed;

    private readonly ServerTls? _tls;

    private ParleyServerHost(WebApplication app, NameRegistry registry, ServerTls? tls, IPEndPoint endpoint, ParleyServerOptions options)
    {
        _app = app;
        _registry = registry;
        _tls = tls;
        Endpoint = endpoint;
        Options = options;
    }

    /// <summary>"SHA256:…" of the TLS key clients pin (<c>--server-fingerprint</c>); null with <see cref="ParleyServerOptions.Insecure"/>.</summary>
    public string? Fingerprint => _tls?.Fingerprint;

    /// <summary>Whether the HTTP (HLS) endpoint speaks TLS: only with a configured certificate (<see cref="ParleyServerOptions.TlsCertificatePath"/>).</summary>
    public bool HttpUsesTls => _tls is not null && Options.TlsCertificatePath is not null;

    /// <summary>Where the server really listens (the chosen port when <see cref="ParleyServerOptions.Port"/> was 0).</summary>
    public IPEndPoint Endpoint { get; }

    public ParleyServerOptions Options { get; }

    /// <summary>Where the HTTP (HLS) endpoint really listens; null when <see cref="ParleyServerOptions.HttpPort"/> is -1.</summary>
    public IPEndPoint? HttpEndpoint => _app.Services.GetRequiredService<HlsListenerAddress>().Endpoint;

    /// <summary>The video library; it loads in the background, so videos may still be preparing.</summary>
    public IVideoLibrary Videos => _app.Services.GetRequiredService<IVideoLibrary>();

    /// <summary>Creates the data and videos directories if missing, opens the name registry and starts listening.</summary>
    /// <exception cref="ArgumentException">The options are not usable.</exception>
    /// <exception cref="IOException">The address is in use or cannot be bound.</exception>
    public static Task<ParleyServerHost> StartAsync(ParleyServerOptions options, CancellationToken ct = default) =>
        StartAsync(options, static _ => { }, ct);

    /// <summary>
    /// As <see cref="StartAsync(ParleyServerOptions, CancellationToken)"/>, with services of the caller's own:
    /// <paramref name="services"/> runs after the server's registrations, so it can replace the clock
    /// (<see cref="TimeProvider"/>) or add an <see cref="ILoggerProvider"/> beside the console.
    /// </summary>
    /// <exception cref="ArgumentException">The options are not usable.</exception>
    /// <exception cref="IOException">The address is in use or cannot be bound.</exception>
    public static async Task<ParleyServerHost> StartAsync(
        ParleyServerOptions options, Action<IServiceCollection> services, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        options.Validate();
        var address = await ResolveAddressAsync(options.Host, ct);
        var httpTls = !options.Insecure && options.TlsCertificatePath is not null;
        if (options.HttpPort >= 0 && !httpTls && !options.Insecure && !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException(
                $"the HTTP (HLS) port would serve video tokens in plain HTTP on {options.Host}, which is not a loopback address: "
                + "give a certificate (--tls-cert and --tls-key), turn HTTP off (--http-port -1), or accept plain HTTP with --insecure");
        }

        Directory.CreateDirectory(options.DataDirectory);
        Directory.CreateDirectory(options.VideosDirectory);
        var tls = ServerTls.Load(options);
        NameRegistry registry;
        try
        {
            registry = NameRegistry.Open(options.DataDirectory);
        }
        catch
        {
            tls?.Dispose();
            throw;
        }

        try
        {
            ListenOptions? listener = null;
            ListenOptions? httpListener = null;
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
            ConfigureLogging(builder.Logging);
            // Stopping closes the listeners, then every connection is told SERVER_SHUTTING_DOWN after what is already
            // queued for it; connections still open after this are cut.
            builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = options.ShutdownTimeout);

            // Thousands of clients may connect at once (the default backlog is 512), and a peer that
            // vanishes without a FIN must still leave the roster: accepted sockets inherit keep-alive.
            builder.Services.Configure<SocketTransportOptions>(s =>
            {
                s.Backlog = AcceptBacklog;
                s.CreateBoundListenSocket = ListenSocket.CreateWithKeepAlive;

                // Run the read loop's continuations on the socket threads instead of queueing each to the
                // thread pool: bench/README.md measured 22 % less server CPU per relayed message. Safe
                // because Parley never blocks on I/O there (the outbox never waits); login signatures are
                // checked by LoginVerifier's workers, and the only synchronous work left is, for a new name,
                // one SQLite insert, and one short SQLite transaction per prekey upload or bundle fetch (WAL, no fsync per commit).
                s.UnsafePreferInlineScheduling = true;

                // Kestrel's 1 MiB per connection would be held by any connection sending while its login's signature is checked.
                s.MaxReadBufferSize = SocketReadBuffer.BytesFor(options);
            });
            // Socket reads of up to 32 KiB instead of Kestrel's 4 KiB blocks: fewer, fuller read turns for pipelining senders.
            builder.Services.AddSingleton<IMemoryPoolFactory<byte>, TransportMemoryPool.Factory>();
            builder.Services.AddParleyServer(options, registry);
            builder.Services.AddSingleton(new TransportSecurity(tls));
            services(builder.Services);
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                // A whole 1.3 MB HLS segment fits in the response buffer, so Kestrel does not stall the request on 64 KiB back-pressure.
                kestrel.Limits.MaxResponseBufferSize = 2 * 1024 * 1024;
                kestrel.Listen(address, options.Port, listen =>
                {
                    // Admission first: a connection the limits refuse costs no TLS handshake (at most a few a second do, to be told why).
                    var admission = kestrel.ApplicationServices.GetRequiredService<AdmissionBeforeTls>();
                    listen.Use(next => connection => admission.RunAsync(connection, next));
                    if (tls is not null)
                    {
                        var metrics = kestrel.ApplicationServices.GetRequiredService<ServerMetrics>();
                        listen.Use(next => connection => PlaintextHelloRefusal.RunAsync(connection, next, metrics, options.LoginTimeout));
                        listen.Use(next => connection => TlsRecordBatching.RunAsync(connection, next));
                        listen.UseHttps(TlsOptions(tls));
                    }

                    listen.UseConnectionHandler<TcpConnectionHandler>();
                    listener = listen;
                });
                if (options.HttpPort >= 0)
                {
                    kestrel.Listen(address, options.HttpPort, listen =>
                    {
                        listen.Protocols = HttpProtocols.Http1;
                        if (httpTls && tls is not null)
                        {
                            listen.UseHttps(TlsOptions(tls));
                        }

                        httpListener = listen;
                    });
                }
            });

            var app = builder.Build();
            app.UseCors();
            app.MapHls();
            app.MapOperations();
            IPEndPoint endpoint;
            try
            {
                app.Services.GetRequiredService<HlsTokens>(); // loads or makes the URL signing key now, so a problem shows at start
                app.Services.GetRequiredService<ServerMetrics>(); // its instruments exist from the start: /metrics lists every counter at 0
                app.Services.GetRequiredService<OfflineQueue.OfflineMessageQueue>(); // opens queue.db now, so a problem shows at start
                await app.StartAsync(ct);
                endpoint = listener?.IPEndPoint
                    ?? throw new InvalidOperationException("Kestrel did not report the bound endpoint");
                var hls = app.Services.GetRequiredService<HlsListenerAddress>();
                hls.Scheme = httpTls ? "https" : "http";
                hls.Endpoint = httpListener?.IPEndPoint;
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }

            StartupLog.Write(app.Services.GetRequiredService<ILogger<ParleyServerHost>>(), registry, options, endpoint, httpListener?.IPEndPoint, tls);

            return new ParleyServerHost(app, registry, tls, endpoint, options);
        }
        catch
        {
            registry.Dispose();
            tls?.Dispose();
            throw;
        }
    }

    /// <summary>Completes when the host is asked to stop: Ctrl+C, SIGTERM, or <paramref name="ct"/>.</summary>
    public async Task WaitForShutdownAsync(CancellationToken ct = default)
    {
        var lifetime = _app.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStopping = lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        using var onCancel = ct.Register(() => stopping.TrySetResult());
        await stopping.Task;
    }

    /// <summary>
    /// Stops accepting, tells every connected client SERVER_SHUTTING_DOWN after what is already queued for it, waits
    /// up to <see cref="ParleyServerOptions.ShutdownTimeout"/> for those to be written, then cuts what is left and
    /// closes the registry.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _app.Services.GetRequiredService<HealthState>().MarkStopping();
        try
        {
            using var timeout = new CancellationTokenSource(Options.ShutdownTimeout);
            try
            {
                await _app.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                // The bound passed: Kestrel has cut the connections that were still writing; stopping goes on.
                ShutdownLog.TimedOut(_app.Services.GetRequiredService<ILogger<ParleyServerHost>>(), Options.ShutdownTimeout);
            }
        }
        finally
        {
            await _app.DisposeAsync();
            _registry.Dispose();
            _tls?.Dispose();
        }
    }

    // TLS 1.3 only: no downgrade to suites without forward secrecy; clients prove who they are by the login, not a certificate.
    private static HttpsConnectionAdapterOptions TlsOptions(ServerTls tls) => new()
    {
        ServerCertificate = tls.Certificate,
        SslProtocols = SslProtocols.Tls13,
        ClientCertificateMode = ClientCertificateMode.NoCertificate,
    };

    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        // Kestrel and hosting chatter stays out of the console unless "Logging" settings ask for it.
        logging.AddFilter("Microsoft", LogLevel.Warning);
    }

    private static async Task<IPAddress> ResolveAddressAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host, out var address))
        {
            return address;
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        var addresses = await Dns.GetHostAddressesAsync(host, ct);
        return addresses.Length > 0
            ? addresses[0]
            : throw new ArgumentException($"host '{host}' has no address");
    }
}
