using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Xunit.Abstractions;

namespace Parley.Server.Tests;

/// <summary>
/// One real server, one row per kind of hostile input: each offender gets its clear error (a code, a fatal
/// error and a close, or an HTTP status), and after every row the server and two innocent logged-in
/// bystanders go on: a message sent before the row and one sent while it runs both arrive, in order, and
/// both bystanders still get a Pong. Rows assert today's codes; a row whose code another change moves
/// (a pre-login cap, FRAME_TIMEOUT, rate limits) is one line to update.
/// </summary>
public sealed class HostileInputCatalogueTests(ITestOutputHelper output)
{
    private static readonly TimeSpan LoginTimeout = TimeSpan.FromSeconds(3);

    private static readonly string[] TraversalPaths =
    [
        "/hls/../../etc/passwd",
        "/hls/token/..%2F..%2F..%2Fetc%2Fpasswd/master.m3u8",
        "/hls/token/video/360/..%2F..%2F..%2Fetc%2Fpasswd",
        "/hls/%2e%2e/%2e%2e/etc/passwd/master.m3u8",
        "/hls/token/video/360/%252e%252e%252fetc%252fpasswd",
    ];

    private sealed record Row(string Kind, Func<Catalogue, Task> Offend);

    private static IEnumerable<Row> Rows() =>
    [
        // Framing
        new("length prefix over the cap", async c =>
        {
            var offender = await c.HelloAsync();
            await offender.SendBytesAsync(Prefix(offender.Welcome!.MaxFrameBytes + 1));
            await offender.ExpectFatalErrorAndCloseAsync(ErrorCode.FrameTooLarge);
        }),
        // limits helper: a pre-login cap of a few KiB refuses this one earlier; the code stays FRAME_TOO_LARGE.
        new("length prefix of 4 GiB before hello", async c =>
        {
            var offender = await c.ConnectAsync();
            await offender.SendPreambleAsync();
            await offender.SendBytesAsync(Prefix(uint.MaxValue));
            await offender.ExpectFatalErrorAndCloseAsync(ErrorCode.FrameTooLarge);
        }),
        new("zero-length frame", async c =>
        {
            var offender = await c.HelloAsync();
            await offender.SendBytesAsync(Prefix(0));
            await offender.ExpectFatalErrorAndCloseAsync(ErrorCode.MalformedFrame);
        }),
        new("truncated frame, then end of stream", async c =>
        {
            var offender = await c.HelloAsync();
            var ping = FrameCodec.ToFrameBytes(new ClientFrame { Ping = new Ping { Nonce = 1 } });
            await offender.SendBytesAsync(ping.AsMemory(0, ping.Length - 2));
            offender.ShutdownSend();
            await offender.ExpectFatalErrorAndCloseAsync(ErrorCode.MalformedFrame);
        }),
        new("body that is not protobuf", async c =>
        {
            var offender = await c.HelloAsync();
            await offender.SendBytesAsync(Framed(0x0A, 100, 1, 2));
            await offender.ExpectFatalErrorAndCloseAsync(ErrorCode.MalformedFrame);
        }),
        new("frame that sets no known field (only an unknown one)", async c =>
        {
            var offender = await c.HelloAsync();
            await offender.SendBytesAsync(Framed(0xF8, 0x06, 0x01)); // field 111, varint 1
            await offender.ExpectFatalErrorAndCloseAsync(ErrorCode.MalformedFrame);
        }),
        new("unknown fields inside a known message are ignored", async c =>
        {
            var offender = await c.ConnectAsync();
            await offender.SendPreambleAsync();
            var hello = new Hello { ProtocolVersion = ProtocolConstants.Version }.ToByteArray();
            byte[] withUnknown = [.. hello, 0xF8, 0x06, 0x01, 0xA2, 0x07, 0x02, 0xFF, 0xFE]; // fields 111 and 116
            await offender.SendBytesAsync(Framed([0x0A, (byte)withUnknown.Length, .. withUnknown]));
            var welcome = await offender.ExpectAsync(ServerFrame.BodyOneofCase.Welcome);
            Assert.Equal(ProtocolConstants.ChallengeBytes, welcome.Welcome.Challenge.Length);
        }),

        // Order and the handshake
        new("send before login", async c =>
        {
            var offender = await c.HelloAsync();
            await offender.SendMessageAsync(c.Bystanders.Receiver.Name, new byte[] { 1 });
            await offender.ExpectFatalErrorAndCloseAsync(ErrorCode.UnexpectedFrame);
        }),
        new("login before hello", async c =>
        {
            var offender = await c.ConnectAsync();
            await offender.SendPreambleAsync();
            await offender.SendAsync(new ClientFrame { Login = new Login { Name = "early" } });
            await offender.ExpectFatalErrorAndCloseAsync(ErrorCode.UnexpectedFrame);
        }),
        new("second hello", async c =>
        {
            var offender = await c.HelloAsync();
            await offender.SendAsync(new ClientFrame { Hello = new Hello { ProtocolVersion = ProtocolConstants.Version } });
            await offender.ExpectFatalErrorAndCloseAsync(ErrorCode.UnexpectedFrame);
        }),
        new("second login on a logged-in connection", async c =>
        {
            var offender = await c.LoginAsync();
            await offender.SendLoginAsync("someone-else", TestIdentities.First, presence: false);
            await offender.ExpectFatalErrorAndCloseAsync(ErrorCode.UnexpectedFrame);
        }),
        new("protocol version 0", async c =>
        {
            var offender = await c.ConnectAsync();
            await offender.SendPreambleAsync();
            await offender.SendAsync(new ClientFrame { Hello = new Hello { ProtocolVersion = 0 } });
            await offender.ExpectFatalErrorAndCloseAsync(ErrorCode.UnsupportedVersion);
        }),
        new("protocol version from the future is answered with the server's", async c =>
        {
            var offender = await c.ConnectAsync();
            var welcome = await offender.HelloAsync(version: uint.MaxValue);
            Assert.Equal(ProtocolConstants.Version, welcome.ProtocolVersion);
        }),
        new("bad preamble", async c =>
        {
            var offender = await c.ConnectAsync();
            await offender.SendBytesAsync("PRLX"u8.ToArray());
            await offender.ExpectFatalErrorAndCloseAsync(ErrorCode.BadPreamble);
        }),
        // tls helper: plain bytes to the TLS port and a garbage ClientHello get their rows here.
        new("HTTP request to the Parley port", async c =>
        {
            var offender = await c.ConnectAsync();
            await offender.SendBytesAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
            await offender.ExpectFatalErrorAndCloseAsync(ErrorCode.BadPreamble);
        }),

        // Names
        new("invalid UTF-8 in a login name", async c =>
        {
            var offender = await c.HelloAsync();
            await offender.SendBytesAsync(Framed(0x12, 0x04, 0x0A, 0x02, 0xC3, 0x28)); // Login{name: C3 28}
            await offender.ExpectFatalErrorAndCloseAsync(InvalidUtf8NameCode);
        }),
        new("control characters in a login name", c => RefusedNameAsync(c, "ali\u0007ce\u001b[2J")),
        new("91-character login name", c => RefusedNameAsync(c, new string('n', 91))),
        new("empty login name", c => RefusedNameAsync(c, string.Empty)),
        new("bad login signature", async c =>
        {
            var offender = await c.HelloAsync();
            await offender.SendLoginAsync("forger", TestIdentities.First, presence: false, signature: new byte[384]);
            await offender.ExpectFatalErrorAndCloseAsync(ErrorCode.BadSignature);
        }),
        new("garbage public key", async c =>
        {
            var offender = await c.HelloAsync();
            await offender.SendAsync(new ClientFrame
            {
                Login = new Login { Name = "keyless", PublicKey = ByteString.CopyFromUtf8("not a key"), Signature = ByteString.CopyFrom(1, 2) },
            });
            await offender.ExpectFatalErrorAndCloseAsync(ErrorCode.InvalidPublicKey);
        }),

        // Absurd numbers and names in requests (answered, not fatal)
        new("absurd request ids and nonces", async c =>
        {
            var offender = await c.LoginAsync();
            await offender.SendAsync(new ClientFrame { Lookup = new LookupPeer { RequestId = ulong.MaxValue, Name = "nobody-here" } });
            var lookup = await offender.ExpectAsync(ServerFrame.BodyOneofCase.LookupResult);
            Assert.Equal(ulong.MaxValue, lookup.LookupResult.RequestId);
            Assert.Equal(ErrorCode.UnknownRecipient, lookup.LookupResult.Code);
            await offender.SendAsync(new ClientFrame { Ping = new Ping { Nonce = ulong.MaxValue } });
            Assert.Equal(ulong.MaxValue, (await offender.ExpectAsync(ServerFrame.BodyOneofCase.Pong)).Pong.Nonce);
        }),
        new("absurd segment numbers (height, index, offset, max_bytes)", async c =>
        {
            var offender = await c.LoginAsync();
            await offender.SendAsync(new ClientFrame
            {
                FetchSegment = new FetchSegment { RequestId = ulong.MaxValue, Video = "nope", Height = uint.MaxValue, Index = uint.MaxValue, Offset = ulong.MaxValue, MaxBytes = uint.MaxValue },
            });
            var chunk = await offender.ExpectAsync(ServerFrame.BodyOneofCase.SegmentChunk);
            Assert.Equal(ulong.MaxValue, chunk.SegmentChunk.RequestId);
            Assert.Equal(ErrorCode.RenditionUnavailable, chunk.SegmentChunk.Code); // a height past int.MaxValue is refused first
            Assert.True(chunk.SegmentChunk.Data.IsEmpty);
            await offender.SendAsync(new ClientFrame
            {
                FetchSegment = new FetchSegment { RequestId = 1, Video = "nope", Height = 360, Index = uint.MaxValue, Offset = ulong.MaxValue, MaxBytes = uint.MaxValue },
            });
            Assert.Equal(ErrorCode.UnknownVideo, (await offender.ExpectAsync(ServerFrame.BodyOneofCase.SegmentChunk)).SegmentChunk.Code);
            await offender.ExpectNothingPendingAsync();
        }),
        new("path traversal in video names", async c =>
        {
            var offender = await c.LoginAsync();
            await offender.SendAsync(new ClientFrame { DescribeVideo = new DescribeVideo { RequestId = 1, Video = "../../etc/passwd" } });
            Assert.Equal(ErrorCode.InvalidVideoName, (await offender.ExpectAsync(ServerFrame.BodyOneofCase.VideoDescription)).VideoDescription.Code);
            await offender.SendAsync(new ClientFrame { RequestVideoUrl = new RequestVideoUrl { RequestId = 2, Video = "..%2f..%2fetc%2fpasswd" } });
            var url = (await offender.ExpectAsync(ServerFrame.BodyOneofCase.VideoUrl)).VideoUrl;
            Assert.Contains(url.Code, new[] { ErrorCode.InvalidVideoName, ErrorCode.UnknownVideo });
            Assert.Empty(url.Url);
        }),
        new("send to an unknown name", async c =>
        {
            var offender = await c.LoginAsync();
            Assert.Equal(ErrorCode.UnknownRecipient, (await offender.SendAndWaitAsync("nobody-at-all", new byte[] { 1 })).Code);
        }),
        new("send to an invalid name", async c =>
        {
            var offender = await c.LoginAsync();
            Assert.Equal(ErrorCode.InvalidRequest, (await offender.SendAndWaitAsync("bad\u0000name", new byte[] { 1 })).Code);
            Assert.Equal(ErrorCode.InvalidRequest, (await offender.SendAndWaitAsync(new string('n', 91), new byte[] { 1 })).Code);
        }),
        new("send with an empty sealed payload", async c =>
        {
            var offender = await c.LoginAsync();
            Assert.Equal(ErrorCode.InvalidRequest, (await offender.SendAndWaitAsync(c.Bystanders.Receiver.Name, ReadOnlyMemory<byte>.Empty)).Code);
        }),
        new("sealed payload larger than a frame", async c =>
        {
            var offender = await c.LoginAsync();
            var frame = FrameCodec.ToFrameBytes(new ClientFrame
            {
                Send = new SendMessage { RequestId = 1, To = c.Bystanders.Receiver.Name, Sealed = ByteString.CopyFrom(new byte[offender.Welcome!.MaxFrameBytes]) },
            });

            // Its start only: the server refuses it from the length prefix and closes, and a writer still pushing the
            // rest through TLS would get a broken pipe before it could read the refusal.
            await offender.SendBytesAsync(frame.AsMemory(0, 64 * 1024));
            await offender.ExpectFatalErrorAndCloseAsync(ErrorCode.FrameTooLarge);
        }),

        // Floods. limits helper: per-connection and per-address rates add RATE_LIMITED rows here.
        new("lookup flood (2,000 pipelined)", async c =>
        {
            const int lookups = 2_000;
            var offender = await c.LoginAsync();
            var frames = Enumerable.Range(1, lookups).SelectMany(i => FrameCodec.ToFrameBytes(new ClientFrame
            {
                Lookup = new LookupPeer { RequestId = (ulong)i, Name = "ghost-" + i },
            })).ToArray();
            var sending = offender.SendBytesAsync(frames);
            for (var i = 1; i <= lookups; i++)
            {
                var answer = (await offender.ExpectAsync(ServerFrame.BodyOneofCase.LookupResult)).LookupResult;
                Assert.Equal((ulong)i, answer.RequestId);
                Assert.Equal(ErrorCode.UnknownRecipient, answer.Code);
            }

            await sending;
        }),
        new("send flood to a recipient that does not read", async c =>
        {
            var sink = await c.LoginAsync(receiveBufferBytes: 4096);
            var offender = await c.LoginAsync();
            var payload = new byte[60 * 1024];
            var busy = false;
            for (var i = 0; i < 1_000 && !busy; i++)
            {
                var result = await offender.SendAndWaitAsync(sink.Name, payload);
                Assert.Contains(result.Code, new[] { ErrorCode.Ok, ErrorCode.RecipientBusy });
                busy = result.Code == ErrorCode.RecipientBusy;
            }

            // queues helper: a recipient that makes no progress may instead be cut off with SLOW_CONSUMER.
            Assert.True(busy, "the flood never reached the recipient's queue limit");
        }),
        new("login flood (40 at once, one name)", async c =>
        {
            var flood = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
            {
                var client = await c.ConnectAsync();
                await client.HelloAsync();
                await client.SendLoginAsync("flooder", TestIdentities.First, presence: false);
                return client;
            }));
            var accepted = 0;
            foreach (var client in flood)
            {
                var answer = await client.ReceiveAsync();
                accepted += answer.BodyCase == ServerFrame.BodyOneofCase.LoginAccepted ? 1 : 0;
                Assert.True(
                    answer.BodyCase == ServerFrame.BodyOneofCase.LoginAccepted
                    || (answer.Error is { Fatal: true, Code: ErrorCode.ServerBusy or ErrorCode.TooManyConnections }),
                    $"a flooding login got {answer}");
            }

            Assert.InRange(accepted, 0, ParleyServerOptions.DefaultMaxConnectionsPerName);
        }),
        // limits helper: names per key and registration rates refuse some of these (TOO_MANY_NAMES, RATE_LIMITED).
        new("registration flood (30 new names, one key)", async c =>
        {
            var flood = await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
            {
                var client = await c.HelloAsync();
                await client.SendLoginAsync($"squatter-{i}", TestIdentities.Second, presence: false);
                return client;
            }));
            foreach (var client in flood)
            {
                var answer = await client.ReceiveAsync();
                Assert.True(
                    answer.BodyCase == ServerFrame.BodyOneofCase.LoginAccepted
                    || (answer.Error is { Fatal: true, Code: ErrorCode.ServerBusy or ErrorCode.TooManyNames or ErrorCode.RateLimited }),
                    $"a registering login got {answer}");
            }
        }),
        // limits helper: FRAME_TIMEOUT ends these before the login timeout.
        new("half-sent frames held open (20 connections)", async c =>
        {
            var holders = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
            {
                var client = await c.HelloAsync();
                await client.SendBytesAsync(Prefix(ParleyServerOptions.DefaultMaxLoginFrameBytes));
                await client.SendBytesAsync(new byte[100]);
                return client;
            }));
            await Task.WhenAll(holders.Select(h => h.ExpectFatalErrorAndCloseAsync(ErrorCode.LoginTimeout)));
        }),
        new("a frame before login longer than the pre-login cap", async c =>
        {
            var client = await c.HelloAsync();
            await client.SendBytesAsync(Prefix(ParleyServerOptions.DefaultMaxLoginFrameBytes + 1));
            await client.ExpectFatalErrorAndCloseAsync(ErrorCode.FrameTooLarge);
        }),
        new("half-sent frames after login held open (5 connections)", async c =>
        {
            var holders = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
            {
                var client = await c.LoginAsync();
                await client.SendBytesAsync(Prefix(1000));
                await client.SendBytesAsync(new byte[100]);
                return client;
            }));
            await Task.WhenAll(holders.Select(h => h.ExpectFatalErrorAndCloseAsync(ErrorCode.FrameTimeout)));
        }),
        new("plain TCP (the Parley preamble, as a version-1 client sends it) to the TLS port", async c =>
        {
            await using var plain = await RawClient.ConnectAsync(c.Endpoint, tls: false);
            await plain.SendPreambleAsync();
            var error = await plain.ExpectFatalErrorAndCloseAsync(ErrorCode.UnsupportedVersion);
            Assert.Contains("version 3 over TLS", error.Message, StringComparison.Ordinal);
        }),
        new("a TLS ClientHello record of garbage", async c =>
        {
            await using var garbage = await RawClient.ConnectAsync(c.Endpoint, tls: false);
            var record = new byte[300];
            new Random(7).NextBytes(record);
            record[0] = 0x16;
            record[1] = 0x03;
            record[2] = 0x01;
            record[3] = 0x01;
            record[4] = 0x27;
            await garbage.SendBytesAsync(record);
            await garbage.ExpectClosedAsync();
        }),
        // limits helper: connection caps (TOO_MANY_CONNECTIONS) and the idle timeout after login go here.
        new("300 idle connections that never send", async c =>
        {
            var idle = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => c.ConnectAsync()));
            await Task.WhenAll(idle.Select(i => i.ExpectFatalErrorAndCloseAsync(ErrorCode.LoginTimeout)));
        }),

        // The HTTP (HLS) port, with raw requests so that no client library tidies the path first.
        new("HLS path traversal (plain and percent-encoded)", async c =>
        {
            foreach (var path in TraversalPaths)
            {
                var (status, body) = await c.HttpAsync($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                Assert.True(status is 400 or 403 or 404, $"{path} answered {status}");
                Assert.DoesNotContain("root:", body, StringComparison.Ordinal);
            }
        }),
        new("HLS invalid tokens", async c =>
        {
            foreach (var token in new[] { "not-a-token", new string('A', 4000), "%00", "eyJhbGciOiJub25lIn0" })
            {
                var (status, _) = await c.HttpAsync($"GET /hls/{token}/sample/master.m3u8 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                Assert.True(status is 400 or 403 or 404 or 414 or 431, $"token {token[..Math.Min(20, token.Length)]} answered {status}");
            }
        }),
        new("HLS Range abuse (overlapping, huge, negative, many ranges)", async c =>
        {
            var ranges = string.Join(',', Enumerable.Range(0, 200).Select(i => $"{i}-{i + 1000}"));
            foreach (var range in new[] { "bytes=0-1,0-1,0-1", "bytes=999999999999999999-", "bytes=-5-3", "bytes=" + ranges, "bytes=5-1" })
            {
                var (status, _) = await c.HttpAsync(
                    $"GET /hls/not-a-token/sample/360/seg_00000.ts HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: {range}\r\nConnection: close\r\n\r\n");
                Assert.True(status is 400 or 403 or 404 or 416, $"Range {range[..Math.Min(30, range.Length)]} answered {status}");
            }
        }),
        new("binary garbage to the HTTP port", async c =>
        {
            var (status, _) = await c.HttpAsync("\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003\r\n\r\n");
            Assert.True(status is 0 or 400, $"garbage answered {status}");
        }),
    ];

    // The generated parser refuses a string field that is not UTF-8, so the whole frame is malformed.
    private const ErrorCode InvalidUtf8NameCode = ErrorCode.MalformedFrame;

    [Fact]
    public async Task Every_kind_of_hostile_input_gets_its_clear_error_and_the_bystanders_lose_nothing()
    {
        // Offenders log in under one key with many names: the names-per-key limit has tests of its own (RegistrationLimitTests).
        await using var server = await TestServer.StartAsync(o => o with { LoginTimeout = LoginTimeout, FrameTimeout = LoginTimeout, HttpPort = 0, MaxNamesPerKey = 64 });
        await using var bystanders = await Bystanders.CreateAsync(server);
        var kinds = 0;
        foreach (var row in Rows())
        {
            await using var catalogue = new Catalogue(server, bystanders);
            await bystanders.SendAsync(); // before
            var offence = row.Offend(catalogue);
            await bystanders.SendAsync(); // during
            try
            {
                await offence;
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"row '{row.Kind}': {ex.Message}\n{ex.StackTrace}");
            }

            await bystanders.AssertAllArrivedAsync(row.Kind);
            kinds++;
            output.WriteLine($"ok  {row.Kind}");
        }

        output.WriteLine($"hostile input catalogue: {kinds} kinds tried, all refused clearly; the bystanders lost nothing");
        Console.WriteLine($"hostile input catalogue: {kinds} kinds tried");
        Assert.True(kinds >= 25, $"only {kinds} kinds");
    }

    private static async Task RefusedNameAsync(Catalogue c, string name)
    {
        var offender = await c.HelloAsync();
        await offender.SendLoginAsync(name, TestIdentities.First, presence: false);
        await offender.ExpectFatalErrorAndCloseAsync(ErrorCode.InvalidName);
    }

    private static byte[] Prefix(uint length)
    {
        var prefix = new byte[ProtocolConstants.LengthPrefixBytes];
        BinaryPrimitives.WriteUInt32BigEndian(prefix, length);
        return prefix;
    }

    private static byte[] Framed(params byte[] body) => [.. Prefix((uint)body.Length), .. body];

    /// <summary>What a row may use: connections it owns (closed after the row) and the bystanders.</summary>
    private sealed class Catalogue(TestServer server, Bystanders bystanders) : IAsyncDisposable
    {
        public System.Net.IPEndPoint Endpoint => server.Endpoint;

        private readonly List<RawClient> _clients = [];
        private static int s_names;

        public Bystanders Bystanders => bystanders;

        public async Task<RawClient> ConnectAsync(int? receiveBufferBytes = null)
        {
            var client = await RawClient.ConnectAsync(server.Endpoint, receiveBufferBytes);
            lock (_clients)
            {
                _clients.Add(client);
            }

            return client;
        }

        public async Task<RawClient> HelloAsync()
        {
            var client = await ConnectAsync();
            await client.HelloAsync();
            return client;
        }

        public async Task<RawClient> LoginAsync(int? receiveBufferBytes = null)
        {
            var client = await ConnectAsync(receiveBufferBytes);
            await client.LoginAsync("offender-" + Interlocked.Increment(ref s_names), TestIdentities.First);
            return client;
        }

        /// <summary>Sends raw bytes to the HTTP port; the status code of the answer (0 when it closed without one) and its text.</summary>
        public async Task<(int Status, string Body)> HttpAsync(string request)
        {
            var endpoint = server.Host.HttpEndpoint ?? throw new InvalidOperationException("the HTTP port is off");
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using var timeout = new CancellationTokenSource(RawClient.DefaultTimeout);
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, endpoint.Port), timeout.Token);
            await socket.SendAsync(Encoding.Latin1.GetBytes(request), SocketFlags.None, timeout.Token);
            var answer = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0 && answer.Length < 1 << 20)
            {
                answer.Write(buffer, 0, read);
            }

            var text = Encoding.Latin1.GetString(answer.ToArray());
            var status = text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(text.AsSpan(9, 3), out var code) ? code : 0;
            return (status, text);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var client in _clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    /// <summary>Two innocent clients: one sends to the other before and during every row; all of it must arrive, in order.</summary>
    private sealed class Bystanders : IAsyncDisposable
    {
        private int _sent;
        private int _received;

        private Bystanders(RawClient sender, RawClient receiver)
        {
            Sender = sender;
            Receiver = receiver;
        }

        public RawClient Sender { get; }

        public RawClient Receiver { get; }

        public static async Task<Bystanders> CreateAsync(TestServer server) => new(
            await RawClient.LoginAsync(server.Endpoint, "bystander-sender", TestIdentities.Third),
            await RawClient.LoginAsync(server.Endpoint, "bystander-receiver", TestIdentities.Fourth));

        public async Task SendAsync()
        {
            var result = await Sender.SendAndWaitAsync(Receiver.Name, BitConverter.GetBytes(_sent));
            Assert.Equal(ErrorCode.Ok, result.Code);
            _sent++;
        }

        public async Task AssertAllArrivedAsync(string row)
        {
            while (_received < _sent)
            {
                var delivery = (await Receiver.ExpectAsync(ServerFrame.BodyOneofCase.Delivery)).Delivery;
                Assert.Equal(Sender.Name, delivery.From);
                Assert.True(BitConverter.ToInt32(delivery.Sealed.Span) == _received, $"after '{row}': message {_received} is missing or out of order");
                _received++;
            }

            await Receiver.ExpectNothingPendingAsync();
            await Sender.ExpectNothingPendingAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Sender.DisposeAsync();
            await Receiver.DisposeAsync();
        }
    }
}
