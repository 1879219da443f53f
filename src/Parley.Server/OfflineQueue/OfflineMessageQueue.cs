using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Parley.Protocol;
using Parley.Protocol.Messages;
using Parley.Server.Metrics;
using Parley.Server.Presence;
using Parley.Server.Registry;
using Parley.Server.Sessions;

namespace Parley.Server.OfflineQueue;

/// <summary>
/// Messages for registered names with no connection online (docs/protocol.md §12.2), in <see cref="QueueDatabase"/>.
/// Every change runs on one writer loop, in the order asked, off the socket threads: a sender's read loop awaits only
/// its own store, and consecutive stores share one transaction (one fsync). The bounds (count and bytes per recipient,
/// bytes in all, age) are kept in memory, so checking them costs no query.
/// </summary>
/// <remarks>
/// Order: a login that takes the queue (<see cref="JoinAsync"/>) joins presence on the same loop, with the backlog it
/// just read queued before the session becomes reachable. A store decided "offline" just before that login runs on
/// the loop after it, finds the name online and hands the message to its queue-taking connections at once, before its
/// sender's next frame is read. So no live message overtakes a queued one on the connection that drains the queue.
/// </remarks>
internal sealed partial class OfflineMessageQueue : IAsyncDisposable
{
    private const int MaxOpsPerTransaction = 64;

    private readonly ParleyServerOptions _options;
    private readonly IPresence _presence;
    private readonly ServerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<OfflineMessageQueue> _logger;
    private readonly QueueDatabase _db;
    private readonly Channel<QueueOp> _ops = Channel.CreateBounded<QueueOp>(
        new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    // Only the writer loop touches these (and reads _totalBytes for the gauge).
    private readonly Dictionary<string, (int Count, long Bytes)> _perRecipient = new(StringComparer.Ordinal);
    private long _totalBytes;
    private readonly ITimer _sweep;
    private readonly Task _loop;

    public OfflineMessageQueue(
        ParleyServerOptions options, IPresence presence, ServerMetrics metrics, TimeProvider time, ILogger<OfflineMessageQueue> logger)
    {
        _options = options;
        _presence = presence;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _db = QueueDatabase.Open(options.DataDirectory);
        LoadTotals();
        metrics.ObserveOfflineQueuedBytes(() => Volatile.Read(ref _totalBytes));
        _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        var period = TimeSpan.FromTicks(Math.Clamp(options.QueueMaxAge.Ticks / 4, TimeSpan.TicksPerSecond, TimeSpan.TicksPerHour));
        _sweep = time.CreateTimer(static state => ((OfflineMessageQueue)state!)._ops.Writer.TryWrite(new SweepOp()), this, period, period);
    }

    /// <summary>Messages stored in all queues now.</summary>
    public long TotalBytes => Volatile.Read(ref _totalBytes);

    /// <summary>Stores a message for <paramref name="recipient"/>, which had no connection online. Completes once it is on disk (or refused).</summary>
    public async Task<StoreOutcome> StoreAsync(RegisteredName recipient, string sender, byte[] sealedBytes)
    {
        var op = new StoreOp(recipient, sender, sealedBytes);
        return await TryPostAsync(op) ? await op.Done.Task : StoreOutcome.Failed;
    }

    /// <summary>
    /// Joins <paramref name="session"/> to presence with the name's queue: LoginAccepted (queued_count), the roster, then
    /// every queued delivery in order, and only then is the session reachable. Expired messages are deleted first.
    /// </summary>
    /// <exception cref="ProtocolViolationException">The server is stopping.</exception>
    public async Task JoinAsync(ClientSession session, RegisteredName identity, bool newlyRegistered, PrekeyStatus? prekeys = null)
    {
        var op = new JoinOp(session, identity, newlyRegistered, prekeys);
        if (!await TryPostAsync(op))
        {
            throw new ProtocolViolationException(ErrorCode.ServerShuttingDown, "the server is shutting down");
        }

        await op.Done.Task;
    }

    /// <summary>AckQueued: deletes the name's queued messages with seq &lt;= <paramref name="upTo"/>. Not waited for.</summary>
    public ValueTask AcknowledgeAsync(RegisteredName name, ulong upTo) =>
        upTo == 0 ? ValueTask.CompletedTask : new ValueTask(TryPostAsync(new AckOp(name.Name, (long)Math.Min(upTo, long.MaxValue))));

    /// <summary>Stops taking work, finishes what was asked (so nothing answered "queued" is lost), and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        await _sweep.DisposeAsync();
        _ops.Writer.TryComplete();
        await _loop;
        _db.Dispose();
    }

