using Parley.Client;

namespace Parley.Cli.Output;

/// <summary>
/// The messages this chat sent, by <see cref="SendOutcome.MessageId"/>, so a delivery receipt can say which one was
/// opened. Bounded: past <see cref="Capacity"/> the oldest are forgotten, and a receipt for one shows its short id.
/// </summary>
internal sealed class SentMessages
{
    public const int Capacity = 1_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Text, DateTimeOffset At)> _byId = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public void Remember(SendOutcome outcome, string text, DateTimeOffset at)
    {
        if (outcome.MessageId is not { } id)
        {
            return;
        }

        lock (_gate)
        {
            if (!_byId.TryAdd(id, (text, at)))
            {
                return;
            }

            _order.Enqueue(id);
            if (_order.Count > Capacity)
            {
                _byId.Remove(_order.Dequeue());
            }
        }
    }

    public bool TryGet(string id, out string text, out DateTimeOffset at)
    {
        lock (_gate)
        {
            var found = _byId.TryGetValue(id, out var sent);
            (text, at) = sent;
            return found;
        }
    }
}
