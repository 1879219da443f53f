using System.Text;
using System.Text.Json.Nodes;
using Parley.Crypto.Sessions;

namespace Parley.Bench.Vectors;

/// <summary>
/// docs/vectors/session-names.json (docs/sessions.md §5): the names every session message binds into its associated
/// data, for a few spellings, and ratchet.json's first message sealed again with alice's and bob's names bound.
/// </summary>
internal static class SessionNameVectors
{
    private static readonly (string Sender, string Recipient)[] s_cases =
    [
        ("alice", "bob"),
        ("Alice", "BOB"),
        ("zoe\u0308", "Straße"),
        ("ｂｏｂ", "山田tarō"),
    ];

    public static JsonObject Build(InitiatorAgreement agreement, P256KeyPair bobSigned, byte[] aliceFirstRatchetPrivate, byte[] bobFirstRatchetPrivate)
    {
        var cases = new JsonArray();
        foreach (var (sender, recipient) in s_cases)
        {
            var names = new SessionNames(sender, recipient);
            cases.Add(new JsonObject
            {
                ["sender"] = sender,
                ["recipient"] = recipient,
                ["bound_sender"] = names.Sender,
                ["bound_recipient"] = names.Recipient,
                ["bound_hex"] = Hex(names.Bound),
            });
        }

        var aliceToBob = new SessionNames("alice", "bob");
        using var alice = RatchetSession.StartAsInitiator(agreement, P256KeyPair.FromPrivate(aliceFirstRatchetPrivate), new QueuedEntropy());
        var responder = new ResponderAgreement(agreement.SharedSecret, agreement.AssociatedData, agreement.Header.SignedPrekeyId, agreement.Header.OneTimePrekeyId, agreement.Header.EphemeralKey);
        using var bob = RatchetSession.StartAsResponder(responder, bobSigned, new QueuedEntropy(bobFirstRatchetPrivate));
        const string text = "a0";
        var message = alice.Seal(Encoding.UTF8.GetBytes(text), aliceToBob.Bound);
        RatchetHeader.Decode(message, out var headerLength);
        if (Encoding.UTF8.GetString(bob.Open(message, aliceToBob.Bound)) != text)
        {
            throw new InvalidOperationException("the names vector's message does not open");
        }

        return new JsonObject
        {
            ["about"] = "Parley session message names, version 1 (docs/sessions.md §5). Each name enters as the UTF-8 of its NFC spelling " +
                "up to case (Unicode simple uppercase, then simple lowercase, then NFC: docs/protocol.md §5.2); bound_hex is " +
                "\"PARLEY-SESSION-NAMES-V1\" 0x00 | uint32be len | sender | uint32be len | recipient, never sent. The GCM associated data " +
                "of every session message is the session AD | the ratchet header | bound_hex. message continues ratchet.json: its first " +
                "message a0 from alice to bob, sealed with the names alice and bob bound. TEST KEYS ONLY.",
            ["cases"] = cases,
            ["message"] = new JsonObject
            {
                ["sender"] = "alice",
                ["recipient"] = "bob",
                ["text"] = text,
                ["bound_hex"] = Hex(aliceToBob.Bound),
                ["associated_data_hex"] = Hex([.. agreement.AssociatedData, .. message.AsSpan(0, headerLength), .. aliceToBob.Bound]),
                ["message_hex"] = Hex(message),
            },
        };
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