    private async Task<bool> TryPostAsync(QueueOp op)
    {
        try
        {
            await _ops.Writer.WriteAsync(op);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<QueueOp>(MaxOpsPerTransaction);
        while (await _ops.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxOpsPerTransaction && _ops.Reader.TryRead(out var op))
            {
                batch.Add(op);
            }

            RunBatch(batch);
            batch.Clear();
        }
    }

    private void RunBatch(List<QueueOp> batch)
    {
        try
        {
            using (var transaction = _db.Begin())
            {
                foreach (var op in batch)
                {
                    op.Run(this);
                }

                transaction.Commit();
            }
        }
        catch (SqliteException ex)
        {
            LogFailed(_logger, ex, batch.Count);
            LoadTotals(); // the transaction was rolled back: what is in memory follows the file again
            foreach (var op in batch)
            {
                op.Failed(this);
            }

            return;
        }

        // In order, after the commit: a sender hears "queued" only once it is on disk.
        foreach (var op in batch)
        {
            op.Committed(this);
        }
    }

    private void LoadTotals()
    {
        _perRecipient.Clear();
        long total = 0;
        foreach (var (recipient, count, bytes) in _db.Totals())
        {
            _perRecipient[recipient] = (count, bytes);
            total += bytes;
        }

        Volatile.Write(ref _totalBytes, total);
    }

    private void Account(string recipient, int count, long bytes)
    {
        var (had, hadBytes) = _perRecipient.GetValueOrDefault(recipient);
        if (had + count <= 0)
        {
            _perRecipient.Remove(recipient);
        }
        else
        {
            _perRecipient[recipient] = (had + count, hadBytes + bytes);
        }

        Volatile.Write(ref _totalBytes, _totalBytes + bytes);
    }

