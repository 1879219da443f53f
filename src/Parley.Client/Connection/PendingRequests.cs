using System.Collections.Concurrent;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Client.Connection;

/// <summary>
/// Requests waiting for their answer, matched by request id: SendResult, LookupResult, Pong and whatever
/// request/answer frames later protocol additions bring (<see cref="AnswerIds"/>). Ids are never reused on a connection
/// and are taken in the order the frames are written, so send ids increase on the wire as protocol v3 requires.
/// Sends are also answered together: a SendAcks completes every waiting send up to its <c>up_to</c> (docs/protocol.md §12.3).
/// Every answer is checked against what was asked; one that cannot be right is the server breaking the protocol.
/// </summary>
internal sealed class PendingRequests
{
    private readonly ConcurrentDictionary<ulong, Waiting> _waiting = new();

    // Ids of sends in the order they were written; the front ones are dropped once answered or acknowledged.
    private readonly ConcurrentQueue<ulong> _sends = new();
    private long _lastId;
    private ulong _highestSendId;
    private ulong _acknowledgedUpTo;
    private Exception? _failure;

    public int Count => _waiting.Count;

    /// <summary>
    /// Reserves a fresh id and builds the request with it; <see cref="Answer"/> delivers its answer. Called where the
    /// frame is written, under the connection's write lock, so ids reach the server in increasing order.
    /// </summary>
    public (ulong Id, ClientFrame Request, Task<ServerFrame> Answer) Begin(Func<ulong, ClientFrame> build)
    {
        var id = (ulong)Interlocked.Increment(ref _lastId);
        var request = build(id);
        var answer = new TaskCompletionSource<ServerFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        var expected = AnswerIds.ExpectedFor(request.BodyCase);
        _waiting[id] = new Waiting(answer, expected);
        if (expected == ServerFrame.BodyOneofCase.SendResult)
        {
            _sends.Enqueue(id);
            Volatile.Write(ref _highestSendId, id);
        }

        if (Volatile.Read(ref _failure) is { } failure)
        {
            _waiting.TryRemove(id, out _);
            answer.TrySetException(failure);
        }

        return (id, request, answer.Task);
    }

    /// <summary>An answer frame carrying <paramref name="id"/>; ignored when nobody waits for it (cancelled, or a heartbeat's Pong).</summary>
    /// <exception cref="ProtocolViolationException">The answer is not of the kind asked for, or a SendResult answers no send of this client.</exception>
    public void Answer(ulong id, ServerFrame answer)
    {
        if (answer.BodyCase == ServerFrame.BodyOneofCase.SendResult)
        {
            CheckSendResult(id);
        }

        if (!_waiting.TryGetValue(id, out var waiting))
        {
            return;
        }

        if (waiting.Expected != ServerFrame.BodyOneofCase.None && waiting.Expected != answer.BodyCase)
        {
            throw new ProtocolViolationException(
                ErrorCode.UnexpectedFrame, $"the server answered request {id} with {answer.BodyCase}; a {waiting.Expected} was due");
        }

        if (_waiting.TryRemove(id, out _))
        {
            waiting.Answer.TrySetResult(answer);
        }

        DropAnsweredSends();
    }

    /// <summary>SendAcks: every send with an id up to <paramref name="upTo"/> still waiting was delivered.</summary>
    /// <exception cref="ProtocolViolationException"><paramref name="upTo"/> is above every send made, or does not advance.</exception>
    public void AcknowledgeSends(ulong upTo, ServerFrame acks)
    {
        var highest = Volatile.Read(ref _highestSendId);
        if (upTo > highest)
        {
            throw new ProtocolViolationException(
                ErrorCode.UnexpectedFrame,
                $"it acknowledged sends up to request {upTo}, but this client has sent none above {highest}");
        }

        if (upTo <= _acknowledgedUpTo)
        {
            throw new ProtocolViolationException(
                ErrorCode.UnexpectedFrame, $"it acknowledged sends up to request {upTo} after already acknowledging up to {_acknowledgedUpTo}");
        }

        _acknowledgedUpTo = upTo;
        while (_sends.TryPeek(out var id) && id <= upTo)
        {
            _sends.TryDequeue(out _);
            if (_waiting.TryRemove(id, out var waiting))
            {
                waiting.Answer.TrySetResult(acks);
            }
        }
    }

    /// <summary>The caller gave up (cancelled or could not send): a late answer is then ignored.</summary>
    public void Abandon(ulong id) => _waiting.TryRemove(id, out _);

    /// <summary>Fails every waiting request and every later <see cref="Begin"/>: the connection is gone.</summary>
    public void FailAll(Exception failure)
    {
        Volatile.Write(ref _failure, failure);
        foreach (var id in _waiting.Keys)
        {
            if (_waiting.TryRemove(id, out var waiting))
            {
                waiting.Answer.TrySetException(failure);
            }
        }
    }

    // A SendResult is written before the SendAcks covering its send, and only for a send that was made.
    private void CheckSendResult(ulong id)
    {
        if (id > Volatile.Read(ref _highestSendId))
        {
            throw new ProtocolViolationException(
                ErrorCode.UnexpectedFrame, $"it sent a SendResult for request {id}, which is no send of this client");
        }

        if (id <= _acknowledgedUpTo)
        {
            throw new ProtocolViolationException(
                ErrorCode.UnexpectedFrame, $"it sent a SendResult for request {id} after acknowledging sends up to {_acknowledgedUpTo}");
        }
    }

    // Sends answered by a SendResult of their own (or abandoned) leave the front of the queue, so it holds only those in
    // flight. Only the read loop takes from the queue.
    private void DropAnsweredSends()
    {
        while (_sends.TryPeek(out var id) && !_waiting.ContainsKey(id))
        {
            _sends.TryDequeue(out _);
        }
    }

    private readonly record struct Waiting(TaskCompletionSource<ServerFrame> Answer, ServerFrame.BodyOneofCase Expected);
}
