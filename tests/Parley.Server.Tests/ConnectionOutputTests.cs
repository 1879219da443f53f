using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Parley.Server.Transports.Tcp;

namespace Parley.Server.Tests;

public sealed class ConnectionOutputTests
{
    private const int FullRecordPlaintext = 16 * 1024;

    [Fact]
    public async Task Over_tls_small_frames_flushed_together_leave_in_full_16_KiB_records()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, ct);
        using var accepted = await listener.AcceptTcpClientAsync(ct);
        var socketWrites = new WrittenBytes(accepted.GetStream());
        var serverHandshake = TestTls.AcceptAsync(socketWrites, TestTls.OwnCertificate, ct);
        var (clientTls, _, _) = await TestTls.ConnectAsync(client.GetStream(), ct);
        await using var clientSide = clientTls;
        await using var serverTls = await serverHandshake;
        socketWrites.Bytes.SetLength(0);

        var connection = new DefaultConnectionContext("test");
        connection.Features.Set<ISslStreamFeature>(new SslStreamFeature(serverTls));
        var output = ConnectionOutput.Of(connection);
        const int frames = 40;
        const int frameBytes = 1_000;
        var reading = ReadAsync(clientSide, frames * frameBytes, ct);
        for (var i = 0; i < frames; i++)
        {
            output.Write(new byte[frameBytes]);
        }

        await output.FlushAsync(ct);
        await reading;

        // Kestrel's own TLS pipe hands SslStream 4 KiB at a time: ten records of ~4 KiB for these 40,000 bytes.
        var records = RecordLengths(socketWrites.Bytes.ToArray());
        Assert.True(records.Count(length => length > FullRecordPlaintext) >= 2, $"TLS records: {string.Join(", ", records)}");
        Assert.True(records.Count <= 4, $"TLS records: {string.Join(", ", records)}");
    }

    [Fact]
    public void Without_tls_frames_go_to_the_transport_itself()
    {
        var socket = new Pipe();
        var connection = new DefaultConnectionContext("test") { Transport = new DuplexPipe(socket.Reader, socket.Writer) };
        Assert.Same(socket.Writer, ConnectionOutput.Of(connection));
    }

    /// <summary>The lengths of the TLS records in <paramref name="bytes"/> (5-byte headers: type, version, length).</summary>
    private static List<int> RecordLengths(byte[] bytes)
    {
        var lengths = new List<int>();
        for (var at = 0; at + 5 <= bytes.Length;)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at + 3, 2));
            lengths.Add(length);
            at += 5 + length;
        }

        return lengths;
    }

    private static async Task ReadAsync(Stream stream, int bytes, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        for (var read = 0; read < bytes;)
        {
            var got = await stream.ReadAsync(buffer, ct);
            Assert.NotEqual(0, got);
            read += got;
        }
    }

    private sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    private sealed class SslStreamFeature(SslStream stream) : ISslStreamFeature
    {
        public SslStream SslStream => stream;
    }

    /// <summary>The socket under the server's TLS: keeps every byte written to it.</summary>
    private sealed class WrittenBytes(Stream inner) : Stream
    {
        public MemoryStream Bytes { get; } = new();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count)
        {
            Bytes.Write(buffer, offset, count);
            inner.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Bytes.Write(buffer.Span);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
