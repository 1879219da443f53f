using System.IO.Pipelines;
using Parley.Server.Transports.Tcp;

namespace Parley.Server.Tests;

public sealed class RecordBatchingWriterTests
{
    private const int Record = 16 * 1024;

    [Fact]
    public async Task Records_written_by_tls_reach_the_socket_only_when_it_flushes_and_then_together()
    {
        var socket = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var tls = new RecordBatchingWriter(socket.Writer);

        for (var i = 0; i < 4; i++)
        {
            var written = await tls.WriteAsync(new byte[Record]);
            Assert.False(written.IsCompleted || written.IsCanceled);
        }

        Assert.False(socket.Reader.TryRead(out _));
        await tls.FlushAsync();
        Assert.True(socket.Reader.TryRead(out var sent));
        Assert.Equal(4 * Record, sent.Buffer.Length);
    }

    [Fact]
    public async Task A_write_past_the_bound_is_sent_without_waiting_for_a_flush()
    {
        var socket = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var tls = new RecordBatchingWriter(socket.Writer);

        for (var written = 0; written < RecordBatchingWriter.MaxUnflushedBytes; written += Record)
        {
            Assert.False(socket.Reader.TryRead(out _));
            await tls.WriteAsync(new byte[Record]);
        }

        Assert.True(socket.Reader.TryRead(out var sent));
        Assert.Equal(RecordBatchingWriter.MaxUnflushedBytes, sent.Buffer.Length);
    }
}
