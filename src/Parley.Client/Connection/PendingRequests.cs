using System.Collections.Concurrent;
using Parley.Protocol.Messages;

namespace Parley.Client.Connection;

/// <summary>
/// Requests waiting for their answer, matched by request id: SendResult, LookupResult, Pong and
/// whatever request/answer frames later protocol additions bring. Ids are never reused on a connection.
/// </summary>
internal sealed class PendingRequests
{
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource<ServerFrame>> _waiting = new();
    private long _lastId;
    private Exception? _failure;

    public int Count => _waiting.Count;

    /// <summary>Reserves a fresh id whose answer <see cref="TryComplete"/> will deliver.</summary>
    public (ulong Id, Task<ServerFrame> Answer) Begin()
    {
        var id = (ulong)Interlocked.Increment(ref _lastId);
        var answer = new TaskCompletionSource<ServerFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = answer;
        if (Volatile.Read(ref _failure) is { } failure)
        {
            _waiting.TryRemove(id, out _);
            answer.TrySetException(failure);
        }

        return (id, answer.Task);
    }

    /// <summary>False when nobody waits for that id (already answered, cancelled, or never asked).</summary>
    public bool TryComplete(ulong id, ServerFrame answer) =>
        _waiting.TryRemove(id, out var waiting) && waiting.TrySetResult(answer);

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
                waiting.TrySetException(failure);
            }
        }
    }
}
