using System.Globalization;
using Google.Protobuf;
using Parley.Bench.Crypto.Sessions;
using Parley.Bench.Measurement;
using Parley.Crypto;
using Parley.Protocol;
using Parley.Protocol.Messages;

namespace Parley.Bench.Crypto.Wire;

/// <summary>
/// <c>wire</c>: the bytes one text message costs on the wire, from really sealed messages put into frames by the
/// real encoder (<see cref="FrameCodec"/>, length prefix included): the sender's <c>SendMessage</c>, and the
/// recipient's <c>Delivery</c> live and from the offline queue. Names "alice" and "bob", request id 100.
/// </summary>
internal static class WireSizes
{
    public const int Target = 350;
    private const ulong RequestId = 100;
    private static readonly int[] s_textBytes = [1, 64, 256, 1024];

    /// <summary>A realistic queued delivery: the name's 1,000th queued message, after an hour offline.</summary>
    private static readonly Queued s_typical = new("queued Delivery, 1 h", "seq 1,000, waited 1 h", 1_000, 3_600);

    /// <summary>
    /// The longest wait the server keeps a message by default (30 days, ParleyServerOptions.DefaultQueueMaxAge, `--queue-max-age`),
    /// for a name that has had a million messages queued in its life (queue_seq is never reused, so only that bounds it).
    /// </summary>
    private static readonly Queued s_longest = new("queued Delivery, 30 days", "seq 1,000,000, waited 30 days", 1_000_000, 30 * 86_400);

    public static string Table()
    {
        using var identities = BenchIdentities.Generate();
        var table = new Table(
            "text B", "envelope", "sealed B", "SendMessage frame B", "Delivery frame B", $"{s_typical.Name} frame B", $"{s_longest.Name} frame B", "over 350 (256 B texts)");
        var verdicts = new List<string>();
        foreach (var bytes in s_textBytes)
        {
            var text = new string('x', bytes);
            var now = DateTimeOffset.UtcNow;
            Add(table, bytes, "format 1 (RSA hybrid)", MessageSealer.Seal(identities.Alice, "alice", identities.Bob.PublicKey, "bob", text, now));

            using var alice = SessionParty.InMemory("alice", identities.Alice);
            using var bob = SessionParty.InMemory("bob", identities.Bob);
            var content = Conversation.Text(bytes);
            var first = alice.Seal(bob, content);
            bob.Open(alice, first.Envelope);
            Add(table, bytes, "format 2, first messages (initial header)", first.Envelope);
            Conversation.SealAndOpen(bob, alice, Conversation.Text(5));
            var later = Add(table, bytes, "format 2, later messages", alice.Seal(bob, content).Envelope);
            if (bytes == 256)
            {
                verdicts.AddRange(later.Select(f => $"{f.Name + ":",-26} {f.Bytes} B: {(f.Bytes <= Target ? "meets it" : $"over by {f.Bytes - Target}")}"));
            }
        }

        return table + $"""

            A 256-byte text in a session (format 2, later messages) against issue 13's target of {Target} bytes:
              {string.Join("\n  ", verdicts)}

            Frames as FrameCodec writes them, length prefix included. Issue 13's target: at most 350 bytes for a 256-byte text.
            A send to a pinned key (`parley send` to a pinned name) also carries `recipient_key_id`: 34 bytes more in `SendMessage`.
            "{s_typical.Name}" is a Delivery from the offline queue with {s_typical.Values}; "{s_longest.Name}" one with {s_longest.Values}
            (the longest the server keeps a message by default; `queue_seq` counts every message ever queued for the name).
            A queued Delivery adds two varint fields to a live one (bytes with their tag): `queue_seq`, the name's how-many-th
            queued message (2 below 128, 3 below 16,384, 4 below 2,097,152, 5 below 268,435,456), and `queued_for_seconds`,
            how long it waited (none under 1 s, 2 under 128 s, 3 under 4.5 h, 4 under 24 days, 5 up to the 30-day default
            `--queue-max-age`, 6 at its 10-year maximum).
            A format-2 text carries `sent_at_ms` (7 bytes) beside the text; the sealed bytes are a `SessionMessage` (docs/sessions.md §7, §13).
            """;
    }

    private static (string Name, int Bytes)[] Add(Table table, int textBytes, string envelope, byte[] sealedBytes)
    {
        var wrapped = UnsafeByteOperations.UnsafeWrap(sealedBytes);
        var send = FrameCodec.ToFrameBytes(new ClientFrame { Send = new SendMessage { RequestId = RequestId, To = "bob", Sealed = wrapped } }).Length;
        var delivery = FrameCodec.ToFrameBytes(new ServerFrame { Delivery = new Delivery { From = "alice", Sealed = wrapped } }).Length;
        (string Name, int Bytes)[] frames =
            [("SendMessage", send), ("Delivery", delivery), (s_typical.Name, s_typical.FrameBytes(wrapped)), (s_longest.Name, s_longest.FrameBytes(wrapped))];
        string[] over = [.. frames.Where(f => f.Bytes > Target).Select(f => f.Name)];
        var verdict = textBytes != 256 ? "" : over.Length == 0 ? "none" : string.Join(", ", over);
        table.Add(
            [
                textBytes.ToString(CultureInfo.InvariantCulture),
                envelope,
                sealedBytes.Length.ToString("N0", CultureInfo.InvariantCulture),
                .. frames.Select(f => f.Bytes.ToString("N0", CultureInfo.InvariantCulture)),
                verdict,
            ]);
        return frames;
    }

    private sealed record Queued(string Name, string Values, ulong QueueSeq, uint QueuedForSeconds)
    {
        public int FrameBytes(ByteString wrapped) => FrameCodec.ToFrameBytes(new ServerFrame
        {
            Delivery = new Delivery { From = "alice", Sealed = wrapped, QueueSeq = QueueSeq, QueuedForSeconds = QueuedForSeconds },
        }).Length;
    }
}
