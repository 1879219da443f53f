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

    public static string Table()
    {
        using var identities = BenchIdentities.Generate();
        var table = new Table("text B", "envelope", "sealed B", "SendMessage frame B", "Delivery frame B", "queued Delivery frame B", "over 350 (256 B texts)");
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
            Add(table, bytes, "format 2, later messages", alice.Seal(bob, content).Envelope);
        }

        return table + """

            Frames as FrameCodec writes them, length prefix included. Issue 13's target: at most 350 bytes for a 256-byte text.
            A send to a pinned key (`parley send` to a pinned name) also carries `recipient_key_id`: 34 bytes more in `SendMessage`.
            A queued Delivery also carries `queue_seq` and `queued_at_ms`: about 10 bytes more than a live one.
            A format-2 text carries `sent_at_ms` (7 bytes) beside the text; the sealed bytes are a `SessionMessage` (docs/sessions.md §7, §13).
            """;
    }

    private static void Add(Table table, int textBytes, string envelope, byte[] sealedBytes)
    {
        var wrapped = UnsafeByteOperations.UnsafeWrap(sealedBytes);
        var send = FrameCodec.ToFrameBytes(new ClientFrame { Send = new SendMessage { RequestId = RequestId, To = "bob", Sealed = wrapped } }).Length;
        var delivery = FrameCodec.ToFrameBytes(new ServerFrame { Delivery = new Delivery { From = "alice", Sealed = wrapped } }).Length;
        var queued = FrameCodec.ToFrameBytes(new ServerFrame
        {
            Delivery = new Delivery { From = "alice", Sealed = wrapped, QueueSeq = 1_000, QueuedAtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
        }).Length;
        string[] over = [.. new[] { ("SendMessage", send), ("Delivery", delivery), ("queued Delivery", queued) }.Where(f => f.Item2 > Target).Select(f => f.Item1)];
        var verdict = textBytes != 256 ? "" : over.Length == 0 ? "none" : string.Join(", ", over);
        table.Add(
            textBytes.ToString(CultureInfo.InvariantCulture),
            envelope,
            sealedBytes.Length.ToString("N0", CultureInfo.InvariantCulture),
            send.ToString("N0", CultureInfo.InvariantCulture),
            delivery.ToString("N0", CultureInfo.InvariantCulture),
            queued.ToString("N0", CultureInfo.InvariantCulture),
            verdict);
    }
}