    private void DeleteExpired(string recipient)
    {
        var (count, bytes) = _db.DeleteExpired(recipient, ExpiryCutoffMs());
        if (count > 0)
        {
            Account(recipient, -count, -bytes);
            _metrics.OfflineExpired(count);
        }
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private long ExpiryCutoffMs() => NowMs() - (long)_options.QueueMaxAge.TotalMilliseconds;

    private QueuedFrame DeliveryOf(QueuedMessage message) => QueuedFrame.Of(new ServerFrame
    {
        Delivery = new Delivery
        {
            From = message.Sender,
            Sealed = Google.Protobuf.UnsafeByteOperations.UnsafeWrap(message.Sealed),
            QueueSeq = (ulong)message.Seq,
            QueuedForSeconds = WaitedSeconds(message.QueuedAtMs, NowMs()),
        },
    });

    /// <summary>
    /// The wire carries how long a message waited, not when it was stored: a few bytes fewer, and the recipient needs
    /// no agreement with this server's clock. Whole seconds, 0 if the clock went back since.
    /// </summary>
    private static uint WaitedSeconds(long queuedAtMs, long nowMs) =>
        queuedAtMs >= nowMs ? 0 : (uint)Math.Min((nowMs - queuedAtMs) / 1000, uint.MaxValue);

    [LoggerMessage(EventId = 400, Level = LogLevel.Error, Message = "The offline queue could not write {Operations} changes; they were refused")]
    private static partial void LogFailed(ILogger logger, Exception exception, int operations);

    private abstract class QueueOp
    {
        /// <summary>Inside the batch's transaction.</summary>
        public abstract void Run(OfflineMessageQueue queue);

        /// <summary>After the commit, in order.</summary>
        public virtual void Committed(OfflineMessageQueue queue)
        {
        }

        /// <summary>The batch was rolled back.</summary>
        public virtual void Failed(OfflineMessageQueue queue)
        {
        }
    }

    private sealed class StoreOp(RegisteredName recipient, string sender, byte[] sealedBytes) : QueueOp
    {
        private StoreOutcome _outcome;
        private QueuedMessage? _stored;

        public TaskCompletionSource<StoreOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Run(OfflineMessageQueue queue)
        {
            var options = queue._options;
            var (count, bytes) = queue._perRecipient.GetValueOrDefault(recipient.Name);
            if (count > 0 && count >= options.QueueMaxMessagesPerRecipient)
            {
                // Expired messages still count until deleted: delete them now rather than refuse for their sake.
                queue.DeleteExpired(recipient.Name);
                (count, bytes) = queue._perRecipient.GetValueOrDefault(recipient.Name);
            }

            _outcome = count >= options.QueueMaxMessagesPerRecipient ? StoreOutcome.RecipientFullCount
                : bytes + sealedBytes.Length > options.QueueMaxBytesPerRecipient ? StoreOutcome.RecipientFullBytes
                : queue._totalBytes + sealedBytes.Length > options.QueueMaxTotalBytes ? StoreOutcome.ServerFull
                : StoreOutcome.Stored;
            if (_outcome != StoreOutcome.Stored)
            {
                return;
            }

            var now = queue.NowMs();
            var seq = queue._db.Insert(recipient.Name, sender, sealedBytes, now);
            queue.Account(recipient.Name, 1, sealedBytes.Length);
            _stored = new QueuedMessage(seq, sender, sealedBytes, now);
        }

        public override void Committed(OfflineMessageQueue queue)
        {
            if (_stored is not null)
            {
                queue._metrics.OfflineStored(sealedBytes.Length);

                // The name came online with the queue while this was decided: its draining connections get it now.
                if (queue._presence.FindByKey(recipient.Key) is { } online)
                {
                    var frame = queue.DeliveryOf(_stored);
                    foreach (var session in online.Sessions)
                    {
                        if (session.ReceivesQueued)
                        {
                            session.SendOrDrop(frame);
                            queue._metrics.OfflineDelivered(1);
                        }
                    }
                }
            }
            else
            {
                queue._metrics.OfflineRefused(_outcome switch
                {
                    StoreOutcome.RecipientFullCount => "count",
                    StoreOutcome.RecipientFullBytes => "bytes",
                    _ => "total",
                });
            }

            Done.TrySetResult(_outcome);
        }

        public override void Failed(OfflineMessageQueue queue)
        {
            queue._metrics.OfflineRefused("failed");
            Done.TrySetResult(StoreOutcome.Failed);
        }
    }

    private sealed class JoinOp(ClientSession session, RegisteredName identity, bool newlyRegistered, PrekeyStatus? prekeys) : QueueOp
    {
        private List<QueuedMessage> _backlog = [];

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Run(OfflineMessageQueue queue)
        {
            if (!queue._perRecipient.ContainsKey(identity.Name))
            {
                return;
            }

            queue.DeleteExpired(identity.Name);

            // The backlog goes into the connection's outbox at once, a frame each: at most half its frames (by default
            // 4,096, more than QueueMaxMessagesPerRecipient); a longer queue is handed over in parts, one per login.
            _backlog = queue._db.Load(identity.Name, Math.Max(1, queue._options.OutboundQueueCapacity / 2));
        }

        public override void Committed(OfflineMessageQueue queue)
        {
            var frames = _backlog.ConvertAll(queue.DeliveryOf);
            queue._presence.Join(session, identity, newlyRegistered, prekeys, frames);
            queue._metrics.OfflineDelivered(frames.Count);
            Done.TrySetResult();
        }

        // The name still logs in, without its queue this time; it stays stored for the next login.
        public override void Failed(OfflineMessageQueue queue)
        {
            _backlog = [];
            Committed(queue);
        }
    }

    private sealed class AckOp(string recipient, long upTo) : QueueOp
    {
        public override void Run(OfflineMessageQueue queue)
        {
            if (!queue._perRecipient.ContainsKey(recipient))
            {
                return;
            }

            var (count, bytes) = queue._db.DeleteUpTo(recipient, upTo);
            if (count > 0)
            {
                queue.Account(recipient, -count, -bytes);
                queue._metrics.OfflineAcknowledged(count);
            }
        }
    }

    private sealed class SweepOp : QueueOp
    {
        public override void Run(OfflineMessageQueue queue)
        {
            foreach (var recipient in queue._db.RecipientsWithExpired(queue.ExpiryCutoffMs()))
            {
                queue.DeleteExpired(recipient);
            }
        }
    }
}
