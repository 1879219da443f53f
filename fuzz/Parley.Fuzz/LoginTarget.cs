using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Server;
using Parley.Server.Hosting;
using Parley.Server.Limits;
using Parley.Server.Presence;
using Parley.Server.Registry;
using Parley.Server.Sessions;
using Parley.Server.Transports.Tcp;

namespace Parley.Fuzz;

/// <summary>
/// The server's reading of one connection, in process: the input is everything a client sends (preamble,
/// hello, login, more frames) and goes through the real <see cref="ConnectionReader"/>, dispatcher and
/// handshake (name rules, key rules, the signature check on the verifier's threads) built by the server's
/// own composition. A refusal is a <see cref="ProtocolViolationException"/>; anything else is a finding.
/// </summary>
internal sealed class LoginTarget : IFuzzTarget, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("parley-fuzz-login-").FullName;
    private readonly ParleyServerOptions _options;
    private readonly ServiceProvider _services;
    private readonly ConnectionReader _reader;
    private readonly IPresence _presence;
    private readonly AdmissionLimits _limits;

    public LoginTarget()
    {
        _options = new ParleyServerOptions
        {
            DataDirectory = Path.Combine(_root, "data"),
            VideosDirectory = Path.Combine(_root, "videos"),
            GenerateSampleVideos = false,
            LoginVerificationWorkers = 1,
        };
        Directory.CreateDirectory(_options.DataDirectory);
        var services = new ServiceCollection();
        services.AddLogging(); // no providers: nothing is written
        services.AddParleyServer(_options, NameRegistry.Open(_options.DataDirectory));
        _services = services.BuildServiceProvider();
        _reader = _services.GetRequiredService<ConnectionReader>();
        _presence = _services.GetRequiredService<IPresence>();
        _limits = _services.GetRequiredService<AdmissionLimits>();
    }

    public void Run(ReadOnlySpan<byte> input)
    {
        var session = new ClientSession(new FuzzConnection(), new Outbox(_options.OutboundQueueCapacity, _options.OutboundQueueBytes));
        var pipe = new Pipe();
        pipe.Writer.Write(input);
        pipe.Writer.Complete();
        try
        {
            var admission = _limits.TryAdmit(null, out _) ?? throw new InvalidOperationException("the fuzz target's connections are never over a limit");
            _reader.RunAsync(session, admission, pipe.Reader).GetAwaiter().GetResult();
        }
        catch (ProtocolViolationException)
        {
            // the documented refusal: the real handler answers it with an Error frame and closes
        }
        finally
        {
            session.Close();
            _presence.Leave(session);
            session.Outbox.DiscardRemaining();
        }
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        using var identity = FuzzKeys.Sender();
        var spki = identity.PublicKey.Spki;
        var hello = Frame(new ClientFrame { Hello = new Hello { ProtocolVersion = ProtocolConstants.Version, ClientSoftware = "fuzz" } });
        // The challenge is fresh per connection, so no seed's signature verifies; the checks before it all pass.
        var login = Frame(new ClientFrame
        {
            Login = new Login
            {
                Name = "alice",
                PublicKey = ByteString.CopyFrom(spki),
                Signature = ByteString.CopyFrom(identity.Sign(LoginTranscript.Build(new byte[ProtocolConstants.ChallengeBytes], [], "alice", spki))),
                Presence = true,
            },
        });
        var ping = Frame(new ClientFrame { Ping = new Ping { Nonce = 1 } });
        yield return ("hello", [.. ProtocolConstants.Preamble, .. hello]);
        yield return ("hello-login", [.. ProtocolConstants.Preamble, .. hello, .. login]);
        yield return ("login-first", [.. ProtocolConstants.Preamble, .. login]);
        yield return ("hello-ping-goodbye", [.. ProtocolConstants.Preamble, .. hello, .. ping, .. Frame(new ClientFrame { Goodbye = new Goodbye() })]);
        yield return ("name-rules", [.. ProtocolConstants.Preamble, .. hello, .. Frame(new ClientFrame { Login = new Login { Name = "a\u0301lice\u200b" } })]);
    }

    public void Dispose()
    {
        _services.DisposeAsync().AsTask().GetAwaiter().GetResult();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static byte[] Frame(IMessage message) => FrameCodec.ToFrameBytes(message);

    private sealed class FuzzConnection : ISessionConnection
    {
        public string ConnectionId => "fuzz";

        public System.Net.EndPoint? LocalEndPoint => null;

        public System.Net.EndPoint? RemoteEndPoint => null;

        public ReadOnlyMemory<byte> ChannelBinding => ReadOnlyMemory<byte>.Empty;

        public string? RequestedHostName => null;

        public CancellationToken ConnectionClosed => CancellationToken.None;

        public void StopReading()
        {
        }

        public void AbandonPendingWrite()
        {
        }
    }
}
