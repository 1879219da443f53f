using Parley.Client;
using Parley.Protocol;

namespace Parley.Cli.Output;

/// <summary>
/// The messages this chat sent, by <see cref="SendOutcome.MessageId"/>, so a delivery receipt can say which one was
/// opened. Bounded: past <see cref="Capacity"/> the oldest are forgotten, and a receipt for one shows its short id.
/// A message is named only in a receipt from the name it was sent to (up to case): ids are computable by whoever
/// relays the session's headers, so another peer's receipt could otherwise claim to have opened it.
/// </summary>
internal sealed class SentMessages
{
    public const int Capacity = 1_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string To, string Text, DateTimeOffset At)> _byId = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public void Remember(SendOutcome outcome, string text, DateTimeOffset at)
    {
        if (outcome.MessageId is not { } id)
        {
            return;
        }

        lock (_gate)
        {
            if (!_byId.TryAdd(id, (CaseFold(outcome.To), text, at)))
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

    /// <summary>The message <paramref name="id"/>, if it was sent to <paramref name="from"/> (the receipt's sender).</summary>
    public bool TryGet(string id, string from, out string text, out DateTimeOffset at)
    {
        lock (_gate)
        {
            var found = _byId.TryGetValue(id, out var sent) && sent.To == CaseFold(from);
            (text, at) = found ? (sent.Text, sent.At) : (string.Empty, default);
            return found;
        }
    }

    private static string CaseFold(string name) => NameRules.TryNormalize(name, out var normalized, out _) ? NameRules.CaseFoldKey(normalized) : name;
}
