using System.Buffers.Binary;
using System.Text;
using Parley.Protocol;

namespace Parley.Crypto.Sessions;

/// <summary>
/// Who a session message is from and to, by name: bound into its associated data (docs/sessions.md §5) and never
/// sent. A key may own several names, and sessions are between keys, so without this a server could hand a message
/// for "bob" to "bob-work" or relabel alice's message as one from "alice2". Each name enters as the UTF-8 of its
/// spelling up to case (<see cref="NameRules.CaseFoldKey"/> of the NFC name): the sender writes its own registered
/// name and the recipient's as the server reported it, the recipient its own login name and the delivery's sender,
/// and both get the same bytes whatever case either side was given, and whatever ICU either side has.
/// </summary>
public sealed class SessionNames
{
    /// <summary>The domain label that starts <see cref="Bound"/>, so these bytes mean nothing to any other transcript.</summary>
    public static ReadOnlySpan<byte> Label => "PARLEY-SESSION-NAMES-V1\0"u8;

    private readonly byte[] _bound;

    /// <exception cref="ArgumentException">A name that breaks the name rules (docs/protocol.md §5).</exception>
    public SessionNames(string sender, string recipient)
    {
        Sender = Canonical(sender, nameof(sender));
        Recipient = Canonical(recipient, nameof(recipient));
        var senderBytes = Encoding.UTF8.GetBytes(Sender);
        var recipientBytes = Encoding.UTF8.GetBytes(Recipient);
        _bound = new byte[Label.Length + 4 + senderBytes.Length + 4 + recipientBytes.Length];
        var rest = _bound.AsSpan();
        Label.CopyTo(rest);
        rest = rest[Label.Length..];
        rest = WriteField(rest, senderBytes);
        WriteField(rest, recipientBytes);
    }

    /// <summary>The sender's name as bound: its NFC spelling up to case.</summary>
    public string Sender { get; }

    /// <summary>The recipient's name as bound: its NFC spelling up to case.</summary>
    public string Recipient { get; }

    /// <summary>
    /// What the message's associated data ends with:
    /// "PARLEY-SESSION-NAMES-V1" 0x00 | uint32be len | sender UTF-8 | uint32be len | recipient UTF-8.
    /// </summary>
    public ReadOnlySpan<byte> Bound => _bound;

    private static string Canonical(string name, string parameter)
    {
        if (!NameRules.TryNormalize(name, out var normalized, out var error))
        {
            throw new ArgumentException($"'{name}' is not a valid name: {error}", parameter);
        }

        return NameRules.CaseFoldKey(normalized);
    }

    private static Span<byte> WriteField(Span<byte> rest, byte[] value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(rest, (uint)value.Length);
        value.CopyTo(rest[4..]);
        return rest[(4 + value.Length)..];
    }
}
